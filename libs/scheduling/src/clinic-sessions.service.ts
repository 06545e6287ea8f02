import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditService, calendarScopeSql, granted, outOfScope, Refusal, ScopedAccess, sessionScopeSql } from '@app/audit';
import { ApiError, clinicDate, formatClinicTime } from '@app/common';
import { RequestContext } from '@app/identity';
import { RealtimeService } from '@app/realtime';
import type { CaseMoved } from '@app/triage';
import { BookingsService } from './bookings.service';
import type { CreateSessionDto, ListSessionsDto } from './scheduling.dto';
import { sessionsICalendar } from './session-calendar';
import { insertSessionWithSlots } from './session-rows';
import { SLOT_SELECT, SlotRow, SlotView, toSlotView } from './slots';

interface SessionRow {
  id: string;
  specialist_id: string;
  display_name: string;
  health_centre_id: string;
  hc_name: string;
  room_id: string;
  room_name: string;
  nurse_id: string | null;
  mode: 'remote' | 'onsite';
  start_at: Date;
  end_at: Date;
  slot_minutes: number;
  status: 'planned' | 'cancelled';
  cancel_reason: string | null;
}

/** Clinic sessions: planning and cancelling them, the calendar and its iCalendar feed. */
@Injectable()
export class ClinicSessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: ScopedAccess,
    private readonly realtime: RealtimeService,
    private readonly bookings: BookingsService,
  ) {}

  /** A session cut into slots; overlaps for the specialist or the room are refused by exclusion constraints. */
  async createSession(ctx: RequestContext, dto: CreateSessionDto) {
    const actor = ctx.actor;
    if (actor.role === 'specialist' && dto.specialistId !== actor.userId)
      throw ApiError.forbidden('A specialist plans only her own sessions');
    const problems: Array<{ field: string; reason: string }> = [];
    // The region's own specialist, or one whose clinic serves this centre under an active agreement.
    const [specialist]: Array<{ id: string; region_id: string; agreement_id: string | null }> = await this.dataSource.query(
      `SELECT u.id, u.region_id,
              (SELECT cov.agreement_id FROM agreement_coverage(u.region_id, $4::date) cov
                WHERE cov.provider_clinic_id = u.clinic_id AND cov.receiver_region_id = $2 AND cov.health_centre_id = $3
                ORDER BY cov.accepted_at LIMIT 1) AS agreement_id
         FROM app_user u WHERE u.id = $1 AND u.role = 'specialist' AND u.active`,
      [dto.specialistId, actor.regionId, dto.healthCentreId, clinicDate(dto.start)],
    );
    const agreementId = specialist && specialist.region_id !== actor.regionId ? specialist.agreement_id : null;
    if (!specialist || (specialist.region_id !== actor.regionId && !agreementId)) {
      problems.push({
        field: 'specialistId',
        reason: 'no such specialist in your region, nor one serving this health centre under an active agreement',
      });
    }
    const [centre] = await this.dataSource.query('SELECT id FROM health_centre WHERE id = $1 AND region_id = $2', [
      dto.healthCentreId,
      actor.regionId,
    ]);
    if (!centre) problems.push({ field: 'healthCentreId', reason: 'no such health centre in your region' });
    let roomId = dto.roomId;
    if (centre) {
      const roomsOfCentre: Array<{ id: string }> = await this.dataSource.query(
        'SELECT id FROM health_centre_room WHERE health_centre_id = $1 AND active ORDER BY name',
        [dto.healthCentreId],
      );
      if (roomId && !roomsOfCentre.some((r) => r.id === roomId))
        problems.push({ field: 'roomId', reason: 'not a video room of that health centre' });
      roomId ??= roomsOfCentre[0]?.id;
      if (!roomId) problems.push({ field: 'roomId', reason: 'the health centre has no video room' });
    }
    if (dto.nurseId) {
      const [nurse] = await this.dataSource.query(`SELECT id FROM app_user WHERE id = $1 AND role = 'nurse' AND health_centre_id = $2`, [
        dto.nurseId,
        dto.healthCentreId,
      ]);
      if (!nurse) problems.push({ field: 'nurseId', reason: 'not a nurse of that health centre' });
    }
    if (problems.length > 0) throw ApiError.invalid('The clinic session cannot be planned', problems);

    try {
      return await this.dataSource.transaction(async (m) => {
        const sessionId = await insertSessionWithSlots(m, {
          regionId: actor.regionId,
          specialistId: dto.specialistId,
          healthCentreId: dto.healthCentreId,
          roomId: roomId!,
          nurseId: dto.nurseId,
          mode: dto.mode,
          start: dto.start,
          end: dto.end,
          slotMinutes: dto.slotMinutes,
          createdBy: actor.userId,
          agreementId,
        });
        await this.audit.record(m, ctx, {
          action: 'create',
          resourceType: 'ClinicSession',
          resourceId: sessionId,
          outcome: 'success',
          detail: {
            specialistId: dto.specialistId,
            healthCentreId: dto.healthCentreId,
            roomId,
            nurseId: dto.nurseId ?? null,
            mode: dto.mode,
            start: dto.start.toISOString(),
            end: dto.end.toISOString(),
            slotMinutes: dto.slotMinutes,
            agreementId,
          },
        });
        return this.sessionView(m, sessionId);
      });
    } catch (e) {
      // The agreement that no longer covers the session, or an overlap for the room or the specialist.
      throw ApiError.ofConstraint(e) ?? e;
    }
  }

  /** Sessions with their slots, in the order of `ids`: two queries whatever their number. */
  private async sessionViews(m: EntityManager, ids: string[]) {
    if (ids.length === 0) return [];
    const sessions: SessionRow[] = await m.query(
      `SELECT cs.id, cs.specialist_id, u.display_name, cs.health_centre_id, h.name AS hc_name, cs.room_id, r.name AS room_name, cs.nurse_id,
              cs.mode, lower(cs.period) AS start_at, upper(cs.period) AS end_at, cs.slot_minutes, cs.status, cs.cancel_reason
         FROM clinic_session cs JOIN app_user u ON u.id = cs.specialist_id JOIN health_centre h ON h.id = cs.health_centre_id
         JOIN health_centre_room r ON r.id = cs.room_id WHERE cs.id = ANY($1)`,
      [ids],
    );
    const slots: SlotRow[] = await m.query(`${SLOT_SELECT} WHERE s.session_id = ANY($1) ORDER BY s.start_at`, [ids]);
    const slotsOf = new Map<string, SlotView[]>();
    for (const slot of slots) slotsOf.set(slot.session_id, [...(slotsOf.get(slot.session_id) ?? []), toSlotView(slot)]);
    const byId = new Map(sessions.map((s) => [s.id, s]));
    return ids.map((id) => {
      const s = byId.get(id)!;
      return {
        id: s.id,
        specialist: { id: s.specialist_id, displayName: s.display_name },
        healthCentre: { id: s.health_centre_id, name: s.hc_name },
        room: { id: s.room_id, name: s.room_name },
        nurseId: s.nurse_id,
        mode: s.mode,
        start: s.start_at.toISOString(),
        end: s.end_at.toISOString(),
        startLocal: formatClinicTime(s.start_at),
        endLocal: formatClinicTime(s.end_at),
        slotMinutes: s.slot_minutes,
        status: s.status,
        cancelReason: s.cancel_reason,
        slots: slotsOf.get(id) ?? [],
      };
    });
  }

  private async sessionView(m: EntityManager, id: string) {
    const [view] = await this.sessionViews(m, [id]);
    return view!;
  }

  /** The calendar: sessions with their slots and who is booked (patient names are audited reads). */
  async listSessions(ctx: RequestContext, q: ListSessionsDto) {
    const actor = ctx.actor;
    const params: unknown[] = [];
    const where = [calendarScopeSql(actor, params)];
    if (q.healthCentreId) where.push(`cs.health_centre_id = $${params.push(q.healthCentreId)}`);
    if (q.specialistId) where.push(`cs.specialist_id = $${params.push(q.specialistId)}`);
    // Six weeks when a bound is left out, counted from the bound given (a `to` alone once made an empty range: a 500).
    const from = q.from ?? (q.to ? new Date(q.to.getTime() - 42 * 86_400_000) : new Date(Date.now() - 7 * 86_400_000));
    const to = q.to ?? new Date(from.getTime() + 42 * 86_400_000);
    where.push(`cs.period && tstzrange($${params.push(from)}, $${params.push(to)}, '[)')`);
    return this.dataSource.transaction(async (m) => {
      const ids: Array<{ id: string }> = await m.query(
        `SELECT cs.id FROM clinic_session cs WHERE ${where.join(' AND ')} ORDER BY lower(cs.period) LIMIT 500`,
        params,
      );
      const sessions = await this.sessionViews(
        m,
        ids.map((i) => i.id),
      );
      const bookings: Array<{
        slot_id: string;
        booking_id: string;
        case_id: string;
        visit_id: string;
        patient_id: string;
        patient_name: string;
        category: string;
        visit_status: string;
      }> =
        ids.length === 0
          ? []
          : await m.query(
              `SELECT b.slot_id, b.id AS booking_id, b.case_id, v.id AS visit_id, c.patient_id, p.name AS patient_name, c.category, v.status AS visit_status
                 FROM booking b JOIN slot s ON s.id = b.slot_id JOIN triage_case c ON c.id = b.case_id JOIN patient p ON p.id = c.patient_id
                 JOIN visit v ON v.booking_id = b.id
                WHERE b.status = 'active' AND s.session_id = ANY($1)`,
              [ids.map((i) => i.id)],
            );
      // One audit row for the calendar, naming the patients booked in it (a row per booking wrote 1 209 for a century: #15.7).
      await this.audit.recordList(m, ctx, {
        resourceType: 'Booking',
        name: 'calendar',
        query: { from, to, specialistId: q.specialistId, healthCentreId: q.healthCentreId },
        items: bookings.map((b) => ({ id: b.booking_id, patientId: b.patient_id })),
      });
      const bySlot = new Map(bookings.map((b) => [b.slot_id, b]));
      return sessions.map((s) => ({
        ...s,
        slots: s.slots.map((slot) => {
          const b = bySlot.get(slot.id);
          return b
            ? {
                ...slot,
                booking: {
                  id: b.booking_id,
                  caseId: b.case_id,
                  visitId: b.visit_id,
                  visitStatus: b.visit_status,
                  category: b.category,
                  patient: { id: b.patient_id, name: b.patient_name },
                },
              }
            : slot;
        }),
      }));
    });
  }

  /**
   * The calendar as iCalendar: a specialist's sessions across centres, or a centre's sessions
   * (session-calendar.ts); patient names stay out of calendar apps.
   */
  calendarFeed(ctx: RequestContext, q: { specialistId?: string; healthCentreId?: string }): Promise<string> {
    return sessionsICalendar(this.dataSource.manager, ctx, q);
  }

  /** Cancelling a session releases its bookings: the cases go back to the queue at their old rank. */
  async cancelSession(ctx: RequestContext, id: string, reason: string) {
    const actor = ctx.actor;
    const target = { action: 'update', resourceType: 'ClinicSession', resourceId: id, notFound: 'Clinic session' } as const;
    const { view, released } = await this.access.run(ctx, target, async (m) => {
      const params: unknown[] = [id];
      const [s] = await m.query(
        `SELECT id, specialist_id, status FROM clinic_session cs WHERE id = $1 AND ${sessionScopeSql(actor, params)} FOR UPDATE`,
        params,
      );
      if (!s) return outOfScope("not a session of the caller's scope");
      if (actor.role === 'specialist' && s.specialist_id !== actor.userId) {
        return new Refusal(
          "not the session's specialist",
          null,
          ApiError.forbidden("Only the session's specialist or an admin cancels it"),
        );
      }
      if (s.status === 'cancelled') throw ApiError.conflict('The session is already cancelled', { code: 'session_cancelled' });
      const bookings: Array<{ id: string }> = await m.query(
        `SELECT b.id FROM booking b JOIN slot sl ON sl.id = b.slot_id WHERE sl.session_id = $1 AND b.status = 'active' ORDER BY sl.start_at`,
        [id],
      );
      const released: CaseMoved[] = [];
      const rows: Array<Omit<AuditEntry, 'outcome'>> = [];
      for (const b of bookings) {
        const { c, audit } = await this.bookings.releaseBooking(m, b.id, `session cancelled: ${reason}`);
        rows.push(audit);
        released.push(c);
      }
      await m.query(`UPDATE clinic_session SET status = 'cancelled', cancel_reason = $2 WHERE id = $1`, [id, reason]);
      // A row per released booking (naming its patient), then the session's own.
      rows.push({
        action: 'update',
        resourceType: 'ClinicSession',
        resourceId: id,
        detail: { change: 'cancel', reason, releasedBookings: bookings.map((b) => b.id) },
      });
      return granted({ view: await this.sessionView(m, id), released }, { rows });
    });
    for (const r of released) this.bookings.announceReleased(r);
    this.realtime.publish({
      type: 'session.changed',
      sessionId: id,
      status: 'cancelled',
      healthCentreId: view.healthCentre.id,
      specialistId: view.specialist.id,
    });
    return { ...view, releasedCases: released.map((r) => r.id) };
  }
}
