import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';

/**
 * The scheduling routes' answers (issue 16 #5): the OpenAPI document's schemas, the web's generated types and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */

const Ref = z.object({ id: z.guid(), name: z.string() });
const SessionMode = z.enum(['remote', 'onsite']);
/** A time in Stockholm as the screens show it, `YYYY-MM-DD HH:mm`. */
const LocalTime = z.string();

// ---- Centre facilities: video rooms and neighbours.

export const VideoRoomSchema = z.object({ id: z.guid(), name: z.string(), active: z.boolean() }).meta({ id: 'VideoRoom' });
export class VideoRoomResponse extends createZodDto(VideoRoomSchema) {}

/** A neighbouring centre and the road distance to it. */
export const NeighbourSchema = z.object({ healthCentreId: z.guid(), name: z.string(), roadKm: z.number() }).meta({ id: 'Neighbour' });
export class NeighbourResponse extends createZodDto(NeighbourSchema) {}

// ---- Slots, sessions and the calendar.

const slotFields = {
  id: z.guid(),
  sessionId: z.guid(),
  start: timestamp,
  end: timestamp,
  startLocal: LocalTime,
  healthCentreId: z.guid(),
  mode: SessionMode,
  specialist: z.object({ id: z.guid(), displayName: z.string() }),
  booked: z.boolean(),
};

export const SlotSchema = z.object(slotFields).meta({ id: 'Slot' });
export class SlotResponse extends createZodDto(SlotSchema) {}

/** A slot of a session; in the calendar (GET /clinic-sessions) a booked one names its booking and patient. */
const SessionSlot = z.object({
  ...slotFields,
  booking: z
    .object({
      id: z.guid(),
      caseId: z.guid(),
      visitId: z.guid(),
      visitStatus: z.string(),
      category: z.string(),
      patient: Ref,
    })
    .optional(),
});

const sessionFields = {
  id: z.guid(),
  specialist: z.object({ id: z.guid(), displayName: z.string() }),
  healthCentre: Ref,
  room: Ref,
  nurseId: z.guid().nullable(),
  mode: SessionMode,
  start: timestamp,
  end: timestamp,
  startLocal: LocalTime,
  endLocal: LocalTime,
  slotMinutes: z.number().int(),
  status: z.enum(['planned', 'cancelled']),
  cancelReason: z.string().nullable(),
  slots: z.array(SessionSlot),
};

/** A clinic session with its slots. */
export const ClinicSessionSchema = z.object(sessionFields).meta({ id: 'ClinicSession' });
export class ClinicSessionResponse extends createZodDto(ClinicSessionSchema) {}

/** A cancelled session, and the cases its bookings returned to the queue. */
export const CancelledClinicSessionSchema = z
  .object({ ...sessionFields, releasedCases: z.array(z.guid()) })
  .meta({ id: 'CancelledClinicSession' });
export class CancelledClinicSessionResponse extends createZodDto(CancelledClinicSessionSchema) {}

// ---- Bookings.

export const BookingSchema = z
  .object({
    id: z.guid(),
    visitId: z.guid(),
    caseId: z.guid(),
    slotId: z.guid(),
    start: timestamp,
    end: timestamp,
    startLocal: LocalTime,
    healthCentreId: z.guid(),
    status: z.enum(['active', 'cancelled']),
  })
  .meta({ id: 'Booking' });
export class BookingResponse extends createZodDto(BookingSchema) {}

/** A cancelled booking and the case that waits for a booking again. */
export const CancelledBookingSchema = z
  .object({ id: z.guid(), status: z.literal('cancelled'), caseId: z.guid() })
  .meta({ id: 'CancelledBooking' });
export class CancelledBookingResponse extends createZodDto(CancelledBookingSchema) {}

// ---- Automatic scheduling.

