import { z } from 'zod';

/**
 * A calendar date as YYYY-MM-DD that exists and lies in [first, last]. The bounds matter: years such as
 * 0000 or 0001 are real to JavaScript but not to PostgreSQL's time zone arithmetic (a 500 before #15.9),
 * and the product holds nothing from before 2000.
 */
export function calendarDateSchema(first = '2000-01-01', last = '2999-12-31') {
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, 'must be a date that exists')
    .refine((s) => s >= first && s <= last, `must lie between ${first} and ${last}`);
}
