import { COMMON_PASSWORDS_TEXT } from './common-passwords';

/** Pure password rules, shared by user creation and the users' own password change. */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1000;

/** Swedish words people build passwords from, beside the international list. */
const SWEDISH = [
  'lösenord',
  'losenord',
  'sommar',
  'vinter',
  'hösten',
  'hosten',
  'våren',
  'varen',
  'hejsan',
  'hemligt',
  'sverige',
  'jämtland',
  'jamtland',
  'härjedalen',
  'vårdcentral',
  'hälsocentral',
  'halsocentral',
  'sjukhus',
  'ledtriage',
  'välkommen',
  'valkommen',
];

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set([...COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean), ...SWEDISH]);
  return common;
}

/** Runs people type: alphabet, digits, Swedish keyboard rows and columns; a password inside one (either way) is a sequence. */
const RUNS = [
  'abcdefghijklmnopqrstuvwxyzåäö',
  '01234567890123456789',
  'qwertyuiopåasdfghjklöäzxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0pö',
];
const RUNS_BOTH_WAYS = [...RUNS, ...RUNS.map((r) => [...r].reverse().join(''))].map((r) => r + r);

export interface PasswordProblem {
  code: 'too_short' | 'too_long' | 'one_character' | 'sequence' | 'repeated_pattern' | 'contains_username' | 'common';
  en: string;
  sv: string;
}

const problem = (code: PasswordProblem['code'], en: string, sv: string): PasswordProblem => ({ code, en, sv });

/** Every rule the password breaks (empty when it is acceptable). */
export function passwordProblems(password: string, username?: string): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) {
    out.push(problem('too_short', `must be at least ${MIN_PASSWORD_LENGTH} characters`, `måste vara minst ${MIN_PASSWORD_LENGTH} tecken`));
  }
  if (chars.length > MAX_PASSWORD_LENGTH) {
    out.push(problem('too_long', `must be at most ${MAX_PASSWORD_LENGTH} characters`, `får vara högst ${MAX_PASSWORD_LENGTH} tecken`));
  }
  const lower = password.toLowerCase();
  const compact = lower.replace(/[\s_.-]/g, '');
  if (new Set(chars).size === 1) {
    out.push(problem('one_character', 'must not be one character repeated', 'får inte vara ett och samma tecken upprepat'));
  } else if (compact.length >= 3 && RUNS_BOTH_WAYS.some((run) => run.includes(compact))) {
    const en = 'must not be a sequence such as abcdef or 123456 or a keyboard row';
    out.push(problem('sequence', en, 'får inte vara en följd som abcdef, 123456 eller en tangentrad'));
  } else if (/^(.{1,4}?)\1+$/su.test(compact)) {
    out.push(problem('repeated_pattern', 'must not be a short pattern repeated', 'får inte vara ett kort mönster som upprepas'));
  }
  const user = username?.trim().toLowerCase();
  if (user && user.length >= 3 && (lower.includes(user) || compact.includes(user.replace(/[\s_.-]/g, '')))) {
    out.push(problem('contains_username', 'must not contain the username', 'får inte innehålla användarnamnet'));
  }
  // The list's words with digits and signs around them ("Sommar2024!") are as guessable as the words.
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const list = commonPasswords();
  if (list.has(lower) || list.has(compact) || (core.length > 0 && list.has(core))) {
    out.push(problem('common', 'is one of the most common passwords', 'är ett av de vanligaste lösenorden'));
  }
  return out;
}
