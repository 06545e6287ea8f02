import { ageInYears, formatPersonnummer, luhnCheckDigit, parsePersonnummer } from './personnummer';

const today = new Date('2026-11-25T12:00:00Z');

describe('parsePersonnummer', () => {
  it.each([
    ['19121212-1212', '191212121212'],
    ['191212121212', '191212121212'],
    ['121212-1212', '201212121212'],
    ['121212+1212', '191212121212'],
    ['811218-9876', '198112189876'],
  ])('accepts %s as %s', (input, normalized) => {
    const result = parsePersonnummer(input, today);
    expect(result).toMatchObject({ ok: true, value: { normalized } });
  });

  it('accepts a leap day in a leap year and refuses it otherwise', () => {
    const serial = '238';
    const leap = `200002 29${serial}`.replace(' ', '');
    const good = `${leap}${luhnCheckDigit(leap.slice(2))}`;
    expect(parsePersonnummer(good, today)).toMatchObject({ ok: true, value: { birthDate: { year: 2000, month: 2, day: 29 } } });
    const notLeap = `19000229${serial}`;
    const bad = `${notLeap}${luhnCheckDigit(notLeap.slice(2))}`;
    expect(parsePersonnummer(bad, today)).toMatchObject({ ok: false, problem: 'date' });
  });

  it('takes the century from + (100 years or older)', () => {
    const plus = parsePersonnummer('121212+1212', today);
    expect(plus.ok && plus.value.birthDate.year).toBe(1912);
    const dash = parsePersonnummer('121212-1212', today);
    expect(dash.ok && dash.value.birthDate.year).toBe(2012);
  });

  it('puts a ten-digit number whose birthday is later this year in the last century', () => {
    const d = '261231123';
    const result = parsePersonnummer(`${d.slice(0, 6)}-${d.slice(6)}${luhnCheckDigit(d)}`, today);
    expect(result.ok && result.value.birthDate.year).toBe(1926);
  });

  it('accepts a samordningsnummer (day + 60) and reports it', () => {
    const d = '701063238';
    const result = parsePersonnummer(`19${d}${luhnCheckDigit(d)}`, today);
    expect(result).toMatchObject({ ok: true, value: { isCoordinationNumber: true, birthDate: { year: 1970, month: 10, day: 3 } } });
  });

  it('refuses a wrong check digit, an impossible date, a future date and malformed text', () => {
    expect(parsePersonnummer('19121212-1213', today)).toMatchObject({ ok: false, problem: 'check_digit' });
    expect(parsePersonnummer('19121312-1212', today)).toMatchObject({ ok: false, problem: 'date' });
    const d = '301212123';
    expect(parsePersonnummer(`20${d}${luhnCheckDigit(d)}`, today)).toMatchObject({ ok: false, problem: 'future' });
    for (const bad of ['', 'abc', '1212121212121', '19121212+1212', '1912-12-12-1212']) {
      expect(parsePersonnummer(bad, today)).toMatchObject({ ok: false, problem: 'format' });
    }
  });

  it('gives messages in Swedish and English', () => {
    const result = parsePersonnummer('19121212-1213', today);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.sv).toMatch(/Kontrollsiffran/);
  });
});

describe('ageInYears and formatPersonnummer', () => {
  it('counts whole years and formats with a dash', () => {
    expect(ageInYears({ year: 1976, month: 11, day: 26 }, today)).toBe(49);
    expect(ageInYears({ year: 1976, month: 11, day: 25 }, today)).toBe(50);
    expect(formatPersonnummer('191212121212')).toBe('19121212-1212');
  });
});
