/**
 * Swedish personal identity numbers (personnummer, Skatteverket SKV 704) and coordination numbers
 * (samordningsnummer, SKV 707: day of birth + 60). Pure: shared by the api and the web form.
 */

export type PersonnummerProblem = 'format' | 'date' | 'check_digit' | 'serial' | 'future' | 'too_old';

/** The earliest birth year taken: nobody alive was born before it, and year 0000 is no date at all. */
export const EARLIEST_BIRTH_YEAR = 1880;

export interface ParsedPersonnummer {
  /** Normalised `YYYYMMDDNNNN`, as stored. */
  normalized: string;
  birthDate: { year: number; month: number; day: number };
  isCoordinationNumber: boolean;
  /** Legal sex from the second-to-last digit: odd male, even female. */
  sex: 'male' | 'female';
}

export type PersonnummerResult =
  { ok: true; value: ParsedPersonnummer } | { ok: false; problem: PersonnummerProblem; message: { sv: string; en: string } };

const MESSAGES: Record<PersonnummerProblem, { sv: string; en: string }> = {
  format: {
    sv: 'Ange personnumret som ÅÅÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN, ÅÅMMDD-NNNN eller ÅÅMMDD+NNNN.',
    en: 'Enter the personal identity number as YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN or YYMMDD+NNNN.',
  },
  date: { sv: 'Födelsedatumet i numret finns inte i kalendern.', en: 'The date of birth in the number is not a real date.' },
  check_digit: { sv: 'Kontrollsiffran stämmer inte.', en: 'The check digit is wrong.' },
  serial: { sv: 'Födelsenumret 000 delas aldrig ut.', en: 'The birth number 000 is never issued.' },
  future: { sv: 'Födelsedatumet ligger i framtiden.', en: 'The date of birth is in the future.' },
  too_old: {
    sv: `Födelseåret måste vara ${EARLIEST_BIRTH_YEAR} eller senare.`,
    en: `The year of birth must be ${EARLIEST_BIRTH_YEAR} or later.`,
  },
};

const PATTERN = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;

/** Luhn over the ten digits YYMMDDNNN + check digit. */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let d = nineDigits.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function fail(problem: PersonnummerProblem): PersonnummerResult {
  return { ok: false, problem, message: MESSAGES[problem] };
}

/**
 * Parses and validates a personnummer. Ten-digit forms take their century from the separator:
 * `-` means the most recent century in which the person is under 100 at `today`, `+` means 100 or older.
 */
export function parsePersonnummer(input: string, today: Date = new Date()): PersonnummerResult {
  const match = PATTERN.exec(input.trim());
  if (!match) return fail('format');
  const [, century, yy, mm, dd, separator, serial, check] = match as unknown as string[];
  if (century !== undefined && separator === '+') return fail('format');
  const month = Number(mm);
  let day = Number(dd);
  const isCoordinationNumber = day > 60;
  if (isCoordinationNumber) day -= 60;

  let year: number;
  if (century !== undefined) {
    year = Number(century + yy);
  } else {
    const currentYear = today.getUTCFullYear();
    year = Math.floor(currentYear / 100) * 100 + Number(yy);
    const birthdayThisYearPassed = today.getUTCMonth() + 1 > month || (today.getUTCMonth() + 1 === month && today.getUTCDate() >= day);
    // Latest year not after today.
    if (year > currentYear || (year === currentYear && !birthdayThisYearPassed)) year -= 100;
    if (separator === '+') year -= 100;
  }
  // Before the calendar check: Date.UTC maps years 0-99 to 1900-1999, so 0000-02-29 would pass it.
  if (year < EARLIEST_BIRTH_YEAR) return fail(isRealDate(year + 2000, month, day) ? 'too_old' : 'date');
  if (!isRealDate(year, month, day)) return fail('date');
  const birth = Date.UTC(year, month - 1, day);
  if (birth > Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) return fail('future');
  if (luhnCheckDigit(`${yy}${mm}${dd}${serial}`) !== Number(check)) return fail('check_digit');
  // Skatteverket never issues serial 000 (the reference implementation refuses it too).
  if (serial === '000') return fail('serial');

  const normalized = `${String(year).padStart(4, '0')}${mm}${dd}${serial}${check}`;
  return {
    ok: true,
    value: {
      normalized,
      birthDate: { year, month, day },
      isCoordinationNumber,
      sex: Number(serial![2]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/** Whole years of age at `at` (UTC calendar), from a parsed birth date. */
export function ageInYears(birthDate: { year: number; month: number; day: number }, at: Date = new Date()): number {
  let age = at.getUTCFullYear() - birthDate.year;
  const m = at.getUTCMonth() + 1;
  if (m < birthDate.month || (m === birthDate.month && at.getUTCDate() < birthDate.day)) age -= 1;
  return age;
}

/** `YYYYMMDD-NNNN`, the way Swedish care staff read it. */
export function formatPersonnummer(normalized: string): string {
  return `${normalized.slice(0, 8)}-${normalized.slice(8)}`;
}
