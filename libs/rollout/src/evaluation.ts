import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ApiError, clinicDate, rowsOf } from '@app/common';
import { AuditService } from '@app/audit';
import type { RequestContext } from '@app/identity';
import { PathwaysService } from '@app/pathways';
import { CSV_STYLES, type ReportColumn } from '@app/reporting';
import {
  type CentreEvaluation,
  type EvaluationCentre,
  evaluationFigures,
  type EvaluationFigures,
  type EvaluationGroup,
} from './evaluation-figures';

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'must be a date that exists',
  )
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
 * The pathway's day sums (`evaluation_day`, kept by triggers: migrations/1764118800000-EvaluationSums.ts) of
 * the region's centres (or one), added up per centre and category in one statement; `evaluationFigures` makes
 * the figures. `$4`..`$5` the period (triage dates, Stockholm), `$6` true to count each centre's cases only
 * from its go-live date. The waiting before and since go-live reads the whole history, whatever the period.
 */
const SUMS_SQL = `
  WITH centres AS (
    SELECT h.id, r.live_from FROM health_centre h
      LEFT JOIN pathway_rollout r ON r.health_centre_id = h.id AND r.pathway_key = $1
     WHERE h.region_id = $2 AND ($3::uuid IS NULL OR h.id = $3)
  ), g AS (
    -- First plain sums per centre, category, in the period or not, and before or since go-live (0: never live).
    SELECT d.health_centre_id, d.category,
           d.triaged_on BETWEEN $4::date AND $5::date AND (NOT $6::boolean OR d.triaged_on >= c.live_from) AS in_period,
           CASE WHEN c.live_from IS NULL THEN 0 WHEN d.triaged_on < c.live_from THEN 1 ELSE 2 END AS side,
           sum(d.cases) AS cases,
           sum(d.bookable) AS bookable,
           sum(d.booked) AS booked,
           sum(d.visits) AS visits,
           sum(d.days_to_visit) AS days_to_visit,
           sum(d.within_due) AS within_due,
           sum(d.with_due) AS with_due,
           sum(d.days_before_due) AS days_before_due,
           sum(d.retriaged) AS retriaged,
           sum(d.no_shows) AS no_shows,
           sum(d.visits_done) AS visits_done,
           sum(d.remote_done) AS remote_done,
           sum(d.fb_appropriate) AS fb_appropriate,
           sum(d.fb_primary_care) AS fb_primary_care,
           sum(d.fb_more_urgent) AS fb_more_urgent,
           sum(d.fb_less_urgent) AS fb_less_urgent
      FROM evaluation_day d JOIN centres c ON c.id = d.health_centre_id
     WHERE d.pathway_key = $1
     GROUP BY 1, 2, 3, 4
  )
  SELECT health_centre_id AS "centreId", category,
         coalesce(sum(cases) FILTER (WHERE in_period), 0)::int AS cases,
         coalesce(sum(bookable) FILTER (WHERE in_period), 0)::int AS bookable,
         coalesce(sum(booked) FILTER (WHERE in_period), 0)::int AS booked,
         coalesce(sum(visits) FILTER (WHERE in_period), 0)::int AS visits,
         coalesce(sum(days_to_visit) FILTER (WHERE in_period), 0)::float8 AS "daysToVisit",
         coalesce(sum(within_due) FILTER (WHERE in_period), 0)::int AS "withinDue",
         coalesce(sum(with_due) FILTER (WHERE in_period), 0)::int AS "withDue",
         coalesce(sum(days_before_due) FILTER (WHERE in_period), 0)::float8 AS "daysBeforeDue",
         coalesce(sum(retriaged) FILTER (WHERE in_period), 0)::int AS retriaged,
         coalesce(sum(no_shows) FILTER (WHERE in_period), 0)::int AS "noShows",
         coalesce(sum(visits_done) FILTER (WHERE in_period), 0)::int AS "visitsDone",
         coalesce(sum(remote_done) FILTER (WHERE in_period), 0)::int AS "remoteDone",
         coalesce(sum(fb_appropriate) FILTER (WHERE in_period), 0)::int AS "fbAppropriate",
         coalesce(sum(fb_primary_care) FILTER (WHERE in_period), 0)::int AS "fbPrimaryCare",
         coalesce(sum(fb_more_urgent) FILTER (WHERE in_period), 0)::int AS "fbMoreUrgent",
         coalesce(sum(fb_less_urgent) FILTER (WHERE in_period), 0)::int AS "fbLessUrgent",
         coalesce(sum(visits) FILTER (WHERE side = 1), 0)::int AS "visitsBeforeLive",
         coalesce(sum(days_to_visit) FILTER (WHERE side = 1), 0)::float8 AS "daysBeforeLive",
         coalesce(sum(visits) FILTER (WHERE side = 2), 0)::int AS "visitsSinceLive",
         coalesce(sum(days_to_visit) FILTER (WHERE side = 2), 0)::float8 AS "daysSinceLive",
         coalesce(sum(cases) FILTER (WHERE side = 2), 0)::int AS "casesSinceLive"
    FROM g GROUP BY 1, 2`;

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
        `SELECT h.id, h.name, coalesce(r.state, 'planned') AS state, r.live_from::text AS "liveFrom",
          h.road_distance_km::float8 AS "roadDistanceKm"
           FROM health_centre h LEFT JOIN pathway_rollout r ON r.health_centre_id = h.id AND r.pathway_key = $1
          WHERE h.region_id = $2 AND ($3::uuid IS NULL OR h.id = $3) ORDER BY h.name, h.id`,
        [key, ctx.actor.regionId, q.healthCentreId ?? null],
      );
      if (q.healthCentreId && centres.length === 0) throw ApiError.notFound('Health centre');
      await m.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
      const groups = await rowsOf<EvaluationGroup>(m, SUMS_SQL, [key, ctx.actor.regionId, q.healthCentreId ?? null, from, to, sinceGoLive]);
      // An aggregate read of the region's cases, no patient in it: one audit row of the query.
      await this.audit.record(m, ctx, {
        action: 'read',
        resourceType: 'PathwayEvaluation',
        resourceId: key,
        outcome: 'success',
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
  {
    key: 'feedbackPrimaryCare',
    title: { sv: 'Återkoppling: borde stannat i primärvården', en: 'Feedback: should have stayed in primary care' },
    type: 'number',
  },
  {
    key: 'feedbackMoreUrgent',
    title: { sv: 'Återkoppling: borde varit mer brådskande', en: 'Feedback: should have been more urgent' },
    type: 'number',
  },
  {
    key: 'feedbackLessUrgent',
    title: { sv: 'Återkoppling: borde varit mindre brådskande', en: 'Feedback: should have been less urgent' },
    type: 'number',
  },
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
