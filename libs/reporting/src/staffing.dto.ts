import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const monthSchema = z
  .string()
  .regex(MONTH, 'must be a month as YYYY-MM')
  .refine((m) => m >= '2000-01' && m <= '2099-12', 'must lie between 2000-01 and 2099-12');

export const StaffingQuerySchema = z
  .strictObject({ from: monthSchema.optional(), to: monthSchema.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export class StaffingQueryDto extends createZodDto(StaffingQuerySchema) {}

/** One specialty's month as the region records it. Weeks and costs are what the month cost, not rates. */
export const StaffingMonthSchema = z.strictObject({
  /** The specialty's key (GET /specialties). */
  specialty: z.string().min(1).max(100),
  month: monthSchema,
  hiredDoctorWeeks: z.number().min(0).max(9999),
  /** In the currency (SEK unless named). */
  hiredDoctorCost: z.number().min(0).max(999_999_999_999),
  /** Internal locum weeks counted outside the product; null (or left out) leaves them to the planned on-site sessions. */
  internalLocumWeeks: z.number().min(0).max(9999).nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as SEK')
    .optional(),
});
export class StaffingMonthDto extends createZodDto(StaffingMonthSchema) {}

export const StaffingImportSchema = z.strictObject({
  /** The file's text: specialitet;månad;hyrläkarveckor;hyrläkarkostnad[;internstafettveckor], one row per specialty and month. */
  csv: z.string().min(1).max(1_000_000),
});
export class StaffingImportDto extends createZodDto(StaffingImportSchema) {}
