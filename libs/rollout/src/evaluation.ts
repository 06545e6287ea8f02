import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ApiError, clinicDate, rowsOf } from '@app/common';
import { AuditService } from '@app/audit';
import type { RequestContext } from '@app/identity';
import { PathwaysService } from '@app/pathways';
import { CSV_STYLES, type ReportColumn } from '@app/reporting';
import { type CentreEvaluation, type EvaluationCentre, evaluationFigures, type EvaluationFigures, type EvaluationGroup } from './evaluation-figures';

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
    /** `true`: each centre's cases from its go-live date (within from..to); a centre not yet live counts none. */
    sinceGoLive: z.enum(['true', 'false']).optional(),
    /** With `Accept: text/csv`: `excel-sv` for semicolons and decimal commas (Swedish Excel). */
    csvStyle: z.enum(CSV_STYLES).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export class EvaluationQueryDto extends createZodDto(EvaluationQuerySchema) {}

/** The figures of one health centre, or of all listed centres together (`total`). */
export type { CentreEvaluation, EvaluationFigures } from './evaluation-figures';

const STATEMENT_TIMEOUT_MS = 30_000;

/**
 * One pass over the pathway's cases of the region (or of one centre): sums per centre, category and feedback
 * verdict, added up into figures in `evaluationFigures`. `$4`..`$5` the period (triage dates, Stockholm),
 * `$6` true to count each centre's cases only from its go-live date.
 */
const SUMS_SQL = `
  WITH centres AS (
    SELECT h.id, r.live_from FROM health_centre h
      LEFT JOIN pathway_rollout r ON r.health_centre_id = h.id AND r.pathway_key = $1
     WHERE h.region_id = $2 AND ($3::uuid IS NULL OR h.id = $3)
  ), lv AS (
    -- Each case's latest visit that was not cancelled (a no-show rebooked has two).
    SELECT DISTINCT ON (v.case_id) v.case_id, v.status, (s.start_at AT TIME ZONE 'Europe/Stockholm')::date AS visit_on, cs.mode
      FROM visit v JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id JOIN clinic_session cs ON cs.id = s.session_id
     WHERE v.status <> 'cancelled' AND v.health_centre_id IN (SELECT id FROM centres)
     ORDER BY v.case_id, v.created_at DESC
  ), k AS (
    SELECT c.health_centre_id, c.category, f.verdict, c.bookable, c.due_date, c.original_category IS NOT NULL AS retriaged,
           (c.triaged_at AT TIME ZONE 'Europe/Stockholm')::date AS triaged_on, ce.live_from, lv.status AS visit_status, lv.visit_on, lv.mode
      FROM triage_case c
      JOIN centres ce ON ce.id = c.health_centre_id
      LEFT JOIN lv ON lv.case_id = c.id
      LEFT JOIN triage_feedback f ON f.case_id = c.id
     WHERE c.pathway_key = $1 AND c.region_id = $2 AND NOT ('follow_up' = ANY(c.flags))
  ), p AS (
    SELECT k.*, triaged_on BETWEEN $4::date AND $5::date AND (NOT $6::boolean OR triaged_on >= live_from) AS in_period FROM k
  )
  SELECT health_centre_id AS "centreId", category, verdict,
         count(*) FILTER (WHERE in_period)::int AS cases,
         count(*) FILTER (WHERE in_period AND bookable)::int AS bookable,
         count(*) FILTER (WHERE in_period AND bookable AND visit_status IS NOT NULL)::int AS booked,
         count(*) FILTER (WHERE in_period AND visit_on IS NOT NULL)::int AS visits,
         coalesce(sum(visit_on - triaged_on) FILTER (WHERE in_period), 0)::int AS "daysToVisit",
         count(*) FILTER (WHERE in_period AND visit_on <= due_date)::int AS "withinDue",
         count(*) FILTER (WHERE in_period AND visit_on IS NOT NULL AND due_date IS NOT NULL)::int AS "withDue",
         coalesce(sum(due_date - visit_on) FILTER (WHERE in_period), 0)::int AS "daysBeforeDue",
         count(*) FILTER (WHERE in_period AND retriaged)::int AS retriaged,
         count(*) FILTER (WHERE in_period AND visit_status = 'no_show')::int AS "noShows",
         count(*) FILTER (WHERE in_period AND visit_status IN ('completed', 'no_show'))::int AS "visitsDone",
         count(*) FILTER (WHERE in_period AND visit_status = 'completed' AND mode = 'remote')::int AS "remoteDone",
         count(visit_on) FILTER (WHERE triaged_on < live_from)::int AS "visitsBeforeLive",
         coalesce(sum(visit_on - triaged_on) FILTER (WHERE triaged_on < live_from), 0)::int AS "daysBeforeLive",
         count(visit_on) FILTER (WHERE triaged_on >= live_from)::int AS "visitsSinceLive",
         coalesce(sum(visit_on - triaged_on) FILTER (WHERE triaged_on >= live_from), 0)::int AS "daysSinceLive",
         count(*) FILTER (WHERE triaged_on >= live_from)::int AS "casesSinceLive"
    FROM p GROUP BY 1, 2, 3`;

