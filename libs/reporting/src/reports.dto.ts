import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const FIRST_DATE = '2000-01-01';
const LAST_DATE = '2099-12-31';

/** A calendar date, YYYY-MM-DD, that exists, in this century. */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a date that exists')
  // Years such as 0000 or 0001 are real to JavaScript but not to PostgreSQL's time zone arithmetic (a 500);
  // the product holds nothing outside this century.
  .refine((s) => s >= FIRST_DATE && s <= LAST_DATE, `must be between ${FIRST_DATE} and ${LAST_DATE}`);

export const ReportQuerySchema = z.strictObject({ from: calendarDate, to: calendarDate });
export class ReportQueryDto extends createZodDto(ReportQuerySchema) {}

export const ReportSettingsSchema = z.strictObject({
  /** What one week of an external locum (hyrläkare) costs the region, in SEK; null removes it. */
  externalLocumWeeklyCost: z.number().min(0).max(9_999_999_999).nullable(),
});
export class ReportSettingsDto extends createZodDto(ReportSettingsSchema) {}
