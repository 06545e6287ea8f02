import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, clinicDate, formatClinicTime, PG_CHECK_VIOLATION, PG_EXCLUSION_VIOLATION, PG_UNIQUE_VIOLATION, pgConstraint, pgErrorCode, rowsOf } from '@app/common';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AuditEntry, RequestContext } from '@app/identity';
import { RealtimeService, rooms } from '@app/realtime';
import { crossRegionAudit, TriageService } from '@app/triage';
import { CalendarSession, toICalendar } from './calendar';
import { enqueueVisitNotice, NoticeKind } from './notices';
import type { CreateBookingDto, CreateSessionDto, ListSessionsDto, ListSlotsDto } from './scheduling.dto';
import { insertSessionWithSlots } from './session-rows';


export interface SlotView {
  id: string;
  sessionId: string;
  start: string;
  end: string;
  startLocal: string;
  healthCentreId: string;
  mode: 'remote' | 'onsite';
  specialist: { id: string; displayName: string };
  booked: boolean;
}

interface SlotRow {
  id: string;
  session_id: string;
  start_at: Date;
  end_at: Date;
  health_centre_id: string;
  mode: 'remote' | 'onsite';
  specialist_id: string;
  specialist_name: string;
  session_status: string;
  region_id: string;
  hc_name: string;
  booking_id: string | null;
}

function toSlotView(r: SlotRow): SlotView {
  return {
    id: r.id,
    sessionId: r.session_id,
    start: r.start_at.toISOString(),
    end: r.end_at.toISOString(),
    startLocal: formatClinicTime(r.start_at),
    healthCentreId: r.health_centre_id,
    mode: r.mode,
    specialist: { id: r.specialist_id, displayName: r.specialist_name },
    booked: r.booking_id !== null,
  };
}

const SLOT_SELECT = `
  SELECT s.id, s.session_id, s.start_at, s.end_at, s.health_centre_id, cs.mode, cs.specialist_id, u.display_name AS specialist_name,
         cs.status AS session_status, cs.region_id, h.name AS hc_name, b.id AS booking_id
    FROM slot s
    JOIN clinic_session cs ON cs.id = s.session_id
    JOIN app_user u ON u.id = cs.specialist_id
    JOIN health_centre h ON h.id = s.health_centre_id
    LEFT JOIN booking b ON b.slot_id = s.id AND b.status = 'active'`;

export interface BookingView {
  id: string;
  visitId: string;
  caseId: string;
  slotId: string;
  start: string;
  end: string;
  startLocal: string;
  healthCentreId: string;
  status: 'active' | 'cancelled';
}

