import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { crossRegionAudit, granted, outOfScope, ScopedAccess, sessionScopeSql, specialistServesSql } from '@app/audit';
import { ApiError, rowsOf } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AuditEntry, RequestContext } from '@app/identity';
import { RealtimeService } from '@app/realtime';
import { CaseMoved, markCaseBooked, releaseCase, TriageService } from '@app/triage';
import { enqueueVisitNotice, NoticeKind } from './notices';
import type { CreateBookingDto, ListSlotsDto } from './scheduling.dto';
import { bookingConflict, bookingView, lockBookableSlot } from './slot-booking';
import { BookingView, SLOT_SELECT, SlotRow, SlotView, toSlotView } from './slots';

/**
 * Free slots, and bookings of them: booking, cancelling, moving. The patient's link (patient-link.ts)
 * cancels and moves through the same functions, with her own audit rows.
 */
@Injectable()
export class BookingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ScopedAccess,
    private readonly triage: TriageService,
    private readonly realtime: RealtimeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listSlots(ctx: RequestContext, q: ListSlotsDto): Promise<SlotView[]> {
    const params: unknown[] = [];
    const where = [sessionScopeSql(ctx.actor, params), `cs.status = 'planned'`];
    if (q.healthCentreId) where.push(`s.health_centre_id = $${params.push(q.healthCentreId)}`);
    const from = q.from ?? new Date();
    where.push(`s.start_at >= $${params.push(from)}`);
    if (q.to) where.push(`s.start_at < $${params.push(q.to)}`);
    if (q.free === 'true') where.push(`b.id IS NULL AND s.start_at > now()`);
    if (q.pathwayKey) {
      // Only the times of specialists who serve the pathway's specialty (its version in force).
      const specialty = `(SELECT v.definition ->> 'specialty' FROM pathway_version v
                           WHERE v.pathway_key = $${params.push(q.pathwayKey)} AND v.status = 'published' ORDER BY v.version DESC LIMIT 1)`;
      where.push(specialistServesSql('cs.specialist_id', specialty));
    }
    const rows: SlotRow[] = await this.dataSource.query(
      `${SLOT_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.start_at LIMIT 500`,
      params,
    );
    return rows.map(toSlotView);
  }

  /** Of N concurrent requests for one slot exactly one wins: the slot row is locked and `booking_one_per_slot` is unique. */
  async book(ctx: RequestContext, dto: CreateBookingDto): Promise<BookingView> {
    const target = { action: 'create', resourceType: 'Booking', resourceId: dto.caseId, notFound: 'Triage case' } as const;
    let booked: { view: BookingView; announce: Parameters<TriageService['announce']>[0] };
    try {
      booked = await this.access.run(ctx, target, async (m) => {
        const c = await this.triage.findInScope(m, ctx, dto.caseId, true);
        if (!c) return outOfScope("case not found in the caller's scope");
        if (c.status !== 'awaiting_booking')
          throw ApiError.conflict(`The case is ${c.status}, not waiting for a booking`, { code: 'case_not_awaiting_booking' });
        const slot = await lockBookableSlot(m, ctx, dto.slotId, c);
        if (slot.booking_id) throw ApiError.conflict('The slot is already booked', { code: 'slot_taken' });
        const [booking] = await m.query(`INSERT INTO booking (slot_id, case_id, created_by) VALUES ($1, $2, $3) RETURNING id`, [
          slot.id,
          c.id,
          ctx.actor.userId,
        ]);
        await markCaseBooked(m, c.id);
        const [visit] = await m.query(
          `INSERT INTO visit (booking_id, case_id, health_centre_id, specialist_id, room_name) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          // The visit happens where the slot is: the patient's centre, or the neighbour she travels to.
          [booking.id, c.id, slot.health_centre_id, slot.specialist_id, `visit-${randomBytes(12).toString('hex')}`],
        );
        await this.notify(m, 'booked', visit.id);
        const cross = crossRegionAudit(ctx.actor, c);
        const announce = {
          id: c.id,
          status: 'booked' as const,
          healthCentreId: c.health_centre_id,
          pathwayKey: c.pathway_key,
          servingRegionId: c.serving_region_id,
        };
        return granted(
          { view: bookingView(booking.id, visit.id, c.id, slot, 'active'), announce },
          { resourceId: booking.id, patientId: c.patient_id, ...cross, detail: { slotId: slot.id, caseId: c.id, ...cross.detail } },
        );
      });
    } catch (e) {
      throw bookingConflict(e);
    }
    this.triage.announce(booked.announce, 'booked');
    return booked.view;
  }

  private async notify(m: EntityManager, kind: NoticeKind, visitId: string, previousStart?: Date) {
    await enqueueVisitNotice(m, kind, visitId, { publicBaseUrl: this.config.publicBaseUrl, previousStart });
  }

  /** A booking the caller may touch, locked, with its case (scope through the patient). */
  private async lockBooking(m: EntityManager, ctx: RequestContext, id: string) {
    const [b] = await m.query(
      `SELECT b.id, b.slot_id, b.case_id, b.status, v.id AS visit_id, v.status AS visit_status FROM booking b JOIN visit v ON v.booking_id = b.id
        WHERE b.id = $1 FOR UPDATE OF b`,
      [id],
    );
    if (!b) return null;
    const c = await this.triage.findInScope(m, ctx, b.case_id, true);
    if (!c) return null;
    return { booking: b as { id: string; slot_id: string; case_id: string; status: string; visit_id: string; visit_status: string }, c };
  }

  /**
   * Frees a booking's slot and returns its case to the queue at its rank. The audit row is the caller's to
   * write: a signed-in user's, or the patient's through her link (issue 22).
   */
  async releaseBooking(m: EntityManager, bookingId: string, reason: string): Promise<{ c: CaseMoved; audit: BookingAudit }> {
    const [b] = await rowsOf(
      m,
      `UPDATE booking SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2 WHERE id = $1 AND status = 'active' RETURNING slot_id, case_id`,
      [bookingId, reason],
    );
    const c = await releaseCase(m, b.case_id, reason);
    const [visit] = await rowsOf<{ id: string }>(
      m,
      `UPDATE visit SET status = CASE WHEN status IN ('scheduled', 'waiting') THEN 'cancelled' ELSE status END, updated_at = now()
        WHERE booking_id = $1 RETURNING id`,
      [bookingId],
    );
    await this.notify(m, 'cancelled', visit.id);
    return {
      c,
      audit: { action: 'update', resourceType: 'Booking', resourceId: bookingId, patientId: c.patientId, detail: { cancelled: reason } },
    };
  }

  async cancelBooking(ctx: RequestContext, id: string, reason: string | undefined) {
    const target = { action: 'update', resourceType: 'Booking', resourceId: id, notFound: 'Booking' } as const;
    const released = await this.access.run(ctx, target, async (m) => {
      const found = await this.lockBooking(m, ctx, id);
      if (!found) return outOfScope();
      if (found.booking.status !== 'active') throw ApiError.conflict('The booking is already cancelled', { code: 'booking_cancelled' });
      if (found.booking.visit_status !== 'scheduled' && found.booking.visit_status !== 'waiting') {
        throw ApiError.conflict(`The visit is ${found.booking.visit_status}; it cannot be cancelled`, { code: 'visit_not_changeable' });
      }
      const { c, audit } = await this.releaseBooking(m, id, reason ?? 'cancelled');
      return granted(c, { rows: [audit] });
    });
    this.announceReleased(released);
    return { id, status: 'cancelled' as const, caseId: released.id };
  }

  /**
   * Moves a locked, active, scheduled booking to another slot: the same checks for staff and for the
   * patient through her link (issue 22), whose scope is her case's region; the audit row is the caller's to write.
   */
  async moveBooking(
    m: EntityManager,
    scope: Pick<RequestContext, 'actor'>,
    found: {
      booking: { id: string; slot_id: string; visit_id: string };
      c: { id: string; patient_id: string; health_centre_id: string; pathway_key: string; pathway_version: number };
    },
    slotId: string,
  ): Promise<MovedBooking> {
    const id = found.booking.id;
    if (found.booking.slot_id === slotId)
      throw ApiError.invalid('The booking is already in that slot', [{ field: 'slotId', reason: 'unchanged' }]);
    const target = await lockBookableSlot(m, scope, slotId, found.c);
    if (target.booking_id) throw ApiError.conflict('The slot is already booked', { code: 'slot_taken' });
    const [old] = await m.query(
      'SELECT s.start_at, v.health_centre_id, v.specialist_id FROM visit v JOIN slot s ON s.id = $2 WHERE v.id = $1',
      [found.booking.visit_id, found.booking.slot_id],
    );
    await m.query('UPDATE booking SET slot_id = $2 WHERE id = $1', [id, slotId]);
    await m.query('UPDATE visit SET specialist_id = $2, health_centre_id = $3, updated_at = now() WHERE booking_id = $1', [
      id,
      target.specialist_id,
      target.health_centre_id,
    ]);
    await this.notify(m, 'changed', found.booking.visit_id, old.start_at);
    return {
      view: bookingView(id, found.booking.visit_id, found.c.id, target, 'active'),
      before: { healthCentreId: old.health_centre_id, specialistId: old.specialist_id },
      specialistId: target.specialist_id,
      audit: {
        action: 'update',
        resourceType: 'Booking',
        resourceId: id,
        patientId: found.c.patient_id,
        detail: { from: found.booking.slot_id, to: slotId },
      },
    };
  }

  /** Tells the queues and the centre that a released case waits for a booking again. */
  announceReleased(c: CaseMoved): void {
    this.triage.announce({ ...c, status: 'awaiting_booking' }, 'released');
  }

  /** Tells the centre's screens that a booking moved. */
  announceMoved({ view, before, specialistId }: MovedBooking): void {
    // The visit may move to another specialist and centre: both sides' lists and calendars refresh.
    this.realtime.publish({
      type: 'visit.changed',
      visitId: view.visitId,
      status: 'scheduled',
      caseId: view.caseId,
      healthCentreId: view.healthCentreId,
      specialistId,
      before,
      caseStatus: 'booked',
    });
  }

  /** Moves a booking to another slot in one statement: never both slots, never none. */
  async reschedule(ctx: RequestContext, id: string, slotId: string): Promise<BookingView> {
    const target = { action: 'update', resourceType: 'Booking', resourceId: id, notFound: 'Booking' } as const;
    let moved: MovedBooking;
    try {
      moved = await this.access.run(ctx, target, async (m) => {
        const found = await this.lockBooking(m, ctx, id);
        if (!found) return outOfScope();
        if (found.booking.status !== 'active') throw ApiError.conflict('The booking is cancelled', { code: 'booking_cancelled' });
        if (found.booking.visit_status !== 'scheduled')
          throw ApiError.conflict(`The visit is ${found.booking.visit_status}`, { code: 'visit_not_changeable' });
        const result = await this.moveBooking(m, ctx, found, slotId);
        return granted(result, { rows: [result.audit] });
      });
    } catch (e) {
      throw bookingConflict(e);
    }
    this.announceMoved(moved);
    return moved.view;
  }
}

/** A booking moved to another slot, where its visit was before (for the announcements), and the move's audit row. */
export interface MovedBooking {
  view: BookingView;
  before: { healthCentreId: string; specialistId: string };
  specialistId: string;
  audit: BookingAudit;
}

/** The audit row of a change to a booking (its outcome a success), for the caller to write as hers or as the patient's. */
export type BookingAudit = Omit<AuditEntry, 'outcome'>;
