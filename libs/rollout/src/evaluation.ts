import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ApiError, clinicDate } from '@app/common';
import { AuditService } from '@app/audit';
import type { RequestContext } from '@app/identity';
import { PathwaysService } from '@app/pathways';
import type { ReportColumn } from '@app/reporting';
import { TRIAGE_VERDICTS } from './triage-feedback';

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a date that exists')
  .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'must lie between 2000-01-01 and 2099-12-31');

export const EvaluationQuerySchema = z
  .strictObject({
    healthCentreId: z.uuid().optional(),
    /** Cases triaged from this day (inclusive; default 2000-01-01) to this day (inclusive; default today). */
    from: calendarDate.optional(),
    to: calendarDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export class EvaluationQueryDto extends createZodDto(EvaluationQuerySchema) {}

type Verdict = (typeof TRIAGE_VERDICTS)[number];

export interface CentreEvaluation {
  healthCentreId: string;
  healthCentreName: string;
  state: string;
  liveFrom: string | null;
  casesSent: number;
  categories: Record<string, number>;
  /** Of the cases a visit could be booked for, those that got one. */
  bookable: number;
  booked: number;
  shareBooked: number | null;
  /** Days from triage to the visit's day (booked visits), and the share of visits on or before the due date. */
  meanDaysToVisit: number | null;
  shareWithinDueDate: number | null;
  feedback: Record<Verdict, number> & { total: number };
  retriaged: number;
  retriageRate: number | null;
  noShows: number;
  noShowRate: number | null;
  /** Completed remote visits x the centre's road distance to the hospital, there and back. */
  remoteVisitsCompleted: number;
  travelAvoidedKm: number;
  /** Mean days to the visit for cases triaged before the go-live date and since it (whatever the period). */
  waitingDays: { beforeGoLive: number | null; sinceGoLive: number | null };
  casesSinceGoLive: number;
}

const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);
const mean = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

/** Issue 19, item 5: is the new way of working working, per pathway and health centre. One statement. */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly pathways: PathwaysService,
  ) {}

  async evaluate(ctx: RequestContext, key: string, q: EvaluationQueryDto) {
    const from = q.from ?? '2000-01-01';
    const to = q.to ?? clinicDate(new Date());
    return this.dataSource.transaction(async (m) => {
      if (!(await this.pathways.visibleToRegion(m, ctx.actor.regionId, key))) throw ApiError.notFound('Pathway');
      const rows: Array<Record<string, any>> = await m.query(
        `WITH centres AS (
           SELECT h.id, h.name, h.road_distance_km, coalesce(r.state, 'planned') AS state, r.live_from
             FROM health_centre h LEFT JOIN pathway_rollout r ON r.health_centre_id = h.id AND r.pathway_key = $1
            WHERE h.region_id = $2 AND ($3::uuid IS NULL OR h.id = $3)),
         cases AS MATERIALIZED (
           SELECT c.id, c.health_centre_id, c.category, c.bookable, c.due_date, c.original_category IS NOT NULL AS retriaged,
                  (c.triaged_at AT TIME ZONE 'Europe/Stockholm')::date AS triaged_on,
                  v.status AS visit_status, (s.start_at AT TIME ZONE 'Europe/Stockholm')::date AS visit_on, cs.mode, f.verdict
             FROM triage_case c
             LEFT JOIN LATERAL (SELECT v.status, v.booking_id FROM visit v WHERE v.case_id = c.id AND v.status <> 'cancelled'
                                 ORDER BY v.created_at DESC LIMIT 1) v ON true
             LEFT JOIN booking b ON b.id = v.booking_id
             LEFT JOIN slot s ON s.id = b.slot_id
             LEFT JOIN clinic_session cs ON cs.id = s.session_id
             LEFT JOIN triage_feedback f ON f.case_id = c.id
            WHERE c.pathway_key = $1 AND c.health_centre_id IN (SELECT id FROM centres) AND NOT ('follow_up' = ANY(c.flags))),
         period AS (SELECT * FROM cases WHERE triaged_on BETWEEN $4::date AND $5::date)
         SELECT ce.id, ce.name, ce.state, ce.live_from::text AS live_from, ce.road_distance_km,
                (SELECT count(*) FROM period k WHERE k.health_centre_id = ce.id)::int AS cases_sent,
                (SELECT coalesce(jsonb_object_agg(category, n), '{}') FROM (SELECT category, count(*)::int AS n FROM period k
                   WHERE k.health_centre_id = ce.id GROUP BY category) x) AS categories,
                (SELECT count(*) FILTER (WHERE bookable) FROM period k WHERE k.health_centre_id = ce.id)::int AS bookable,
                (SELECT count(*) FILTER (WHERE bookable AND visit_status IS NOT NULL) FROM period k WHERE k.health_centre_id = ce.id)::int AS booked,
                (SELECT avg(visit_on - triaged_on) FROM period k WHERE k.health_centre_id = ce.id AND visit_on IS NOT NULL) AS mean_days,
                (SELECT count(*) FILTER (WHERE visit_on <= due_date) FROM period k WHERE k.health_centre_id = ce.id AND visit_on IS NOT NULL)::int AS within_due,
                (SELECT count(*) FROM period k WHERE k.health_centre_id = ce.id AND visit_on IS NOT NULL)::int AS visits,
                (SELECT coalesce(jsonb_object_agg(verdict, n), '{}') FROM (SELECT verdict, count(*)::int AS n FROM period k
                   WHERE k.health_centre_id = ce.id AND verdict IS NOT NULL GROUP BY verdict) x) AS verdicts,
                (SELECT count(*) FILTER (WHERE retriaged) FROM period k WHERE k.health_centre_id = ce.id)::int AS retriaged,
                (SELECT count(*) FILTER (WHERE visit_status = 'no_show') FROM period k WHERE k.health_centre_id = ce.id)::int AS no_shows,
                (SELECT count(*) FILTER (WHERE visit_status IN ('completed', 'no_show')) FROM period k WHERE k.health_centre_id = ce.id)::int AS visits_done,
                (SELECT count(*) FILTER (WHERE visit_status = 'completed' AND mode = 'remote') FROM period k WHERE k.health_centre_id = ce.id)::int AS remote_done,
                (SELECT avg(visit_on - triaged_on) FROM cases k WHERE k.health_centre_id = ce.id AND visit_on IS NOT NULL AND triaged_on < ce.live_from) AS before_live,
                (SELECT avg(visit_on - triaged_on) FROM cases k WHERE k.health_centre_id = ce.id AND visit_on IS NOT NULL AND triaged_on >= ce.live_from) AS since_live,
                (SELECT count(*) FROM cases k WHERE k.health_centre_id = ce.id AND triaged_on >= ce.live_from)::int AS since_live_cases
           FROM centres ce ORDER BY ce.name`,
        [key, ctx.actor.regionId, q.healthCentreId ?? null, from, to],
      );
      const centres: CentreEvaluation[] = rows.map((r) => {
        const verdicts = r.verdicts as Record<string, number>;
        const feedback = Object.fromEntries(TRIAGE_VERDICTS.map((v) => [v, verdicts[v] ?? 0])) as Record<Verdict, number>;
        return {
          healthCentreId: r.id,
          healthCentreName: r.name,
          state: r.state,
          liveFrom: r.live_from,
          casesSent: r.cases_sent,
          categories: r.categories,
          bookable: r.bookable,
          booked: r.booked,
          shareBooked: share(r.booked, r.bookable),
          meanDaysToVisit: mean(r.mean_days),
          shareWithinDueDate: share(r.within_due, r.visits),
          feedback: { ...feedback, total: Object.values(feedback).reduce((a, b) => a + b, 0) },
          retriaged: r.retriaged,
          retriageRate: share(r.retriaged, r.cases_sent),
          noShows: r.no_shows,
          noShowRate: share(r.no_shows, r.visits_done),
          remoteVisitsCompleted: r.remote_done,
          travelAvoidedKm: Math.round(r.remote_done * 2 * Number(r.road_distance_km) * 10) / 10,
          waitingDays: { beforeGoLive: mean(r.before_live), sinceGoLive: mean(r.since_live) },
          casesSinceGoLive: r.since_live_cases,
        };
      });
      // An aggregate read of the region's cases, no patient in it: one audit row of the query.
      await this.audit.record(m, ctx, {
        action: 'read', resourceType: 'PathwayEvaluation', resourceId: key, outcome: 'success', detail: { healthCentreId: q.healthCentreId, from, to },
      });
      return { pathwayKey: key, from, to, centres };
    });
  }
}

