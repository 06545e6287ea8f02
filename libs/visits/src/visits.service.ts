import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, formatClinicTime, parseClinicTime, rowsOf, type DbRow } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AuditService, canReadVisit, crossRegionAudit, type Side, visitSideOf } from '@app/audit';
import { Actor, RequestContext } from '@app/identity';
import { RealtimeService, rooms } from '@app/realtime';
import { recordTriageFeedback } from '@app/rollout';

import { completeCase, openFollowUpCase, releaseCase, TriageService } from '@app/triage';
import { answerPlanOf } from '@app/pathways';
import { answerFormOf, answerPlanOfCase } from './answer-form';
import { JoinGrant, VIDEO_PROVIDER, VideoProvider } from './video-provider';
import type { ListVisitsDto, OutcomeDto } from './visits.dto';

export type VisitStatus = 'scheduled' | 'waiting' | 'in_progress' | 'completed' | 'no_show' | 'cancelled';

export interface VisitRow {
  id: string;
  booking_id: string;
  case_id: string;
  health_centre_id: string;
  specialist_id: string;
  status: VisitStatus;
  room_name: string;
  centre_joined_at: Date | null;
  specialist_joined_at: Date | null;
  /** Who holds the centre's seat: the nurse whose HTTP join took it last. */
  centre_seat_user_id: string | null;
  centre_seat_at: Date | null;
  /** When the booked specialist took her seat through the HTTP join. */
  specialist_seat_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
  start_at: Date;
  end_at: Date;
  region_id: string;
  serving_region_id: string;
  patient_id: string;
  pathway_key: string;
}

const VISIT_SELECT = `
  SELECT v.*, s.start_at, s.end_at, c.region_id, c.serving_region_id, c.patient_id, c.pathway_key
    FROM visit v JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id JOIN triage_case c ON c.id = v.case_id`;

const DAY_MS = 86_400_000;

/** How a join reached the api: the HTTP route (takes a seat) or the signalling socket (attaches to one). */
export type JoinVia = 'http' | 'socket';

/** Work done under the visit's row lock once the caller passed the join's rules; may add to the audit row. */
export type SeatStep = (m: EntityManager, v: VisitRow, side: Side) => Promise<Record<string, unknown> | void>;