@Injectable()
export class SchedulingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly triage: TriageService,
    private readonly realtime: RealtimeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- rooms

  async rooms(ctx: RequestContext, healthCentreId: string) {
    await this.centreInRegion(this.dataSource.manager, ctx, healthCentreId);
    return this.dataSource.query('SELECT id, name, active FROM health_centre_room WHERE health_centre_id = $1 ORDER BY name', [healthCentreId]);
  }

  async createRoom(ctx: RequestContext, healthCentreId: string, name: string) {
    await this.centreInRegion(this.dataSource.manager, ctx, healthCentreId);
    try {
      return await this.dataSource.transaction(async (m) => {
        const [room] = await m.query(
          'INSERT INTO health_centre_room (health_centre_id, name) VALUES ($1, $2) RETURNING id, name, active',
          [healthCentreId, name],
        );
        await this.audit.record(m, ctx, { action: 'create', resourceType: 'Room', resourceId: room.id, outcome: 'success', detail: { healthCentreId, name } });
        return room;
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) throw ApiError.conflict('The centre has a room with that name', undefined, [{ field: 'name', reason: 'already used' }]);
      throw e;
    }
  }

  /** Road distances to neighbouring centres, stored both ways. */
  async neighbours(ctx: RequestContext, healthCentreId: string) {
    await this.centreInRegion(this.dataSource.manager, ctx, healthCentreId);
    const rows = await this.dataSource.query(
      `SELECT d.to_centre_id AS "healthCentreId", h.name, d.road_km::float AS "roadKm" FROM health_centre_distance d
         JOIN health_centre h ON h.id = d.to_centre_id WHERE d.from_centre_id = $1 ORDER BY d.road_km`,
      [healthCentreId],
    );
    return rows;
  }

  async setNeighbour(ctx: RequestContext, healthCentreId: string, otherId: string, roadKm: number) {
    await this.centreInRegion(this.dataSource.manager, ctx, healthCentreId);
    await this.centreInRegion(this.dataSource.manager, ctx, otherId);
    if (otherId === healthCentreId) throw ApiError.invalid('A centre is not its own neighbour', [{ field: 'healthCentreId', reason: 'must be another centre' }]);
    await this.dataSource.transaction(async (m) => {
      const [before] = await m.query('SELECT road_km::float AS km FROM health_centre_distance WHERE from_centre_id = $1 AND to_centre_id = $2', [healthCentreId, otherId]);
      await m.query(
        `INSERT INTO health_centre_distance (from_centre_id, to_centre_id, road_km) VALUES ($1, $2, $3), ($2, $1, $3)
         ON CONFLICT (from_centre_id, to_centre_id) DO UPDATE SET road_km = EXCLUDED.road_km`,
        [healthCentreId, otherId, roadKm],
      );
      await this.audit.record(m, ctx, {
        action: before ? 'update' : 'create',
        resourceType: 'RoadDistance',
        resourceId: healthCentreId,
        outcome: 'success',
        detail: { between: [healthCentreId, otherId], roadKm: before ? { from: before.km, to: roadKm } : roadKm },
      });
    });
    return this.neighbours(ctx, healthCentreId);
  }

  /** Road km between two centres, or undefined when they are not recorded as neighbours. */
  async distanceKm(m: EntityManager, from: string, to: string): Promise<number | undefined> {
    if (from === to) return 0;
    const [row] = await m.query('SELECT road_km::float AS km FROM health_centre_distance WHERE from_centre_id = $1 AND to_centre_id = $2', [from, to]);
    return row?.km;
  }

  private async centreInRegion(m: EntityManager, ctx: RequestContext, id: string): Promise<{ id: string; name: string }> {
    const [centre] = await m.query('SELECT id, name FROM health_centre WHERE id = $1 AND region_id = $2', [id, ctx.actor.regionId]);
    if (!centre) throw ApiError.notFound('Health centre');
    return centre;
  }

  // ---- clinic sessions

  /** A session cut into slots; overlaps for the specialist or the room are refused by exclusion constraints. */
  async createSession(ctx: RequestContext, dto: CreateSessionDto) {
    const actor = ctx.actor;
    if (actor.role === 'specialist' && dto.specialistId !== actor.userId) throw ApiError.forbidden('A specialist plans only her own sessions');
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
      problems.push({ field: 'specialistId', reason: 'no such specialist in your region, nor one serving this health centre under an active agreement' });
    }
    const [centre] = await this.dataSource.query('SELECT id FROM health_centre WHERE id = $1 AND region_id = $2', [dto.healthCentreId, actor.regionId]);
    if (!centre) problems.push({ field: 'healthCentreId', reason: 'no such health centre in your region' });
    let roomId = dto.roomId;
    if (centre) {
      const roomsOfCentre: Array<{ id: string }> = await this.dataSource.query(
        'SELECT id FROM health_centre_room WHERE health_centre_id = $1 AND active ORDER BY name',
        [dto.healthCentreId],
      );
      if (roomId && !roomsOfCentre.some((r) => r.id === roomId)) problems.push({ field: 'roomId', reason: 'not a video room of that health centre' });
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
            specialistId: dto.specialistId, healthCentreId: dto.healthCentreId, roomId, nurseId: dto.nurseId ?? null, mode: dto.mode,
            start: dto.start.toISOString(), end: dto.end.toISOString(), slotMinutes: dto.slotMinutes, agreementId,
          },
        });
        return this.sessionView(m, sessionId);
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_CHECK_VIOLATION && pgConstraint(e) === 'clinic_session_agreement') {
        throw ApiError.invalid('The clinic session cannot be planned', [{ field: 'specialistId', reason: 'the agreement no longer covers this session' }]);
      }
      if (pgErrorCode(e) === PG_EXCLUSION_VIOLATION) {
        const which = pgConstraint(e) === 'clinic_session_room_no_overlap' ? 'the video room' : 'the specialist';
        throw ApiError.conflict(`The session overlaps another session of ${which}`, undefined, [
          { field: pgConstraint(e) === 'clinic_session_room_no_overlap' ? 'roomId' : 'specialistId', reason: 'already planned at that time' },
        ]);
      }
      throw e;
    }
  }

  private async sessionView(m: EntityManager, id: string) {
    const [s] = await m.query(
      `SELECT cs.id, cs.specialist_id, u.display_name, cs.health_centre_id, h.name AS hc_name, cs.room_id, r.name AS room_name, cs.nurse_id,
              cs.mode, lower(cs.period) AS start_at, upper(cs.period) AS end_at, cs.slot_minutes, cs.status, cs.cancel_reason
         FROM clinic_session cs JOIN app_user u ON u.id = cs.specialist_id JOIN health_centre h ON h.id = cs.health_centre_id
         JOIN health_centre_room r ON r.id = cs.room_id WHERE cs.id = $1`,
      [id],
    );
    const slots: SlotRow[] = await m.query(`${SLOT_SELECT} WHERE s.session_id = $1 ORDER BY s.start_at`, [id]);
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
      slots: slots.map(toSlotView),
    };
  }

  /** The calendar: sessions with their slots and who is booked (patient names are audited reads). */
  async listSessions(ctx: RequestContext, q: ListSessionsDto) {
    const actor = ctx.actor;
    const params: unknown[] = [];
    const where = [sessionScopeSql(actor, params)];
    if (actor.role === 'nurse') where.push(`cs.health_centre_id = $${params.push(actor.healthCentreId)}`);
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
      const sessions = [];
      for (const { id } of ids) sessions.push(await this.sessionView(m, id));
      const bookings: Array<{ slot_id: string; booking_id: string; case_id: string; visit_id: string; patient_id: string; patient_name: string; category: string; visit_status: string }> =
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
            ? { ...slot, booking: { id: b.booking_id, caseId: b.case_id, visitId: b.visit_id, visitStatus: b.visit_status, category: b.category, patient: { id: b.patient_id, name: b.patient_name } } }
            : slot;
        }),
      }));
    });
  }

  /**
   * The calendar as iCalendar: a specialist's sessions across centres, or a centre's sessions.
   * Sessions only, with how many slots are booked: patient names stay out of calendar apps.
   */
  async calendarFeed(ctx: RequestContext, q: { specialistId?: string; healthCentreId?: string }): Promise<string> {
    const actor = ctx.actor;
    const params: unknown[] = [actor.regionId];
    const where = ['cs.region_id = $1', `upper(cs.period) > now() - interval '30 days'`];
    let name = 'Mottagningar';
    if (q.specialistId) {
      const [u] = await this.dataSource.query(`SELECT display_name FROM app_user WHERE id = $1 AND region_id = $2 AND role = 'specialist'`, [q.specialistId, actor.regionId]);
      if (!u) throw ApiError.notFound('Specialist');
      where.push(`cs.specialist_id = $${params.push(q.specialistId)}`);
      name = `Mottagningar – ${u.display_name}`;
    }
    const centreId = actor.role === 'nurse' ? actor.healthCentreId : q.healthCentreId;
    if (centreId) {
      const centre = await this.centreInRegion(this.dataSource.manager, ctx, centreId);
      where.push(`cs.health_centre_id = $${params.push(centreId)}`);
      name = `Mottagningar – ${centre.name}`;
    }
    const rows = await this.dataSource.query(
      `SELECT cs.id, lower(cs.period) AS start_at, upper(cs.period) AS end_at, cs.mode, cs.status, h.name AS centre, u.display_name AS specialist,
              (SELECT count(*)::int FROM slot s WHERE s.session_id = cs.id) AS slots,
              (SELECT count(*)::int FROM slot s JOIN booking b ON b.slot_id = s.id AND b.status = 'active' WHERE s.session_id = cs.id) AS booked,
              (SELECT coalesce(json_agg(json_build_object('id', b.id, 'start', s.start_at, 'end', s.end_at) ORDER BY s.start_at), '[]')
                 FROM slot s JOIN booking b ON b.slot_id = s.id AND b.status = 'active' WHERE s.session_id = cs.id AND cs.status = 'planned') AS bookings
         FROM clinic_session cs JOIN health_centre h ON h.id = cs.health_centre_id JOIN app_user u ON u.id = cs.specialist_id
        WHERE ${where.join(' AND ')} ORDER BY lower(cs.period) LIMIT 2000`,
      params,
    );
    const sessions: CalendarSession[] = rows.map((r: any) => ({
      id: r.id, start: r.start_at, end: r.end_at, mode: r.mode, status: r.status, healthCentre: r.centre, specialist: r.specialist, slots: r.slots, booked: r.booked,
      bookings: (r.bookings as Array<{ id: string; start: string; end: string }>).map((b) => ({ id: b.id, start: new Date(b.start), end: new Date(b.end) })),
    }));
    return toICalendar(name, sessions);
  }

  /** Cancelling a session releases its bookings: the cases go back to the queue at their old rank. */
  async cancelSession(ctx: RequestContext, id: string, reason: string) {
    const actor = ctx.actor;
    const released: Array<{ case_id: string; health_centre_id: string; pathway_key: string; serving_region_id: string }> = [];
    const view = await this.dataSource.transaction(async (m) => {
      const params: unknown[] = [id];
      const [s] = await m.query(`SELECT id, specialist_id, status FROM clinic_session cs WHERE id = $1 AND ${sessionScopeSql(actor, params)} FOR UPDATE`, params);
      if (!s) throw ApiError.notFound('Clinic session');
      if (actor.role === 'specialist' && s.specialist_id !== actor.userId) throw ApiError.forbidden('Only the session\'s specialist or an admin cancels it');
      if (s.status === 'cancelled') throw ApiError.conflict('The session is already cancelled');
      const bookings: Array<{ id: string }> = await m.query(
        `SELECT b.id FROM booking b JOIN slot sl ON sl.id = b.slot_id WHERE sl.session_id = $1 AND b.status = 'active' ORDER BY sl.start_at`,
        [id],
      );
      for (const b of bookings) released.push(await this.releaseBooking(m, ctx, b.id, `session cancelled: ${reason}`));
      await m.query(`UPDATE clinic_session SET status = 'cancelled', cancel_reason = $2 WHERE id = $1`, [id, reason]);
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'ClinicSession',
        resourceId: id,
        outcome: 'success',
        detail: { change: 'cancel', reason, releasedBookings: bookings.map((b) => b.id) },
      });
      return this.sessionView(m, id);
    });
    for (const r of released) {
      this.triage.announce({ id: r.case_id, status: 'awaiting_booking', healthCentreId: r.health_centre_id, pathwayKey: r.pathway_key, servingRegionId: r.serving_region_id }, 'released');
    }
    this.realtime.send(
      [...new Set([view.healthCentre.id])].map((c) => rooms.centre(c)),
      'session.updated',
      { sessionId: id, status: 'cancelled' },
    );
    return { ...view, releasedCases: released.map((r) => r.case_id) };
  }

  // ---- slots and bookings

  async listSlots(ctx: RequestContext, q: ListSlotsDto): Promise<SlotView[]> {
    const params: unknown[] = [];
    const where = [sessionScopeSql(ctx.actor, params), `cs.status = 'planned'`];
    if (q.healthCentreId) where.push(`s.health_centre_id = $${params.push(q.healthCentreId)}`);
    const from = q.from ?? new Date();
    where.push(`s.start_at >= $${params.push(from)}`);
    if (q.to) where.push(`s.start_at < $${params.push(q.to)}`);
    if (q.free === 'true') where.push(`b.id IS NULL AND s.start_at > now()`);
    const rows: SlotRow[] = await this.dataSource.query(`${SLOT_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.start_at LIMIT 500`, params);
    return rows.map(toSlotView);
  }

  private async lockBookableSlot(m: EntityManager, ctx: Pick<RequestContext, 'actor'>, slotId: string, c: { health_centre_id: string; pathway_key: string; pathway_version: number }): Promise<SlotRow> {
    const params: unknown[] = [slotId];
    const [slot]: SlotRow[] = await m.query(`${SLOT_SELECT} WHERE s.id = $1 AND ${sessionScopeSql(ctx.actor, params)} FOR UPDATE OF s`, params);
    if (!slot) throw ApiError.notFound('Slot');
    if (slot.session_status !== 'planned') throw ApiError.conflict('The slot\'s session is cancelled');
    if (slot.start_at.getTime() <= Date.now()) throw ApiError.conflict('The slot has already started');
    if (slot.health_centre_id !== c.health_centre_id) {
      // A neighbouring centre only where the case's pathway allows it, and within its distance.
      const [p] = await m.query(`SELECT definition -> 'scheduling' ->> 'neighbourMaxTravelKm' AS km FROM pathway_version WHERE pathway_key = $1 AND version = $2`, [
        c.pathway_key,
        c.pathway_version,
      ]);
      const allowed = p?.km === null || p?.km === undefined ? 0 : Number(p.km);
      const km = await this.distanceKm(m, c.health_centre_id, slot.health_centre_id);
      if (km === undefined || km > allowed) {
        throw ApiError.invalid('The slot is at another health centre', [
          { field: 'slotId', reason: allowed > 0 ? `must be at the patient's centre or a neighbour within ${allowed} km` : "must be a slot at the patient's health centre" },
        ]);
      }
    }
    return slot;
  }

  /** Of N concurrent requests for one slot exactly one wins: the slot row is locked and `booking_one_per_slot` is unique. */
  async book(ctx: RequestContext, dto: CreateBookingDto): Promise<BookingView> {
    let announce: { caseId: string; healthCentreId: string; pathwayKey: string; servingRegionId: string; visitId: string; specialistId: string } | undefined;
    let view: BookingView;
    try {
      view = await this.dataSource.transaction(async (m) => {
        const c = await this.triage.findInScope(m, ctx, dto.caseId, true);
        if (!c) throw new CaseNotFound();
        if (c.status !== 'awaiting_booking') throw ApiError.conflict(`The case is ${c.status}, not waiting for a booking`);
        const slot = await this.lockBookableSlot(m, ctx, dto.slotId, c);
        if (slot.booking_id) throw ApiError.conflict('The slot is already booked');
        const [booking] = await m.query(`INSERT INTO booking (slot_id, case_id, created_by) VALUES ($1, $2, $3) RETURNING id`, [slot.id, c.id, ctx.actor.userId]);
        await m.query(`UPDATE triage_case SET status = 'booked', status_reason = NULL WHERE id = $1`, [c.id]);
        const [visit] = await m.query(
          `INSERT INTO visit (booking_id, case_id, health_centre_id, specialist_id, room_name) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          // The visit happens where the slot is: the patient's centre, or the neighbour she travels to.
          [booking.id, c.id, slot.health_centre_id, slot.specialist_id, `visit-${randomBytes(12).toString('hex')}`],
        );
        await this.notify(m, 'booked', visit.id);
        const cross = crossRegionAudit(ctx.actor, c);
        await this.audit.record(m, ctx, { action: 'create', resourceType: 'Booking', resourceId: booking.id, patientId: c.patient_id, outcome: 'success', ...cross, detail: { slotId: slot.id, caseId: c.id, ...cross.detail } });
        announce = { caseId: c.id, healthCentreId: c.health_centre_id, pathwayKey: c.pathway_key, servingRegionId: c.serving_region_id, visitId: visit.id, specialistId: slot.specialist_id };
        return this.bookingView(booking.id, visit.id, c.id, slot, 'active');
      });
    } catch (e) {
      if (e instanceof CaseNotFound) {
        await this.audit.recordDenied(ctx, { action: 'create', resourceType: 'Booking', resourceId: dto.caseId, reason: 'case not found in the caller\'s scope' });
        throw ApiError.notFound('Triage case');
      }
      throw this.bookingConflict(e);
    }
    if (announce) {
      this.triage.announce({ id: announce.caseId, status: 'booked', healthCentreId: announce.healthCentreId, pathwayKey: announce.pathwayKey, servingRegionId: announce.servingRegionId }, 'booked');
    }
    return view;
  }

  private bookingConflict(e: unknown): unknown {
    if (pgErrorCode(e) === PG_CHECK_VIOLATION && pgConstraint(e) === 'agreement_weekly_capacity') {
      return ApiError.conflict("The agreement's capacity for that week is used up", undefined, [{ field: 'slotId', reason: 'the agreement allows no more booked hours that week' }]);
    }
    if (pgErrorCode(e) === PG_CHECK_VIOLATION && pgConstraint(e) === 'agreement_pathway') {
      return ApiError.invalid('The slot is planned under an agreement that does not cover this pathway', [{ field: 'slotId', reason: "not for the case's pathway" }]);
    }
    if (pgErrorCode(e) !== PG_UNIQUE_VIOLATION) return e;
    const c = pgConstraint(e);
    if (c === 'booking_one_per_slot') return ApiError.conflict('The slot is already booked');
    if (c === 'booking_one_per_case') return ApiError.conflict('The case is already booked');
    return ApiError.conflict('The booking conflicts with another one');
  }

  private bookingView(id: string, visitId: string, caseId: string, slot: SlotRow, status: 'active' | 'cancelled'): BookingView {
    return {
      id,
      visitId,
      caseId,
      slotId: slot.id,
      start: slot.start_at.toISOString(),
      end: slot.end_at.toISOString(),
      startLocal: formatClinicTime(slot.start_at),
      healthCentreId: slot.health_centre_id,
      status,
    };
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
   * Frees a booking's slot and returns its case to the queue at its rank. `record` writes the audit row:
   * a signed-in user's, or the patient's through her link (issue 22).
   */
  async releaseBooking(m: EntityManager, ctx: RequestContext | ((entry: AuditEntry) => Promise<void>), bookingId: string, reason: string) {
    const record = typeof ctx === 'function' ? ctx : (entry: AuditEntry) => this.audit.record(m, ctx, entry);
    const [b] = await rowsOf(m,
      `UPDATE booking SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2 WHERE id = $1 AND status = 'active' RETURNING slot_id, case_id`,
      [bookingId, reason],
    );
    const [c] = await rowsOf(m, `UPDATE triage_case SET status = 'awaiting_booking', status_reason = $2 WHERE id = $1 RETURNING patient_id, health_centre_id, pathway_key, serving_region_id`, [
      b.case_id,
      reason,
    ]);
    const [visit] = await rowsOf<{ id: string }>(
      m,
      `UPDATE visit SET status = CASE WHEN status IN ('scheduled', 'waiting') THEN 'cancelled' ELSE status END, updated_at = now()
        WHERE booking_id = $1 RETURNING id`,
      [bookingId],
    );
    await this.notify(m, 'cancelled', visit.id);
    await record({ action: 'update', resourceType: 'Booking', resourceId: bookingId, patientId: c.patient_id, outcome: 'success', detail: { cancelled: reason } });
    return { case_id: b.case_id as string, health_centre_id: c.health_centre_id as string, pathway_key: c.pathway_key as string, serving_region_id: c.serving_region_id as string };
  }

  async cancelBooking(ctx: RequestContext, id: string, reason: string | undefined) {
    const released = await this.dataSource.transaction(async (m) => {
      const found = await this.lockBooking(m, ctx, id);
      if (!found) return null;
      if (found.booking.status !== 'active') throw ApiError.conflict('The booking is already cancelled');
      if (found.booking.visit_status !== 'scheduled' && found.booking.visit_status !== 'waiting') {
        throw ApiError.conflict(`The visit is ${found.booking.visit_status}; it cannot be cancelled`);
      }
      return this.releaseBooking(m, ctx, id, reason ?? 'cancelled');
    });
    if (!released) {
      await this.audit.recordDenied(ctx, { action: 'update', resourceType: 'Booking', resourceId: id, reason: 'not found in the caller\'s scope' });
      throw ApiError.notFound('Booking');
    }
    this.triage.announce({ id: released.case_id, status: 'awaiting_booking', healthCentreId: released.health_centre_id, pathwayKey: released.pathway_key, servingRegionId: released.serving_region_id }, 'released');
    return { id, status: 'cancelled', caseId: released.case_id };
  }

  /**
   * Moves a locked, active, scheduled booking to another slot: the same checks for staff and for the
   * patient through her link (issue 22), whose scope is her case's region and whose audit row is hers.
   */
  async moveBooking(
    m: EntityManager,
    scope: Pick<RequestContext, 'actor'>,
    found: { booking: { id: string; slot_id: string; visit_id: string }; c: { id: string; patient_id: string; health_centre_id: string; pathway_key: string; pathway_version: number } },
    slotId: string,
    record: (entry: AuditEntry) => Promise<void>,
  ): Promise<BookingView> {
    const id = found.booking.id;
    if (found.booking.slot_id === slotId) throw ApiError.invalid('The booking is already in that slot', [{ field: 'slotId', reason: 'unchanged' }]);
    const target = await this.lockBookableSlot(m, scope, slotId, found.c);
    if (target.booking_id) throw ApiError.conflict('The slot is already booked');
    const [old] = await m.query('SELECT start_at FROM slot WHERE id = $1', [found.booking.slot_id]);
    await m.query('UPDATE booking SET slot_id = $2 WHERE id = $1', [id, slotId]);
    await m.query('UPDATE visit SET specialist_id = $2, health_centre_id = $3, updated_at = now() WHERE booking_id = $1', [id, target.specialist_id, target.health_centre_id]);
    await this.notify(m, 'changed', found.booking.visit_id, old.start_at);
    await record({ action: 'update', resourceType: 'Booking', resourceId: id, patientId: found.c.patient_id, outcome: 'success', detail: { from: found.booking.slot_id, to: slotId } });
    return this.bookingView(id, found.booking.visit_id, found.c.id, target, 'active');
  }

  /** Tells the queues and the centre that a released case waits for a booking again. */
  announceReleased(r: { case_id: string; health_centre_id: string; pathway_key: string; serving_region_id: string }): void {
    this.triage.announce({ id: r.case_id, status: 'awaiting_booking', healthCentreId: r.health_centre_id, pathwayKey: r.pathway_key, servingRegionId: r.serving_region_id }, 'released');
  }

  /** Tells the centre's screens that a booking moved. */
  announceMoved(view: BookingView): void {
    this.realtime.send(rooms.centre(view.healthCentreId), 'case.updated', { caseId: view.caseId, status: 'booked', healthCentreId: view.healthCentreId });
  }

  /** Moves a booking to another slot in one statement: never both slots, never none. */
  async reschedule(ctx: RequestContext, id: string, slotId: string): Promise<BookingView> {
    let result: BookingView | null;
    try {
      result = await this.dataSource.transaction(async (m) => {
        const found = await this.lockBooking(m, ctx, id);
        if (!found) return null;
        if (found.booking.status !== 'active') throw ApiError.conflict('The booking is cancelled');
        if (found.booking.visit_status !== 'scheduled') throw ApiError.conflict(`The visit is ${found.booking.visit_status}`);
        return this.moveBooking(m, ctx, found, slotId, (entry) => this.audit.record(m, ctx, entry));
      });
    } catch (e) {
      throw this.bookingConflict(e);
    }
    if (!result) {
      await this.audit.recordDenied(ctx, { action: 'update', resourceType: 'Booking', resourceId: id, reason: 'not found in the caller\'s scope' });
      throw ApiError.notFound('Booking');
    }
    this.announceMoved(result);
    return result;
  }
}

class CaseNotFound extends Error {}

/**
 * Sessions (alias `cs`) a caller plans and books in: her region's, and for a specialist also her own
 * sessions at another region's centres under an agreement.
 */
function sessionScopeSql(actor: Pick<RequestContext['actor'], 'role' | 'regionId' | 'userId'>, params: unknown[]): string {
  const region = `cs.region_id = $${params.push(actor.regionId)}::uuid`;
  return actor.role === 'specialist' ? `(${region} OR cs.specialist_id = $${params.push(actor.userId)}::uuid)` : region;
}
