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
