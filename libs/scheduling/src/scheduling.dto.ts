import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { parseClinicTime } from '@app/common';

/**
 * The times a clinic plans in. JavaScript reaches year 275760 and has a year 0000, PostgreSQL has
 * neither: without a bound such times answered 500 (#15.9).
 */
export const EARLIEST_CLINIC_TIME = new Date(Date.UTC(1900, 0, 1));
export const LATEST_CLINIC_TIME = new Date(Date.UTC(2999, 11, 31));
/** The longest span one list of sessions or slots covers (#15.7): a year and a day, for a year's calendar. */
export const MAX_LIST_DAYS = 366;

/** ISO time with offset, or Stockholm wall-clock time without one. */
export const clinicTime = z.string().transform((text, ctx) => {
  const outOfRange = () => {
    ctx.addIssue({ code: 'custom', message: 'must lie between 1900-01-01 and 2999-12-31' });
    return z.NEVER;
  };
  // The year as written first, so a year such as 0001 is named as out of range rather than as no time at all.
  if (/^\d{4}-/.test(text) && !(Number(text.slice(0, 4)) >= 1900 && Number(text.slice(0, 4)) <= 2999)) return outOfRange();
  const t = parseClinicTime(text);
  if (!t) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time (with an offset, or Stockholm local time without one) that exists' });
    return z.NEVER;
  }
  if (t < EARLIEST_CLINIC_TIME || t > LATEST_CLINIC_TIME) return outOfRange();
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
  .refine((s) => s.end.getTime() - s.start.getTime() >= s.slotMinutes * 60_000, {
    path: ['slotMinutes'],
    message: 'longer than the session',
  });
export class CreateSessionDto extends createZodDto(CreateSessionSchema) {}

/** A list's [from, to): `to` after `from`, at most MAX_LIST_DAYS apart (either may be left out). */
function boundedRange<T extends { from?: Date; to?: Date }>(schema: z.ZodType<T>) {
  return schema
    .refine((q) => !q.from || !q.to || q.to.getTime() > q.from.getTime(), { path: ['to'], message: 'must be after from' })
    .refine((q) => !q.from || !q.to || q.to.getTime() - q.from.getTime() <= MAX_LIST_DAYS * 86_400_000, {
      path: ['to'],
      message: `must be at most ${MAX_LIST_DAYS} days after from`,
    });
}

export const ListSessionsSchema = boundedRange(
  z.strictObject({
    from: clinicTime.optional(),
    to: clinicTime.optional(),
    specialistId: z.uuid().optional(),
    healthCentreId: z.uuid().optional(),
  }),
);
export class ListSessionsDto extends createZodDto(ListSessionsSchema) {}

export const CalendarQuerySchema = z.strictObject({ specialistId: z.uuid().optional(), healthCentreId: z.uuid().optional() });
export class CalendarQueryDto extends createZodDto(CalendarQuerySchema) {}

export const CancelSchema = z.strictObject({ reason: z.string().trim().min(3).max(2000) });
export class CancelDto extends createZodDto(CancelSchema) {}

export const OptionalReasonSchema = z.strictObject({ reason: z.string().trim().max(2000).optional() });
export class OptionalReasonDto extends createZodDto(OptionalReasonSchema) {}

export const ListSlotsSchema = boundedRange(
  z.strictObject({
    healthCentreId: z.uuid().optional(),
    from: clinicTime.optional(),
    to: clinicTime.optional(),
    free: z.enum(['true', 'false']).optional(),
    /** Only times with a specialist of this pathway's specialty. */
    pathwayKey: z.string().min(1).max(100).optional(),
  }),
);
export class ListSlotsDto extends createZodDto(ListSlotsSchema) {}

export const CreateBookingSchema = z.strictObject({ caseId: z.uuid(), slotId: z.uuid() });
export class CreateBookingDto extends createZodDto(CreateBookingSchema) {}

export const RescheduleSchema = z.strictObject({ slotId: z.uuid() });
export class RescheduleDto extends createZodDto(RescheduleSchema) {}

// Stored as numeric(6,1) > 0: less than 0.1 km would round to 0 and break the check (a 500 before #15.9).
export const NeighbourSchema = z.strictObject({ healthCentreId: z.uuid(), roadKm: z.number().min(0.1).max(2000) });
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