const SchedulingMetrics = z.object({
  assigned: z.number().int(),
  unassigned: z.number().int(),
  /** Cases seen after their due day, or not seen by the horizon although due by then. */
  overdue: z.number().int(),
  overdueByWeight: z.record(z.string(), z.number()),
  weightedLateness: z.number(),
  travelKm: z.number(),
  cost: z.number(),
});
/** Why a case got no slot: out of reach, an agreement's capacity, outranked, or (booking) its slot was taken meanwhile. */
const Unassigned = z.array(z.object({ caseId: z.guid(), reason: z.string() }));

/** The queue's cases in free slots: proposed (a dry run), or booked like manual bookings (with the booking and visit). */
export const AutoScheduleResultSchema = z
  .object({
    dryRun: z.boolean(),
    assignments: z.array(
      z.object({
        caseId: z.guid(),
        slotId: z.guid(),
        start: timestamp.optional(),
        /** Booked (not a dry run): the booking and its visit. */
        bookingId: z.guid().optional(),
        visitId: z.guid().optional(),
      }),
    ),
    unassigned: Unassigned,
    metrics: SchedulingMetrics,
  })
  .meta({ id: 'AutoScheduleResult' });
export class AutoScheduleResultResponse extends createZodDto(AutoScheduleResultSchema) {}

// ---- The calendar feed's secret URL.

const feedFields = { active: z.boolean(), createdAt: timestamp.nullable(), lastUsedAt: timestamp.nullable() };

/** Whether the caller has a feed URL (the URL itself is shown only when created). */
export const CalendarFeedInfoSchema = z.object(feedFields).meta({ id: 'CalendarFeedInfo' });
export class CalendarFeedInfoResponse extends createZodDto(CalendarFeedInfoSchema) {}

/** A new feed URL's path (prefix the api's origin): shown once, only its hash is kept. */
export const CalendarFeedCreatedSchema = z.object({ ...feedFields, path: z.string() }).meta({ id: 'CalendarFeedCreated' });
export class CalendarFeedCreatedResponse extends createZodDto(CalendarFeedCreatedSchema) {}

// ---- Notices that did not reach the patient.

export const UndeliveredNoticesSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        channel: z.string(),
        status: z.enum(['pending', 'failed']),
        attempts: z.number().int(),
        /** Why the last attempt failed (the gateway's status, a missing address, no contact details of the centre). */
        reason: z.string().nullable(),
        createdAt: timestamp,
        nextAttemptAt: timestamp.nullable(),
        healthCentreId: z.guid(),
        patient: Ref,
        visitId: z.guid().nullable(),
      }),
    ),
    /** Letters ready to print at the centres. */
    lettersToPrint: z.number().int(),
  })
  .meta({ id: 'UndeliveredNotices' });
export class UndeliveredNoticesResponse extends createZodDto(UndeliveredNoticesSchema) {}

// ---- The patient's link (no health data: the time, the place, what to bring).

const Text = z.object({ sv: z.string(), en: z.string() });

export const PatientLinkVisitSchema = z
  .object({
    state: z.enum(['scheduled', 'cancelled', 'over']),
    start: timestamp,
    end: timestamp,
    /** `torsdag 3 december kl. 10:00`, Stockholm time. */
    when: z.string(),
    startLocal: LocalTime,
    place: z.object({ name: z.string(), address: z.string().nullable(), phone: z.string().nullable() }),
    bring: z.array(Text),
    confirmedAt: timestamp.nullable(),
    wish: z.object({ message: z.string(), at: timestamp }).nullable(),
    /** Confirm, cancel and another time: while the visit is scheduled and has not started. */
    canChange: z.boolean(),
  })
  .meta({ id: 'PatientLinkVisit' });
export class PatientLinkVisitResponse extends createZodDto(PatientLinkVisitSchema) {}

/** A free time the patient may move her visit to. */
export const PatientLinkTimeSchema = z
  .object({ slotId: z.guid(), start: timestamp, when: z.string(), startLocal: LocalTime })
  .meta({ id: 'PatientLinkTime' });
export class PatientLinkTimeResponse extends createZodDto(PatientLinkTimeSchema) {}
