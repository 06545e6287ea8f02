import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { calendarDateSchema } from '@app/common';

/** A report period's dates: the product holds nothing outside this century. */
export const calendarDate = calendarDateSchema('2000-01-01', '2099-12-31');

export const ReportQuerySchema = z.strictObject({ from: calendarDate, to: calendarDate });
export class ReportQueryDto extends createZodDto(ReportQuerySchema) {}

export const ReportSettingsSchema = z.strictObject({
  /** What one week of an external locum (hyrläkare) costs the region, in SEK; null removes it. */
  externalLocumWeeklyCost: z.number().min(0).max(9_999_999_999).nullable(),
});
export class ReportSettingsDto extends createZodDto(ReportSettingsSchema) {}
