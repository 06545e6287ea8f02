import type { FieldIssue, Question } from './types';

/** Why an answer is refused, or null: built only for a refused answer (the valid path allocates nothing). */
export type Check = (value: unknown) => Omit<FieldIssue, 'field'> | null;

/** The check of one question's answer by its type: range, whole number, allowed option, length. */
export function typeCheck(q: Question): Check {
  const range = (v: number): Omit<FieldIssue, 'field'> | null =>
    q.min !== undefined && v < q.min
      ? { reason: `must be at least ${q.min}`, code: 'too_small', params: { limit: q.min } }
      : q.max !== undefined && v > q.max
        ? { reason: `must be at most ${q.max}`, code: 'too_big', params: { limit: q.max } }
        : null;
  switch (q.type) {
    case 'integer':
      return (v) => (typeof v !== 'number' || !Number.isInteger(v) ? { reason: 'must be a whole number', code: 'not_integer' } : range(v));
    case 'decimal':
      return (v) =>
        typeof v !== 'number' || !Number.isFinite(v)
          ? { reason: 'must be a number', code: 'invalid_type', params: { expected: 'number' } }
          : range(v);
    case 'boolean':
      return (v) =>
        typeof v !== 'boolean' ? { reason: 'must be true or false', code: 'invalid_type', params: { expected: 'boolean' } } : null;
    case 'choice': {
      const allowed = new Set((q.options ?? []).map((o) => o.value));
      const list = [...allowed].join(', ');
      return (v) =>
        typeof v !== 'string' || !allowed.has(v)
          ? { reason: `must be one of: ${list}`, code: 'not_in_options', params: { values: list } }
          : null;
    }
    case 'text': {
      const max = q.maxLength ?? 2000;
      return (v): Omit<FieldIssue, 'field'> | null =>
        typeof v !== 'string'
          ? { reason: 'must be text', code: 'invalid_type', params: { expected: 'string' } }
          : v.length > max
            ? { reason: `must be at most ${max} characters`, code: 'too_long', params: { limit: max } }
            : null;
    }
  }
}

// Numeric kinds: the hot switch compares small integers, not strings.
const BOOLEAN = 0;
const INTEGER = 1;
const DECIMAL = 2;
const CHOICE = 3;
const TEXT = 4;
const KIND = { boolean: BOOLEAN, integer: INTEGER, decimal: DECIMAL, choice: CHOICE, text: TEXT } as const;

/** A question's answer type, flattened at compile time so the hot path tests it without a call. */
export interface AnswerShape {
  kind: (typeof KIND)[keyof typeof KIND];
  /** integer and decimal: inclusive bounds (infinite when not given). */
  min: number;
  max: number;
  /** choice: the allowed values. */
  options: ReadonlySet<string> | null;
  /** text: at most this many characters. */
  maxLength: number;
}

export function answerShape(q: Question): AnswerShape {
  return {
    kind: KIND[q.type],
    min: q.min === undefined ? -Infinity : q.min,
    max: q.max === undefined ? Infinity : q.max,
    options: q.type === 'choice' ? new Set((q.options ?? []).map((o) => o.value)) : null,
    maxLength: q.maxLength ?? 2000,
  };
}

/** Exactly `typeCheck(q)(v) === null`, without a closure call or an allocation. */
export function answerIsValid(s: AnswerShape, v: unknown): boolean {
  switch (s.kind) {
    case BOOLEAN:
      return typeof v === 'boolean';
    case INTEGER:
      return typeof v === 'number' && Number.isInteger(v) && !(v < s.min) && !(v > s.max);
    case DECIMAL:
      return typeof v === 'number' && Number.isFinite(v) && !(v < s.min) && !(v > s.max);
    case CHOICE:
      return typeof v === 'string' && s.options!.has(v);
    default:
      return typeof v === 'string' && v.length <= s.maxLength;
  }
}
