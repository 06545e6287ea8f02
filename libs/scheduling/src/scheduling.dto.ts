import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { parseClinicTime } from '@app/common';

/** ISO time with offset, or Stockholm wall-clock time without one. */
export const clinicTime = z.string().transform((text, ctx) => {
  const t = parseClinicTime(text);
  if (!t) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time (with an offset, or Stockholm local time without one) that exists' });
    return z.NEVER;
  }
  return t;
});

export const CreateSessionSchema = z
  .strictObject({
    specialistId: z.uuid(),
    healthCentreId: z.uuid(),
    start: clinicTime,
    end: clinicTime,
    slotMinutes: z.number().int().min(5).max(240),
    mode: z.enum(['remote', 'onsite']),
    roomId: z.uuid().optional(),
    nurseId: z.uuid().optional(),
  })
  .refine((s) => s.end.getTime() > s.start.getTime(), { path: ['end'], message: 'must be after start' })
  .refine((s) => s.end.getTime() - s.start.getTime() <= 12 * 3600_000, { path: ['end'], message: 'a session lasts at most 12 hours' })
  .refine((s) => s.end.getTime() - s.start.getTime() >= s.slotMinutes * 60_000, { path: ['slotMinutes'], message: 'longer than the session' });
export class CreateSessionDto extends createZodDto(CreateSessionSchema) {}

export const ListSessionsSchema = z.strictObject({
  from: clinicTime.optional(),
  to: clinicTime.optional(),
  specialistId: z.uuid().optional(),
  healthCentreId: z.uuid().optional(),
});
export class ListSessionsDto extends createZodDto(ListSessionsSchema) {}

export const CalendarQuerySchema = z.strictObject({ specialistId: z.uuid().optional(), healthCentreId: z.uuid().optional() });
export class CalendarQueryDto extends createZodDto(CalendarQuerySchema) {}

export const CancelSchema = z.strictObject({ reason: z.string().trim().min(3).max(2000) });
export class CancelDto extends createZodDto(CancelSchema) {}

export const OptionalReasonSchema = z.strictObject({ reason: z.string().trim().max(2000).optional() });
export class OptionalReasonDto extends createZodDto(OptionalReasonSchema) {}

export const ListSlotsSchema = z.strictObject({
  healthCentreId: z.uuid().optional(),
  from: clinicTime.optional(),
  to: clinicTime.optional(),
  free: z.enum(['true', 'false']).optional(),
});
export class ListSlotsDto extends createZodDto(ListSlotsSchema) {}

export const CreateBookingSchema = z.strictObject({ caseId: z.uuid(), slotId: z.uuid() });
export class CreateBookingDto extends createZodDto(CreateBookingSchema) {}

export const RescheduleSchema = z.strictObject({ slotId: z.uuid() });
export class RescheduleDto extends createZodDto(RescheduleSchema) {}

export const NeighbourSchema = z.strictObject({ healthCentreId: z.uuid(), roadKm: z.number().positive().max(2000) });
export class NeighbourDto extends createZodDto(NeighbourSchema) {}

export const CreateRoomSchema = z.strictObject({ name: z.string().trim().min(1).max(100) });
export class CreateRoomDto extends createZodDto(CreateRoomSchema) {}

export const AutoScheduleSchema = z
  .strictObject({
    pathwayKey: z.string().min(1).max(100),
    from: clinicTime,
    to: clinicTime,
    dryRun: z.boolean().default(false),
  })
  .refine((s) => s.to.getTime() > s.from.getTime(), { path: ['to'], message: 'must be after from' });
export class AutoScheduleDto extends createZodDto(AutoScheduleSchema) {}
