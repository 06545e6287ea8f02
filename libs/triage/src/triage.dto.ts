import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const SubmitTriageSchema = z.strictObject({
  patientId: z.uuid(),
  pathwayKey: z.string().min(1).max(100),
  answers: z.record(z.string(), z.unknown()),
});
export class SubmitTriageDto extends createZodDto(SubmitTriageSchema) {}

export const CASE_STATUSES = ['awaiting_booking', 'booked', 'redirected', 'completed', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const ListCasesSchema = z.strictObject({
  healthCentreId: z.uuid().optional(),
  status: z.enum(CASE_STATUSES).optional(),
  patientId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export class ListCasesDto extends createZodDto(ListCasesSchema) {}

export const QueueQuerySchema = z.strictObject({
  pathwayKey: z.string().min(1).max(100),
  healthCentreId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export class QueueQueryDto extends createZodDto(QueueQuerySchema) {}

export const WithdrawSchema = z.strictObject({ reason: z.string().trim().min(3).max(2000) });
export class WithdrawDto extends createZodDto(WithdrawSchema) {}

export const RetriageSchema = z.strictObject({
  category: z.string().min(1).max(100),
  reason: z.string().trim().min(3, 'a reason is required').max(2000),
});
export class RetriageDto extends createZodDto(RetriageSchema) {}
