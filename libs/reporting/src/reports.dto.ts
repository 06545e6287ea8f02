import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { calendarDateSchema } from '@app/common';
import { CSV_STYLES } from './csv';

/** A report period's dates: the product holds nothing outside this century. */
export const calendarDate = calendarDateSchema('2000-01-01', '2099-12-31');

/** `csvStyle` picks the CSV dialect when CSV is asked for: `excel-sv` is semicolons and decimal commas (Swedish Excel). */
export const csvStyle = z.enum(CSV_STYLES).optional();
export const ReportQuerySchema = z.strictObject({ from: calendarDate, to: calendarDate, csvStyle });
export class ReportQueryDto extends createZodDto(ReportQuerySchema) {}

export const ReportSettingsSchema = z.strictObject({
  /** What one week of an external locum (hyrläkare) costs the region, in SEK; null removes it. */
  externalLocumWeeklyCost: z.number().min(0).max(9_999_999_999).nullable(),
});
export class ReportSettingsDto extends createZodDto(ReportSettingsSchema) {}