/** Issue 19, item 5: is the new way of working working, per pathway and health centre, and for all of them. */
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
    const sinceGoLive = q.sinceGoLive === 'true';
    return this.dataSource.transaction(async (m) => {
      if (!(await this.pathways.visibleToRegion(m, ctx.actor.regionId, key))) throw ApiError.notFound('Pathway');
      const centres = await rowsOf<EvaluationCentre>(
        m,
        `SELECT h.id, h.name, coalesce(r.state, 'planned') AS state, r.live_from::text AS "liveFrom", h.road_distance_km::float8 AS "roadDistanceKm"
           FROM health_centre h LEFT JOIN pathway_rollout r ON r.health_centre_id = h.id AND r.pathway_key = $1
          WHERE h.region_id = $2 AND ($3::uuid IS NULL OR h.id = $3) ORDER BY h.name, h.id`,
        [key, ctx.actor.regionId, q.healthCentreId ?? null],
      );
      if (q.healthCentreId && centres.length === 0) throw ApiError.notFound('Health centre');
      await m.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
      const groups = await rowsOf<EvaluationGroup>(m, SUMS_SQL, [key, ctx.actor.regionId, q.healthCentreId ?? null, from, to, sinceGoLive]);
      // An aggregate read of the region's cases, no patient in it: one audit row of the query.
      await this.audit.record(m, ctx, {
        action: 'read', resourceType: 'PathwayEvaluation', resourceId: key, outcome: 'success',
        detail: { healthCentreId: q.healthCentreId, from, to, sinceGoLive },
      });
      return { pathwayKey: key, from, to, sinceGoLive, ...evaluationFigures(centres, groups) };
    });
  }
}

/** The CSV's columns: one row per centre, then all of them together (Swedish titles, as the other reports). */
export const EVALUATION_COLUMNS: ReportColumn[] = [
  { key: 'healthCentreName', title: { sv: 'Hälsocentral', en: 'Health centre' }, type: 'text' },
  { key: 'state', title: { sv: 'Läge', en: 'State' }, type: 'text' },
  { key: 'liveFrom', title: { sv: 'I drift från', en: 'Live from' }, type: 'date' },
  { key: 'casesSent', title: { sv: 'Skickade fall', en: 'Cases sent' }, type: 'number' },
  { key: 'bookable', title: { sv: 'Bokningsbara', en: 'Bookable' }, type: 'number' },
  { key: 'booked', title: { sv: 'Bokade', en: 'Booked' }, type: 'number' },
  { key: 'shareBooked', title: { sv: 'Andel bokade', en: 'Share booked' }, type: 'number' },
  { key: 'meanDaysToVisit', title: { sv: 'Dagar till besök (medel)', en: 'Days to visit (mean)' }, type: 'number' },
  { key: 'shareWithinDueDate', title: { sv: 'Andel inom förfallodag', en: 'Share within due date' }, type: 'number' },
  { key: 'meanDaysBeforeDueDate', title: { sv: 'Dagar före förfallodag (medel)', en: 'Days before due date (mean)' }, type: 'number' },
  { key: 'feedbackAppropriate', title: { sv: 'Återkoppling: rätt', en: 'Feedback: appropriate' }, type: 'number' },
  { key: 'feedbackPrimaryCare', title: { sv: 'Återkoppling: borde stannat i primärvården', en: 'Feedback: should have stayed in primary care' }, type: 'number' },
  { key: 'feedbackMoreUrgent', title: { sv: 'Återkoppling: borde varit mer brådskande', en: 'Feedback: should have been more urgent' }, type: 'number' },
  { key: 'feedbackLessUrgent', title: { sv: 'Återkoppling: borde varit mindre brådskande', en: 'Feedback: should have been less urgent' }, type: 'number' },
  { key: 'feedbackTotal', title: { sv: 'Återkoppling totalt', en: 'Feedback in total' }, type: 'number' },
  { key: 'retriageRate', title: { sv: 'Andel omtriagerade', en: 'Re-triage rate' }, type: 'number' },
  { key: 'noShowRate', title: { sv: 'Andel uteblivna', en: 'No-show rate' }, type: 'number' },
  { key: 'travelAvoidedKm', title: { sv: 'Undvikna resor (km)', en: 'Travel avoided (km)' }, type: 'number' },
  { key: 'waitingBeforeGoLive', title: { sv: 'Väntetid före start (dagar)', en: 'Wait before go-live (days)' }, type: 'number' },
  { key: 'waitingSinceGoLive', title: { sv: 'Väntetid sedan start (dagar)', en: 'Wait since go-live (days)' }, type: 'number' },
];

/** The CSV's rows: each centre, and when there are several, a last row of all of them together. */
export function evaluationCsvRows(centres: CentreEvaluation[], total?: EvaluationFigures): Array<Record<string, unknown>> {
  const row = (f: EvaluationFigures) => ({
    ...f,
    feedbackAppropriate: f.feedback.appropriate,
    feedbackPrimaryCare: f.feedback.should_have_stayed_in_primary_care,
    feedbackMoreUrgent: f.feedback.should_have_been_more_urgent,
    feedbackLessUrgent: f.feedback.should_have_been_less_urgent,
    feedbackTotal: f.feedback.total,
    waitingBeforeGoLive: f.waitingDays.beforeGoLive,
    waitingSinceGoLive: f.waitingDays.sinceGoLive,
  });
  const rows: Array<Record<string, unknown>> = centres.map(row);
  if (total && centres.length > 1) rows.push({ ...row(total), healthCentreName: 'Alla hälsocentraler' });
  return rows;
}
