import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseClinicTime } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AuditService, canReadVisit, crossRegionAudit, granted, outOfScope, ScopedAccess, visitScopeSql } from '@app/audit';
import { RequestContext } from '@app/identity';
import { RealtimeService } from '@app/realtime';
import { releaseCase, TriageService } from '@app/triage';
import { answerFormOf } from './answer-form';
import { VIDEO_PROVIDER, VideoProvider } from './video-provider';
import { findVisit, VISIT_SELECT, VisitRow, visitView } from './visit-rows';
import type { ListVisitsDto } from './visits.dto';

export { OPEN_VISIT_STATUSES, type VisitRow, type VisitStatus } from './visit-rows';

const DAY_MS = 86_400_000;

/**
 * A visit as its participants and the region's admins read it, the day's visits, what the screens hear
 * when one changes, and the no-show sweep. The room (visit-room.ts) and the answer (visit-outcomes.ts)
 * are services of their own.
 */
@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: ScopedAccess,
    private readonly realtime: RealtimeService,
    private readonly triage: TriageService,
    @Inject(VIDEO_PROVIDER) readonly video: VideoProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The visit with the triage answers and the patient, for its participants and the region's admins. */
  async get(ctx: RequestContext, id: string) {
    const target = { action: 'read', resourceType: 'Visit', resourceId: id, notFound: 'Visit' } as const;
    return this.access.run(ctx, target, async (m) => {
      const v = await findVisit(m, id);
      if (!v || !canReadVisit(ctx.actor, v)) return outOfScope('not a participant or outside the region');
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
      // Issue 19: the plans and fired rules the answer form offers; the plan's words and whether it is a follow-up, for the UI and FHIR.
      const answerForm = await answerFormOf(m, v.case_id);
      const plan = outcome ? answerForm.plans.find((p) => p.key === outcome.plan) : undefined;
      const visit = {
        answerForm,
        ...visitView(v, this.video.mode),
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
      return granted(visit, { patientId: v.patient_id, ...crossRegionAudit(ctx.actor, v) });
    });
  }

  /** Visits of a day: the nurse's centre, the specialist's own, or the admin's region. */
  async list(ctx: RequestContext, q: ListVisitsDto) {
    const actor = ctx.actor;
    const date = q.date ?? new Date().toISOString().slice(0, 10);
    const from = parseClinicTime(`${date}T00:00`)!;
    const to = new Date(from.getTime() + DAY_MS);
    const params: unknown[] = [from, to];
    const where = ['s.start_at >= $1', 's.start_at < $2', visitScopeSql(actor, params)];
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
        ...visitView(r, this.video.mode),
        patient: { id: r.patient_id, name: r.patient_name, interpreterLanguage: r.interpreter_language },
        category: r.category,
        healthCentre: { id: r.health_centre_id, name: r.hc_name },
      }));
    });
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