/** The CSV's columns: one row per centre (Swedish titles, as the other reports). */
export const EVALUATION_COLUMNS: ReportColumn[] = [
  { key: 'healthCentreName', title: { sv: 'Hälsocentral', en: 'Health centre' }, type: 'text' },
  { key: 'state', title: { sv: 'Läge', en: 'State' }, type: 'text' },
  { key: 'liveFrom', title: { sv: 'I drift från', en: 'Live from' }, type: 'date' },
  { key: 'casesSent', title: { sv: 'Skickade fall', en: 'Cases sent' }, type: 'number' },
  { key: 'booked', title: { sv: 'Bokade', en: 'Booked' }, type: 'number' },
  { key: 'shareBooked', title: { sv: 'Andel bokade', en: 'Share booked' }, type: 'number' },
  { key: 'meanDaysToVisit', title: { sv: 'Dagar till besök (medel)', en: 'Days to visit (mean)' }, type: 'number' },
  { key: 'shareWithinDueDate', title: { sv: 'Andel inom förfallodag', en: 'Share within due date' }, type: 'number' },
  { key: 'feedbackAppropriate', title: { sv: 'Återkoppling: rätt', en: 'Feedback: appropriate' }, type: 'number' },
  { key: 'feedbackTotal', title: { sv: 'Återkoppling totalt', en: 'Feedback in total' }, type: 'number' },
  { key: 'retriageRate', title: { sv: 'Andel omtriagerade', en: 'Re-triage rate' }, type: 'number' },
  { key: 'noShowRate', title: { sv: 'Andel uteblivna', en: 'No-show rate' }, type: 'number' },
  { key: 'travelAvoidedKm', title: { sv: 'Undvikna resor (km)', en: 'Travel avoided (km)' }, type: 'number' },
];

export function evaluationCsvRows(centres: CentreEvaluation[]): Array<Record<string, unknown>> {
  return centres.map((c) => ({ ...c, feedbackAppropriate: c.feedback.appropriate, feedbackTotal: c.feedback.total }));
}
