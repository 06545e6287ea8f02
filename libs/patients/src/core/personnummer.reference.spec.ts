import fc from 'fast-check';
import Personnummer from 'personnummer';
import { EARLIEST_BIRTH_YEAR, luhnCheckDigit, parsePersonnummer } from './personnummer';

/**
 * The validator against the public reference implementation (the `personnummer` npm package, a dev
 * dependency used only here) on a large generated set. Deliberate differences, each checked below:
 * - a birth date before 1880-01-01 or after today is refused (the reference takes any real date);
 * - a ten-digit number's century: `-` gives the latest birth date not after today, `+` the latest at
 *   which the person is 100 or older; the reference looks at the year alone, so a birthday later this
 *   year lands in the future (`-`) or at age 99 (`+`);
 * - a twelve-digit number with `+` is refused as contradictory (the reference ignores the sign);
 * - interim numbers (a letter in the serial) are refused, as by the reference's defaults.
 */
const FIXED_TODAY = new Date();

const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));

/** Mostly well-formed numbers near the edges (year 0000, serial 000, day 60/61, 29 February), some with a wrong check digit. */
const candidate = fc
  .record({
    century: fc.constantFrom('', '', '00', '17', '18', '18', '19', '19', '20', '20', '21'),
    yy: fc.oneof(digits(2, 99), fc.constantFrom('00', '80', '79', String(FIXED_TODAY.getFullYear() % 100).padStart(2, '0'))),
    mm: fc.oneof(digits(2, 13), fc.constantFrom('02', '12')),
    dd: fc.oneof(digits(2, 32), fc.integer({ min: 59, max: 92 }).map(String), fc.constantFrom('29', '28', '31')),
    sep: fc.constantFrom('', '-', '-', '+'),
    serial: fc.oneof(digits(3, 999), fc.constant('000')),
    checkOffset: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 9 })),
  })
  .map(({ century, yy, mm, dd, sep, serial, checkOffset }) => {
    const check = (luhnCheckDigit(`${yy}${mm}${dd}${serial}`) + checkOffset) % 10;
    return `${century}${yy}${mm}${dd}${sep}${serial}${check}`;
  });

function referenceOf(pin: string): Personnummer | null {
  try {
    return Personnummer.parse(pin);
  } catch {
    return null;
  }
}

const startOfToday = Date.UTC(FIXED_TODAY.getFullYear(), FIXED_TODAY.getMonth(), FIXED_TODAY.getDate());

describe('#15.6: parsePersonnummer against the personnummer reference implementation', () => {
  it('#15.6: agrees on 100 000 generated numbers, except for the documented differences', () => {
    let agreedValid = 0;
    let differences = 0;
    fc.assert(
      fc.property(candidate, (pin) => {
        // The reference reads `today` from the local clock; so does this comparison (local calendar date as UTC).
        const ours = parsePersonnummer(pin, new Date(startOfToday));
        const ref = referenceOf(pin);
        const twelveDigitPlus = pin.length === 13 && pin[8] === '+';
        if (!ref) {
          // Everything the reference refuses, we refuse.
          expect(ours.ok).toBe(false);
          return;
        }
        let year = Number(ref.fullYear);
        const month = Number(ref.month);
        const day = Number(ref.day) > 60 ? Number(ref.day) - 60 : Number(ref.day);
        if (pin.length <= 11) {
          const sep = pin.length === 11 ? pin[6] : '-';
          const laterThisYear = Date.UTC(year, month - 1, day) > Date.UTC(year, FIXED_TODAY.getMonth(), FIXED_TODAY.getDate());
          if (laterThisYear && year % 100 === FIXED_TODAY.getFullYear() % 100) {
            year -= 100;
          }
          if (sep === '+') expect(FIXED_TODAY.getFullYear() - year).toBeGreaterThanOrEqual(100);
        }
        const birth = Date.UTC(year, month - 1, day);
        const inRange = year >= EARLIEST_BIRTH_YEAR && birth <= startOfToday;
        if (twelveDigitPlus || !inRange) {
          expect(ours.ok).toBe(false);
          if (!ours.ok) expect(ours.problem).toBe(twelveDigitPlus ? 'format' : year < EARLIEST_BIRTH_YEAR ? 'too_old' : 'future');
          differences++;
          return;
        }
        expect(ours).toMatchObject({ ok: true });
        if (!ours.ok) return;
        expect(ours.value.normalized).toBe(`${year}${ref.month}${ref.day}${ref.num}${ref.check}`);
        expect(ours.value.isCoordinationNumber).toBe(ref.isCoordinationNumber());
        expect(ours.value.sex).toBe(ref.isMale() ? 'male' : 'female');
        agreedValid++;
      }),
      { numRuns: 100_000, seed: 15_6 },
    );
    // The generator must exercise both sides, or the agreement says nothing.
    expect(agreedValid).toBeGreaterThan(10_000);
    expect(differences).toBeGreaterThan(1_000);
  });

  it('#15.6: refuses birth year 0000 (a 500 before) and serial 000, with their own reasons', () => {
    const zeroYear = `00000101238${luhnCheckDigit('000101238')}`;
    expect(parsePersonnummer(zeroYear)).toMatchObject({ ok: false, problem: 'too_old' });
    expect(parsePersonnummer(`00000229238${luhnCheckDigit('000229238')}`)).toMatchObject({ ok: false, problem: 'too_old' });
    expect(parsePersonnummer(`00000230238${luhnCheckDigit('000230238')}`)).toMatchObject({ ok: false, problem: 'date' });
    const serial000 = `19700101000${luhnCheckDigit('700101000')}`;
    expect(Personnummer.valid(serial000)).toBe(false);
    expect(parsePersonnummer(serial000)).toMatchObject({ ok: false, problem: 'serial', message: { sv: expect.stringMatching(/000/) } });
    expect(parsePersonnummer(`18791231238${luhnCheckDigit('791231238')}`)).toMatchObject({ ok: false, problem: 'too_old' });
    expect(parsePersonnummer(`18800101238${luhnCheckDigit('800101238')}`)).toMatchObject({ ok: true });
  });
});
