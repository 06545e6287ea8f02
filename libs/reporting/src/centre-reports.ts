/** The reports per health centre and month: activity (visits, no-shows, answers) and patients' notices. */

import type { ReportDefinition } from './report-definitions';
import { col, MONTH_OF_DATE, monthColumn, MONTHS, PERIOD_END, PERIOD_START, t, ZONE } from './report-sql';

export const centreActivity: ReportDefinition = {
  id: 'centre-activity',
  title: t('Aktivitet per hälsocentral', 'Activity by health centre'),
  description: t(
    'Per hälsocentral och månad: genomförda besök, uteblivna besök, andel uteblivna och skickade svar (efter svarets datum).',
    "Per health centre and month: completed visits, no-shows, no-show share and answers sent (by the answer's date).",
  ),
  columns: [
    col('healthCentre', 'Hälsocentral', 'Health centre', 'text'),
    monthColumn,
    col('completed', 'Genomförda besök', 'Completed visits', 'number'),
    col('noShows', 'Uteblivna besök', 'No-shows', 'number'),
    col('noShowPercent', 'Andel uteblivna', 'No-show share', 'percent'),
    col('answers', 'Skickade svar', 'Answers sent', 'number'),
  ],
  sql: `
    WITH months AS (${MONTHS}),
    v AS (
      -- The day counts (report_centre_day): a year is a few thousand rows, not every visit.
      SELECT health_centre_id, date_trunc('month', day)::date AS month,
             sum(completed) AS completed, sum(no_shows) AS no_shows, sum(answers) AS answers
        FROM report_centre_day
       WHERE region_id = $1 AND day BETWEEN $2::date AND $3::date
       GROUP BY 1, 2
    )
    SELECT hc.name AS "healthCentre", to_char(m.month, 'YYYY-MM-DD') AS month,
           coalesce(v.completed, 0)::int AS completed, coalesce(v.no_shows, 0)::int AS "noShows",
           CASE WHEN coalesce(v.completed, 0) + coalesce(v.no_shows, 0) > 0
                THEN round(100.0 * v.no_shows / (v.completed + v.no_shows), 1)::float8 END AS "noShowPercent",
           coalesce(v.answers, 0)::int AS answers
      FROM health_centre hc CROSS JOIN months m
      LEFT JOIN v ON v.health_centre_id = hc.id AND v.month = m.month
     WHERE hc.region_id = $1
     ORDER BY hc.name, m.month`,
};

/**
 * Patients in the loop (issue 22): per health centre and month of the visit's time, the visits whose
 * patient got a personal link (a notice about a booked, moved or reminded visit), the share of those the
 * patient confirmed, the visits she cancelled or moved through her link, her wishes for another time, and
 * the notices that never reached her. The no-show share per centre and month is in `centre-activity`.
 */
export const patientNotices: ReportDefinition = {
  id: 'patient-notices',
  title: t('Kallelser och bekräftelser', 'Notices and confirmations'),
  description: t(
    'Per hälsocentral och månad (besökets tid): besök där patienten fick en personlig länk, andel som patienten bekräftade, besök som patienten avbokade eller flyttade via länken, önskemål om annan tid och meddelanden som inte nådde patienten.',
    "Per health centre and month (of the visit's time): visits whose patient got a personal link, the share the patient confirmed, visits the patient cancelled or moved through the link, wishes for another time, and notices that did not reach the patient.",
  ),
  columns: [
    col('healthCentre', 'Hälsocentral', 'Health centre', 'text'),
    monthColumn,
    col('visitsWithLink', 'Besök med länk', 'Visits with a link', 'number'),
    col('confirmed', 'Bekräftade', 'Confirmed', 'number'),
    col('confirmedPercent', 'Andel bekräftade', 'Confirmed share', 'percent'),
    col('cancelledByPatient', 'Avbokade via länken', 'Cancelled through the link', 'number'),
    col('movedByPatient', 'Flyttade via länken', 'Moved through the link', 'number'),
    col('wishes', 'Önskemål om annan tid', 'Wishes for another time', 'number'),
    col('undelivered', 'Ej levererade meddelanden', 'Notices not delivered', 'number'),
  ],
  sql: `
    WITH months AS (${MONTHS}),
    v AS (
      SELECT s.health_centre_id, ${MONTH_OF_DATE(`(s.start_at AT TIME ZONE ${ZONE})::date`)} AS month, vi.id, b.status AS booking_status,
             b.cancel_reason, vi.patient_confirmed_at, vi.patient_wish_at,
             EXISTS (SELECT 1 FROM patient_link l WHERE l.visit_id = vi.id) AS linked,
             vi.patient_moved_at IS NOT NULL AS moved,
             (SELECT count(*) FROM notice_outbox o WHERE o.visit_id = vi.id AND o.status = 'failed') AS failed
        FROM slot s
        JOIN health_centre h ON h.id = s.health_centre_id AND h.region_id = $1
        JOIN booking b ON b.slot_id = s.id
        JOIN visit vi ON vi.booking_id = b.id
       WHERE s.start_at >= ${PERIOD_START} AND s.start_at < ${PERIOD_END}
    ),
    g AS (
      SELECT health_centre_id, month, count(*) FILTER (WHERE linked) AS linked,
             count(*) FILTER (WHERE linked AND patient_confirmed_at IS NOT NULL) AS confirmed,
             count(*) FILTER (WHERE booking_status = 'cancelled' AND cancel_reason = 'cancelled by the patient') AS cancelled,
             count(*) FILTER (WHERE moved) AS moved, count(*) FILTER (WHERE patient_wish_at IS NOT NULL) AS wishes,
             sum(failed) AS failed
        FROM v GROUP BY 1, 2
    )
    SELECT hc.name AS "healthCentre", to_char(m.month, 'YYYY-MM-DD') AS month,
           coalesce(g.linked, 0)::int AS "visitsWithLink", coalesce(g.confirmed, 0)::int AS confirmed,
           CASE WHEN coalesce(g.linked, 0) > 0 THEN round(100.0 * g.confirmed / g.linked, 1)::float8 END AS "confirmedPercent",
           coalesce(g.cancelled, 0)::int AS "cancelledByPatient", coalesce(g.moved, 0)::int AS "movedByPatient",
           coalesce(g.wishes, 0)::int AS wishes, coalesce(g.failed, 0)::int AS undelivered
      FROM health_centre hc CROSS JOIN months m
      LEFT JOIN g ON g.health_centre_id = hc.id AND g.month = m.month
     WHERE hc.region_id = $1
     ORDER BY hc.name, m.month`,
};
