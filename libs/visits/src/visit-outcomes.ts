import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, rowsOf, type DbRow } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AuditService, crossRegionAudit, granted, outOfScope, ScopedAccess, visitKnownTo, visitSideOf } from '@app/audit';
import { RequestContext } from '@app/identity';
import { RealtimeService } from '@app/realtime';
import { recordTriageFeedback } from '@app/rollout';
import { completeCase, openFollowUpCase, TriageService } from '@app/triage';
import { answerPlanOf } from '@app/pathways';
import { answerPlanOfCase } from './answer-form';
import { VIDEO_PROVIDER, VideoProvider } from './video-provider';
import { findVisit, OPEN_VISIT_STATUSES } from './visit-rows';
import type { OutcomeDto } from './visits.dto';
import { VisitsService } from './visits.service';

/** The specialist's answer (svar) to a visit, and the centre's inbox where it arrives. */
@Injectable()
export class VisitOutcomesService {
  private readonly logger = new Logger(VisitOutcomesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: ScopedAccess,
    private readonly realtime: RealtimeService,
    private readonly triage: TriageService,
    private readonly visits: VisitsService,
    @Inject(VIDEO_PROVIDER) private readonly video: VideoProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The specialist's answer (svar): completes the visit and the case, reaches the centre's inbox at
   * once, and for a remote follow-up opens the next case in the queue without a new referral.
   */
  async recordOutcome(ctx: RequestContext, id: string, dto: OutcomeDto) {
    const actor = ctx.actor;
    const target = { action: 'create', resourceType: 'VisitOutcome', resourceId: id, notFound: 'Visit' } as const;
    const done = await this.access.run(ctx, target, async (m) => {
      const v = await findVisit(m, id, true);
      if (!v || !visitKnownTo(actor, v)) return outOfScope('visit not found');
      if (visitSideOf(actor, v) !== 'specialist') throw ApiError.forbidden("The answer is written by the visit's specialist");
      if (!OPEN_VISIT_STATUSES.includes(v.status))
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
      const result = {
        v: { ...v, status: 'completed' as const },
        outcomeId: outcome.id as string,
        createdAt: outcome.created_at as Date,
        followUpCaseId,
      };
      return granted(result, {
        resourceId: outcome.id,
        patientId: v.patient_id,
        ...cross,
        detail: { plan: dto.plan, ...feedback, ...cross.detail },
      });
    });
    this.visits.announce(done.v, 'completed');
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

  /** The centre's staff mark an answer read (once: the first reader is kept); another centre's answer does not exist for them. */
  async markRead(ctx: RequestContext, outcomeId: string) {
    const target = { action: 'update', resourceType: 'VisitOutcome', resourceId: outcomeId, notFound: 'Answer' } as const;
    return this.access.run(ctx, target, async (m) => {
      const [row] = await rowsOf<{ id: string; read_at: Date; patient_id: string }>(
        m,
        `UPDATE visit_outcome o SET read_at = coalesce(o.read_at, now()), read_by = coalesce(o.read_by, $3)
           FROM triage_case c WHERE c.id = o.case_id AND o.id = $1 AND o.health_centre_id = $2
         RETURNING o.id, o.read_at, c.patient_id`,
        [outcomeId, ctx.actor.healthCentreId, ctx.actor.userId],
      );
      if (!row) return outOfScope("not an answer to the caller's health centre");
      return granted({ id: row.id, readAt: row.read_at.toISOString() }, { patientId: row.patient_id, detail: { change: 'read' } });
    });
  }
}