@Injectable()
export class VisitsService {
  private readonly logger = new Logger(VisitsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
    private readonly triage: TriageService,
    @Inject(VIDEO_PROVIDER) readonly video: VideoProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async findVisit(m: EntityManager, id: string, lock = false): Promise<VisitRow | null> {
    const rows: VisitRow[] = await m.query(`${VISIT_SELECT} WHERE v.id = $1 ${lock ? 'FOR UPDATE OF v' : ''}`, [id]);
    return rows[0] ?? null;
  }

  visitById(id: string): Promise<VisitRow | null> {
    return this.findVisit(this.dataSource.manager, id);
  }

  private view(v: VisitRow) {
    return {
      id: v.id,
      status: v.status,
      caseId: v.case_id,
      bookingId: v.booking_id,
      healthCentreId: v.health_centre_id,
      specialistId: v.specialist_id,
      start: v.start_at.toISOString(),
      end: v.end_at.toISOString(),
      startLocal: formatClinicTime(v.start_at),
      centreJoinedAt: v.centre_joined_at?.toISOString() ?? null,
      specialistJoinedAt: v.specialist_joined_at?.toISOString() ?? null,
      startedAt: v.started_at?.toISOString() ?? null,
      endedAt: v.ended_at?.toISOString() ?? null,
      videoMode: this.video.mode,
    };
  }

  /** The visit with the triage answers and the patient, for its participants and the region's admins. */
  async get(ctx: RequestContext, id: string) {
    const result = await this.dataSource.transaction(async (m) => {
      const v = await this.findVisit(m, id);
      if (!v || !canReadVisit(ctx.actor, v)) return null;
      const [c] = await m.query(
        `SELECT c.category, c.score, c.reasons, c.answers, c.pathway_version, c.due_date, p.id AS patient_id, p.name, p.personnummer, p.birth_date::text AS birth_date,
                p.interpreter_language, h.name AS hc_name, u.display_name AS specialist_name,
                (SELECT s.profession FROM pathway_version pv JOIN specialty s ON s.key = pv.definition->>'specialty'
                  WHERE pv.pathway_key = c.pathway_key AND pv.version = c.pathway_version) AS profession
           FROM triage_case c JOIN patient p ON p.id = c.patient_id JOIN health_centre h ON h.id = c.health_centre_id
           JOIN app_user u ON u.id = $2 WHERE c.id = $1`,
        [v.case_id, v.specialist_id],
      );
      const [outcome] = await m.query(
        'SELECT id, summary, diagnosis_codes, plan, instructions, created_at FROM visit_outcome WHERE visit_id = $1',
        [id],
      );
      await this.audit.record(m, ctx, {
        action: 'read',
        resourceType: 'Visit',
        resourceId: id,
        patientId: v.patient_id,
        outcome: 'success',
        ...crossRegionAudit(ctx.actor, v),
      });
      // Issue 19: the plans and fired rules the answer form offers; the plan's words and whether it is a follow-up, for the UI and FHIR.
      const answerForm = await answerFormOf(m, v.case_id);
      const plan = outcome ? answerForm.plans.find((p) => p.key === outcome.plan) : undefined;
      return {
        answerForm,
        ...this.view(v),
        healthCentre: { id: v.health_centre_id, name: c.hc_name },
        specialist: {
          id: v.specialist_id,
          displayName: c.specialist_name,
          profession: (c.profession as { sv: string; en: string } | null) ?? null,
        },
        patient: {
          id: c.patient_id,
          name: c.name,
          personnummer: c.personnummer,
          birthDate: c.birth_date,
          interpreterLanguage: c.interpreter_language,
        },
        triage: {
          pathwayKey: v.pathway_key,
          pathwayVersion: c.pathway_version,
          category: c.category,
          score: Number(c.score),
          reasons: c.reasons,
          answers: c.answers,
          dueDate: c.due_date,
        },
        outcome: outcome
          ? {
              id: outcome.id,
              summary: outcome.summary,
              diagnosisCodes: outcome.diagnosis_codes,
              plan: outcome.plan,
              instructions: outcome.instructions,
              createdAt: outcome.created_at.toISOString(),
              planLabel: plan?.label ?? null,
              followUp: plan?.followUp === true,
            }
          : null,
      };
    });
    if (!result) {
      await this.audit.recordDenied(ctx, {
        action: 'read',
        resourceType: 'Visit',
        resourceId: id,
        reason: 'not a participant or outside the region',
      });
      throw ApiError.notFound('Visit');
    }
    return result;
  }

  /** Visits of a day: the nurse's centre, the specialist's own, or the admin's region. */
  async list(ctx: RequestContext, q: ListVisitsDto) {
    const actor = ctx.actor;
    const date = q.date ?? new Date().toISOString().slice(0, 10);
    const from = parseClinicTime(`${date}T00:00`)!;
    const to = new Date(from.getTime() + DAY_MS);
    const params: unknown[] = [from, to];
    const where = ['s.start_at >= $1', 's.start_at < $2'];
    // A specialist's own visits, also those at another region's centres under an agreement.
    if (actor.role === 'specialist') where.push(`v.specialist_id = $${params.push(actor.userId)}`);
    else where.push(`c.region_id = $${params.push(actor.regionId)}`);
    if (actor.role === 'nurse') where.push(`v.health_centre_id = $${params.push(actor.healthCentreId)}`);
    if (q.healthCentreId) where.push(`v.health_centre_id = $${params.push(q.healthCentreId)}`);
    return this.dataSource.transaction(async (m) => {
      const rows: Array<VisitRow & { patient_name: string; category: string; hc_name: string; interpreter_language: string | null }> =
        await m.query(
          `SELECT v.*, s.start_at, s.end_at, c.region_id, c.serving_region_id, c.patient_id, c.pathway_key, c.category, p.name AS patient_name, h.name AS hc_name,
                p.interpreter_language
           FROM visit v JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id
           JOIN triage_case c ON c.id = v.case_id JOIN patient p ON p.id = c.patient_id JOIN health_centre h ON h.id = v.health_centre_id
          WHERE ${where.join(' AND ')} AND v.status <> 'cancelled' ORDER BY s.start_at`,
          params,
        );
      // One audit row for the day's list, naming its patients (#15.7).
      await this.audit.recordList(m, ctx, {
        resourceType: 'Visit',
        name: 'visits',
        query: { date, healthCentreId: q.healthCentreId },
        items: rows.map((r) => ({ id: r.id, patientId: r.patient_id, ...crossRegionAudit(actor, r) })),
      });
      return rows.map((r) => ({
        ...this.view(r),
        patient: { id: r.patient_id, name: r.patient_name, interpreterLanguage: r.interpreter_language },
        category: r.category,
        healthCentre: { id: r.health_centre_id, name: r.hc_name },
      }));
    });
  }

  private checkJoinWindow(v: VisitRow): void {
    if (!['scheduled', 'waiting', 'in_progress'].includes(v.status)) throw ApiError.conflict(`The visit is ${v.status}`);
    const opens = v.start_at.getTime() - this.config.visitJoinOpensMinutes * 60_000;
    if (Date.now() < opens) {
      throw ApiError.conflict(
        `The visit opens ${this.config.visitJoinOpensMinutes} minutes before it starts, at ${formatClinicTime(new Date(opens))}`,
      );
    }
    if (Date.now() > v.end_at.getTime() + this.config.noShowAfterMinutes * 60_000) throw ApiError.conflict("The visit's time has passed");
  }

  /**
   * The one gate of a visit's room, for the HTTP join and the socket join alike: the caller must be a
   * side of the visit (404 otherwise, as for an unknown id; 403 for the region's admin), the visit open
   * and within its time (409); `seat` then runs under the visit's row lock. Every outcome is audited.
   */
  async admit(ctx: RequestContext, id: string, via: JoinVia, seat: SeatStep): Promise<{ v: VisitRow; side: Side }> {
    const actor = ctx.actor;
    const refused = (reason: string, patientId?: string) =>
      this.audit.recordDenied(ctx, { action: 'execute', resourceType: 'Visit', resourceId: id, patientId, reason, detail: { via } });
    const seen: { v?: VisitRow } = {};
    let admitted: { v: VisitRow; side: Side } | { forbidden: true; v: VisitRow } | null;
    try {
      admitted = await this.dataSource.transaction(async (m) => {
        const v = await this.findVisit(m, id, true);
        if (!v) return null;
        const side = visitSideOf(actor, v);
        // An admin of the region may see the visit but not join it (403); anyone else does not know it (404).
        if (!side) return canReadVisit(actor, v) ? { forbidden: true as const, v } : null;
        seen.v = v;
        this.checkJoinWindow(v);
        const extra = await seat(m, v, side);
        const cross = crossRegionAudit(actor, v);
        await this.audit.record(m, ctx, {
          action: 'execute',
          resourceType: 'Visit',
          resourceId: id,
          patientId: v.patient_id,
          outcome: 'success',
          ...cross,
          detail: { join: side, via, ...extra, ...cross.detail },
        });
        return { v, side };
      });
    } catch (e) {
      if (e instanceof ApiError && seen.v) {
        await refused(e.message, seen.v.patient_id);
      }
      throw e;
    }
    if (!admitted) {
      await refused('not found');
      throw ApiError.notFound('Visit');
    }
    if ('forbidden' in admitted) {
      await refused('not a participant of the visit', admitted.v.patient_id);
      throw ApiError.forbidden("Only the booked specialist and the staff of the patient's health centre join the visit");
    }
    return admitted;
  }

  /** Credentials for the visit's room, for its two sides only; the HTTP join takes the caller's seat. */
  async join(ctx: RequestContext, id: string): Promise<JoinGrant> {
    const actor = ctx.actor;
    const { v } = await this.admit(ctx, id, 'http', (m, visit, side) => this.takeSeat(m, visit, side, actor));
    try {
      await this.video.prepareRoom(v.room_name);
    } catch (e) {
      this.logger.error({ err: e }, 'the video service refused to open the room');
      throw new ApiError(502, 'The video service did not open the room; try again in a moment');
    }
    const grant = await this.video.grant(v.room_name, { userId: actor.userId, displayName: actor.displayName });
    // With LiveKit the webhooks report the real join; the embedded mode reports it through signalling.
    return grant;
  }

  /**
   * The side's seat goes to the caller. The centre's seat stays with the nurse who holds it while her
   * socket is in the visit's room; once she has left, a colleague of the centre takes it over.
   */
  private async takeSeat(m: EntityManager, v: VisitRow, side: Side, actor: Actor): Promise<Record<string, unknown> | void> {
    if (side === 'specialist') {
      await m.query('UPDATE visit SET specialist_seat_at = coalesce(specialist_seat_at, now()) WHERE id = $1', [v.id]);
      return;
    }
    const holder = v.centre_seat_user_id;
    if (holder && holder !== actor.userId && (await this.realtime.usersIn(rooms.visit(v.id))).has(holder)) {
      throw ApiError.conflict('Another nurse of the health centre is in the visit; it can be joined once she has left it');
    }
    await m.query('UPDATE visit SET centre_seat_user_id = $2, centre_seat_at = now() WHERE id = $1', [v.id, actor.userId]);
    if (holder && holder !== actor.userId) return { seatTakenFrom: holder };
  }

  /** The socket join's condition: its user holds the side's seat, taken through the HTTP join. */
  checkSeat(v: VisitRow, side: Side, actor: Actor): void {
    const held = side === 'specialist' ? v.specialist_seat_at !== null : v.centre_seat_user_id === actor.userId;
    if (held) return;
    if (side === 'centre' && v.centre_seat_user_id) throw ApiError.conflict("Another nurse of the health centre holds the visit's seat");
    throw ApiError.conflict(`Join the visit first (POST /api/v1/visits/${v.id}/join)`);
  }

  /** Records that a side is in the room and moves the status: the centre alone is waiting, both is in progress. */
  async markJoined(visitId: string, side: Side): Promise<VisitRow | null> {
    const updated = await this.dataSource.transaction(async (m) => {
      const v = await this.findVisit(m, visitId, true);
      return v ? this.recordJoined(m, v, side) : null;
    });
    if (updated) this.announce(updated);
    return updated;
  }

  /** markJoined's change inside the caller's transaction (the visit locked); announce after commit. */
  async recordJoined(m: EntityManager, v: VisitRow, side: Side): Promise<VisitRow | null> {
    if (!['scheduled', 'waiting', 'in_progress'].includes(v.status)) return null;
    const centre = side === 'centre' ? (v.centre_joined_at ?? new Date()) : v.centre_joined_at;
    const specialist = side === 'specialist' ? (v.specialist_joined_at ?? new Date()) : v.specialist_joined_at;
    const status: VisitStatus = v.status === 'in_progress' || (centre && specialist) ? 'in_progress' : centre ? 'waiting' : 'scheduled';
    await m.query(
      `UPDATE visit SET centre_joined_at = $2, specialist_joined_at = $3, status = $4,
              started_at = CASE WHEN $4 = 'in_progress' THEN coalesce(started_at, now()) ELSE started_at END WHERE id = $1`,
      [v.id, centre, specialist, status],
    );
    return { ...v, status, centre_joined_at: centre, specialist_joined_at: specialist };
  }

  /** After commit: the visit changed (and its case, when `caseStatus` says to what). */
  announce(v: Pick<VisitRow, 'id' | 'status' | 'health_centre_id' | 'case_id' | 'specialist_id'>, caseStatus?: string): void {
    this.realtime.publish({
      type: 'visit.changed',
      visitId: v.id,
      status: v.status,
      healthCentreId: v.health_centre_id,
      caseId: v.case_id,
      specialistId: v.specialist_id,
      caseStatus,
    });
  }

  /**
   * The specialist's answer (svar): completes the visit and the case, reaches the centre's inbox at
   * once, and for a remote follow-up opens the next case in the queue without a new referral.
   */
  async recordOutcome(ctx: RequestContext, id: string, dto: OutcomeDto) {
    const actor = ctx.actor;
    const done = await this.dataSource.transaction(async (m) => {
      const v = await this.findVisit(m, id, true);
      if (!v || (visitSideOf(actor, v) === null && v.region_id !== actor.regionId)) return null;
      if (visitSideOf(actor, v) !== 'specialist') throw ApiError.forbidden("The answer is written by the visit's specialist");
      if (!['scheduled', 'waiting', 'in_progress'].includes(v.status))
        throw ApiError.conflict(`The visit is ${v.status}; its answer is already given or it did not take place`);
      if (Date.now() < v.start_at.getTime() - this.config.visitJoinOpensMinutes * 60_000)
        throw ApiError.conflict('The visit has not started yet');
      // Issue 19: a plan of the case's pathway version (422 naming `plan` otherwise); its `followUp` opens the next case.
      const plan = await answerPlanOfCase(m, v.case_id, dto.plan);
      await m.query(`UPDATE visit SET status = 'completed', ended_at = now() WHERE id = $1`, [id]);
      // The answer is sent: its draft (issue 18, #4) has done its work.
      await m.query('DELETE FROM visit_outcome_draft WHERE visit_id = $1', [id]);
      await completeCase(m, v.case_id, `visit ${dto.plan}`);
      const followUpCaseId = plan.followUp ? await openFollowUpCase(m, v.case_id, dto.followUpInDays ?? 90, actor.userId) : null;
      const [outcome] = await m.query(
        `INSERT INTO visit_outcome (visit_id, case_id, health_centre_id, author_id, summary, diagnosis_codes, plan, instructions, follow_up_case_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, created_at`,
        [
          id,
          v.case_id,
          v.health_centre_id,
          actor.userId,
          dto.summary,
          dto.diagnosisCodes,
          dto.plan,
          dto.instructions ?? null,
          followUpCaseId,
        ],
      );
      if (dto.triageFeedback) {
        await recordTriageFeedback(m, { caseId: v.case_id, outcomeId: outcome.id, authorId: actor.userId, feedback: dto.triageFeedback });
      }
      const cross = crossRegionAudit(actor, v);
      const feedback = dto.triageFeedback ? { triageFeedback: dto.triageFeedback } : {};
      await this.audit.record(m, ctx, {
        action: 'create',
        resourceType: 'VisitOutcome',
        resourceId: outcome.id,
        patientId: v.patient_id,
        outcome: 'success',
        ...cross,
        detail: { plan: dto.plan, ...feedback, ...cross.detail },
      });
      return {
        v: { ...v, status: 'completed' as const },
        outcomeId: outcome.id as string,
        createdAt: outcome.created_at as Date,
        followUpCaseId,
      };
    });
    if (!done) {
      await this.audit.recordDenied(ctx, { action: 'create', resourceType: 'VisitOutcome', resourceId: id, reason: 'visit not found' });
      throw ApiError.notFound('Visit');
    }
    this.announce(done.v, 'completed');
    this.realtime.publish({ type: 'answer.sent', outcomeId: done.outcomeId, visitId: id, healthCentreId: done.v.health_centre_id });
    if (done.followUpCaseId) {
      this.triage.announce(
        {
          id: done.followUpCaseId,
          status: 'awaiting_booking',
          healthCentreId: done.v.health_centre_id,
          pathwayKey: done.v.pathway_key,
          servingRegionId: done.v.serving_region_id,
        },
        'submitted',
      );
    }
    await this.video.closeRoom(done.v.room_name).catch((e: unknown) => this.logger.warn({ err: e }, 'closing the video room failed'));
    return {
      id: done.outcomeId,
      visitId: id,
      caseId: done.v.case_id,
      healthCentreId: done.v.health_centre_id,
      summary: dto.summary,
      diagnosisCodes: dto.diagnosisCodes,
      plan: dto.plan,
      instructions: dto.instructions ?? null,
      followUpCaseId: done.followUpCaseId,
      createdAt: done.createdAt.toISOString(),
    };
  }

  /** Answers (svar) delivered to the nurse's health centre, newest first. */
  async inbox(ctx: RequestContext) {
    const actor = ctx.actor;
    if (!actor.healthCentreId) throw ApiError.forbidden('The inbox belongs to a health centre');
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query(
        `SELECT o.id, o.visit_id, o.case_id, o.summary, o.diagnosis_codes, o.plan, o.instructions, o.follow_up_case_id, o.created_at, o.read_at,
                p.id AS patient_id, p.name AS patient_name, u.display_name AS author_name,
                (SELECT pv.definition->'answerPlans' FROM pathway_version pv
                  WHERE pv.pathway_key = c.pathway_key AND pv.version = c.pathway_version) AS answer_plans
           FROM visit_outcome o JOIN triage_case c ON c.id = o.case_id JOIN patient p ON p.id = c.patient_id JOIN app_user u ON u.id = o.author_id
          WHERE o.health_centre_id = $1 ORDER BY o.created_at DESC LIMIT 200`,
        [actor.healthCentreId],
      );
      // One audit row for the inbox, naming its patients (#15.7).
      await this.audit.recordList(m, ctx, {
        resourceType: 'VisitOutcome',
        name: 'inbox',
        query: { limit: 200 },
        items: rows.map((r: { id: string; patient_id: string }) => ({ id: r.id, patientId: r.patient_id })),
      });
      return rows.map((r: DbRow) => ({
        id: r.id,
        visitId: r.visit_id,
        caseId: r.case_id,
        patient: { id: r.patient_id, name: r.patient_name },
        author: r.author_name,
        summary: r.summary,
        diagnosisCodes: r.diagnosis_codes,
        plan: r.plan,
        planLabel: answerPlanOf({ answerPlans: r.answer_plans ?? undefined }, r.plan)?.label ?? null,
        instructions: r.instructions,
        followUpCaseId: r.follow_up_case_id,
        createdAt: r.created_at.toISOString(),
        readAt: r.read_at?.toISOString() ?? null,
      }));
    });
  }

  async markRead(ctx: RequestContext, outcomeId: string) {
    const [row] = await rowsOf(
      this.dataSource,
      `UPDATE visit_outcome SET read_at = coalesce(read_at, now()), read_by = coalesce(read_by, $3) WHERE id = $1 AND health_centre_id = $2 RETURNING id, read_at`,
      [outcomeId, ctx.actor.healthCentreId, ctx.actor.userId],
    );
    if (!row) throw ApiError.notFound('Answer');
    return { id: row.id, readAt: row.read_at.toISOString() };
  }

  /**
   * Visits nobody joined within the configured time after their slot became no-shows; their cases go
   * back to the queue with a flag. Rows are claimed with SKIP LOCKED, so one instance handles each.
   */
  async sweepNoShows(): Promise<number> {
    const released = await this.dataSource.transaction(async (m) => {
      const due: VisitRow[] = await m.query(
        `${VISIT_SELECT}
          WHERE v.status = 'scheduled' AND v.centre_joined_at IS NULL AND v.specialist_joined_at IS NULL
            AND s.end_at + make_interval(mins => $1) < now()
          ORDER BY s.end_at LIMIT 100 FOR UPDATE OF v SKIP LOCKED`,
        [this.config.noShowAfterMinutes],
      );
      for (const v of due) {
        await m.query(`UPDATE visit SET status = 'no_show', status_reason = 'nobody joined', ended_at = now() WHERE id = $1`, [v.id]);
        await m.query(`UPDATE booking SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'no-show' WHERE id = $1`, [
          v.booking_id,
        ]);
        await releaseCase(m, v.case_id, 'no-show', { noShow: true });
        await this.audit.recordSystem(m, 'no-show-job', v.region_id, {
          action: 'update',
          resourceType: 'Visit',
          resourceId: v.id,
          patientId: v.patient_id,
          outcome: 'success',
          reason: 'no-show: nobody joined',
        });
      }
      return due;
    });
    for (const v of released) {
      this.announce({ ...v, status: 'no_show' });
      this.triage.announce(
        {
          id: v.case_id,
          status: 'awaiting_booking',
          healthCentreId: v.health_centre_id,
          pathwayKey: v.pathway_key,
          servingRegionId: v.serving_region_id,
        },
        'released',
      );
    }
    return released.length;
  }
}
