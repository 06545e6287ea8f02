/**
 * The reports, as data: what each one is called, its columns, and the one SQL statement that computes
 * it in the database. Every statement takes `$1` the caller's region, `$2` and `$3` the first and the
 * last Stockholm calendar date of the period (both included), and returns one row per table row with
 * the column keys as names. Held visits are read from `report_visit` (one narrow row per completed or
 * no-show visit, kept in sync by triggers; see migrations/1764054000000-Reporting.ts).
 */

import { staffingReport } from './staffing-report';

export type ColumnType = 'text' | 'number' | 'date' | 'percent' | 'money';

export interface Localised {
  sv: string;
  en: string;
}

export interface ReportColumn {
  key: string;
  title: Localised;
  /** `percent` values are 0-100; `money` values are in the currency named by the row or the title; `date` is YYYY-MM-DD (a month is its first day). */
  type: ColumnType;
}

export interface ReportDefinition {
  id: string;
  title: Localised;
  description: Localised;
  columns: ReportColumn[];
  sql: string;
  /** Parameters after $1-$3, when the statement needs constants. */
  extraParams?: unknown[];
}

/**
 * Kilograms of CO2 per kilometre by car. Assumption: an average Swedish passenger car in traffic emits
 * about 120 g CO2 per km (the fleet average reported by Trafikverket and Naturvårdsverket for recent
 * years is 110-130 g/km, falling as the fleet electrifies). Patients' trips to the hospital are taken
 * to be by car; a region with its own figure (bus, taxi, sjukresor) changes this constant.
 */
export const CO2_KG_PER_KM = 0.12;

/** Hours of one full-time working week, for turning on-site session hours into locum weeks. */
export const HOURS_PER_WEEK = 40;

const ZONE = `'Europe/Stockholm'`;
/** The months that touch the period, as dates (first of the month). */
const MONTHS = `SELECT generate_series(date_trunc('month', $2::date::timestamp), $3::date::timestamp, interval '1 month')::date AS month`;
const PERIOD_START = `($2::date::timestamp AT TIME ZONE ${ZONE})`;
const PERIOD_END = `(($3::date + 1)::timestamp AT TIME ZONE ${ZONE})`;
const MONTH_OF_DATE = (col: string) => `date_trunc('month', ${col}::timestamp)::date`;

const t = (sv: string, en: string): Localised => ({ sv, en });
const col = (key: string, sv: string, en: string, type: ColumnType): ReportColumn => ({ key, title: t(sv, en), type });
const monthColumn = col('month', 'Månad', 'Month', 'date');

/**
 * `percentile_cont(p)` over a histogram instead of a sort of every visit: the value at 0-based position
 * p·(n-1), interpolated between its two neighbours, where the k-th value is the first `wait` whose
 * running count exceeds k.
 */
const percentile = (p: number, name: string) => `
  min(wait) FILTER (WHERE upto > floor(${p} * (total - 1))) AS ${name}_lo,
  min(wait) FILTER (WHERE upto > ceil(${p} * (total - 1))) AS ${name}_hi,
  ${p} * (max(total) - 1) - floor(${p} * (max(total) - 1)) AS ${name}_frac`;
const interpolated = (name: string) => `round((${name}_lo + ${name}_frac * (${name}_hi - ${name}_lo))::numeric, 1)::float8`;

const waitingTimes: ReportDefinition = {
  id: 'waiting-times',
  title: t('Väntetider per prioritet', 'Waiting times by priority'),
  description: t(
    'Genomförda besök under perioden per triagekategori: antal, kategorins måltid i dagar, andel som fick besök senast på förfallodagen, median och 90:e percentil i dagar från triage till besök (svenska datum).',
    "Visits held in the period by triage category: count, the category's target in days, share seen by the due date, median and 90th percentile of days from triage to visit (Swedish dates).",
  ),
  columns: [
    col('pathway', 'Flöde', 'Pathway', 'text'),
    col('category', 'Kategori (nyckel)', 'Category (key)', 'text'),
    col('categoryLabel', 'Kategori', 'Category', 'text'),
    col('visits', 'Besök', 'Visits', 'number'),
    col('dueDays', 'Måltid (dagar)', 'Target (days)', 'number'),
    col('withinTargetPercent', 'Inom måltid', 'Within target', 'percent'),
    col('medianDays', 'Median (dagar)', 'Median (days)', 'number'),
    col('p90Days', '90:e percentil (dagar)', '90th percentile (days)', 'number'),
  ],
  sql: `
    WITH held AS (
      -- The days-waited histogram (report_wait_day, kept by triggers): a year is tens of thousands of
      -- rows instead of every visit. Buckets emptied by later changes hold 0 and are left out.
      SELECT pathway_key, category, wait_days AS wait, sum(visits) AS n, sum(with_due) AS n_due, sum(in_time) AS n_in_time
        FROM report_wait_day
       WHERE region_id = $1 AND day BETWEEN $2::date AND $3::date
       GROUP BY pathway_key, category, wait_days
      HAVING sum(visits) > 0
    ), cum AS (
      SELECT held.*, sum(n) OVER (PARTITION BY pathway_key, category ORDER BY wait) AS upto,
             sum(n) OVER (PARTITION BY pathway_key, category) AS total
        FROM held
    ), g AS (
      SELECT pathway_key, category, max(total) AS visits, sum(n_due) AS n_due, sum(n_in_time) AS n_in_time,
             ${percentile(0.5, 'p50')}, ${percentile(0.9, 'p90')}
        FROM cum GROUP BY pathway_key, category
    )
    SELECT coalesce(cat.pathway_title, g.pathway_key) AS pathway, g.category, coalesce(cat.label, g.category) AS "categoryLabel",
           g.visits::int AS visits, cat.due_days AS "dueDays",
           CASE WHEN g.n_due > 0 THEN round(100.0 * g.n_in_time / g.n_due, 1)::float8 END AS "withinTargetPercent",
           ${interpolated('p50')} AS "medianDays", ${interpolated('p90')} AS "p90Days"
      FROM g
      LEFT JOIN LATERAL (
        SELECT pv.definition->'title'->>'sv' AS pathway_title, c->'label'->>'sv' AS label,
               (c->>'dueInDays')::int AS due_days, (c->>'order')::int AS ord
          FROM pathway_version pv CROSS JOIN jsonb_array_elements(pv.definition->'categories') c
         WHERE pv.pathway_key = g.pathway_key AND pv.status <> 'draft' AND c->>'key' = g.category
         ORDER BY pv.status = 'published' DESC, pv.version DESC
         LIMIT 1) cat ON true
     ORDER BY g.pathway_key, cat.ord NULLS LAST, g.category`,
};

const centreActivity: ReportDefinition = {
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

const travelAvoided: ReportDefinition = {
  id: 'travel-avoided',
  title: t('Undvikna resor', 'Travel avoided'),
  description: t(
    `Per månad: genomförda videobesök på hälsocentralen och den resa till sjukhuset som patienten slapp (tur och retur): kilometer, restimmar och koldioxid (${CO2_KG_PER_KM} kg CO2 per km med bil).`,
    `Per month: completed video visits at the health centre and the round trip to the hospital the patient did not make: kilometres, hours and carbon dioxide (${CO2_KG_PER_KM} kg CO2 per km by car).`,
  ),
  columns: [
    monthColumn,
    col('remoteVisits', 'Videobesök', 'Video visits', 'number'),
    col('kmAvoided', 'Undvikna km', 'Km avoided', 'number'),
    col('hoursAvoided', 'Undvikna restimmar', 'Travel hours avoided', 'number'),
    col('co2Kg', 'Undviken CO2 (kg)', 'CO2 avoided (kg)', 'number'),
  ],
  sql: `
    WITH months AS (${MONTHS}),
    per AS (
      SELECT date_trunc('month', day)::date AS month, health_centre_id, sum(remote_completed) AS n
        FROM report_centre_day
       WHERE region_id = $1 AND day BETWEEN $2::date AND $3::date
       GROUP BY 1, 2
    ), m AS (
      SELECT months.month, coalesce(sum(per.n), 0) AS visits,
             coalesce(sum(per.n * 2 * hc.road_distance_km), 0) AS km,
             coalesce(sum(per.n * 2 * hc.travel_minutes), 0) / 60.0 AS hours
        FROM months LEFT JOIN per ON per.month = months.month LEFT JOIN health_centre hc ON hc.id = per.health_centre_id
       GROUP BY months.month
    )
    SELECT to_char(month, 'YYYY-MM-DD') AS month, visits::int AS "remoteVisits", round(km, 1)::float8 AS "kmAvoided",
           round(hours, 1)::float8 AS "hoursAvoided", round(km * $4::numeric, 1)::float8 AS "co2Kg"
      FROM m ORDER BY month`,
  extraParams: [CO2_KG_PER_KM],
};

const locumWeeks: ReportDefinition = {
  id: 'locum-weeks',
  title: t('Läkarveckor på plats och hyrläkarkostnad', 'On-site specialist weeks and locum cost'),
  description: t(
    `Per månad: planerade eller genomförda mottagningar på plats i regionen, timmar, veckor (timmar / ${HOURS_PER_WEEK}) och vad samma veckor hade kostat med hyrläkare till den veckokostnad ni anger.`,
    `Per month: planned or held on-site sessions in the region, hours, weeks (hours / ${HOURS_PER_WEEK}) and what the same weeks would cost with an external locum at the weekly rate you enter.`,
  ),
  columns: [
    monthColumn,
    col('sessions', 'Mottagningar på plats', 'On-site sessions', 'number'),
    col('hours', 'Timmar', 'Hours', 'number'),
    col('weeks', 'Veckor', 'Weeks', 'number'),
    col('locumCost', 'Kostnad med hyrläkare', 'Cost with external locum', 'money'),
  ],
  sql: `
    WITH months AS (${MONTHS}),
    s AS (
      SELECT date_trunc('month', lower(period) AT TIME ZONE ${ZONE})::date AS month, count(*) AS sessions,
             sum(extract(epoch FROM upper(period) - lower(period))) / 3600.0 AS hours
        FROM clinic_session
       WHERE region_id = $1 AND mode = 'onsite' AND status = 'planned'
         AND period && tstzrange(${PERIOD_START}, ${PERIOD_END}, '[)')
         AND lower(period) >= ${PERIOD_START} AND lower(period) < ${PERIOD_END}
       GROUP BY 1
    )
    SELECT to_char(months.month, 'YYYY-MM-DD') AS month, coalesce(s.sessions, 0)::int AS sessions,
           round(coalesce(s.hours, 0), 2)::float8 AS hours, round(coalesce(s.hours, 0) / $4::numeric, 2)::float8 AS weeks,
           CASE WHEN rs.external_locum_weekly_cost IS NOT NULL
                THEN round(coalesce(s.hours, 0) / $4::numeric * rs.external_locum_weekly_cost, 2)::float8 END AS "locumCost"
      FROM months LEFT JOIN s ON s.month = months.month
      LEFT JOIN region_setting rs ON rs.region_id = $1
     ORDER BY months.month`,
  extraParams: [HOURS_PER_WEEK],
};

const agreementInvoice: ReportDefinition = {
  id: 'agreement-invoice',
  title: t('Fakturaunderlag för regionavtal', 'Invoice basis for region agreements'),
  description: t(
    'Per avtal och månad (avtal där regionen är utförare eller mottagare): genomförda videobesök, dagar på plats och uteblivna videobesök enligt avtalet, var och en gånger avtalets pris, och summan att betala från mottagaren till utföraren. En dag på plats betalas hel, så besök och uteblivanden på plats prissätts inte var för sig.',
    "Per agreement and month (agreements where the region provides or receives): completed video visits, on-site days and video no-shows under the agreement, each times the agreement's price, and the total the receiver owes the provider. An on-site day is paid whole, so on-site visits and no-shows are not priced one by one.",
  ),
  columns: [
    col('agreement', 'Avtal', 'Agreement', 'text'),
    col('provider', 'Utförande region', 'Provider region', 'text'),
    col('receiver', 'Mottagande region', 'Receiver region', 'text'),
    monthColumn,
    col('remoteVisits', 'Videobesök', 'Video visits', 'number'),
    col('remoteVisitPrice', 'Pris per videobesök', 'Price per video visit', 'money'),
    col('remoteVisitAmount', 'Belopp videobesök', 'Video visits amount', 'money'),
    col('onsiteDays', 'Dagar på plats', 'On-site days', 'number'),
    col('onsiteDayPrice', 'Pris per dag på plats', 'Price per on-site day', 'money'),
    col('onsiteDayAmount', 'Belopp dagar på plats', 'On-site days amount', 'money'),
    col('noShows', 'Uteblivna videobesök', 'Video no-shows', 'number'),
    col('noShowPrice', 'Pris per uteblivet besök', 'Price per no-show', 'money'),
    col('noShowAmount', 'Belopp uteblivna', 'No-shows amount', 'money'),
    col('total', 'Att betala', 'Total owed', 'money'),
    col('currency', 'Valuta', 'Currency', 'text'),
  ],
  sql: `
    WITH months AS (${MONTHS}),
    a AS (
      SELECT ag.id, ag.title, ag.valid_from, ag.valid_to, ag.price_remote_visit, ag.price_onsite_day, ag.price_no_show, ag.currency,
             pr.name AS provider, rr.name AS receiver
        FROM region_agreement ag JOIN region pr ON pr.id = ag.provider_region_id JOIN region rr ON rr.id = ag.receiver_region_id
       WHERE $1 IN (ag.provider_region_id, ag.receiver_region_id) AND ag.status IN ('active', 'terminated')
         AND ag.valid_from <= $3::date AND ag.valid_to >= $2::date
    ), v AS (
      SELECT agreement_id, month,
             count(*) FILTER (WHERE status = 'completed' AND mode = 'remote') AS remote_visits,
             count(*) FILTER (WHERE status = 'no_show' AND mode = 'remote') AS no_shows
        FROM report_visit
       WHERE agreement_id IN (SELECT id FROM a) AND clinic_date BETWEEN $2::date AND $3::date
       GROUP BY 1, 2
    ), d AS (
      SELECT agreement_id, ${MONTH_OF_DATE('day')} AS month, count(DISTINCT day) AS days
        FROM (SELECT agreement_id, (lower(period) AT TIME ZONE ${ZONE})::date AS day
                FROM clinic_session
               WHERE agreement_id IN (SELECT id FROM a) AND mode = 'onsite' AND status = 'planned') s
       WHERE day BETWEEN $2::date AND $3::date
       GROUP BY 1, 2
    ), r AS (
      SELECT a.*, months.month, coalesce(v.remote_visits, 0) AS remote_visits, coalesce(d.days, 0) AS days, coalesce(v.no_shows, 0) AS no_shows
        FROM a JOIN months ON months.month <= a.valid_to AND months.month + interval '1 month' > a.valid_from
        LEFT JOIN v ON v.agreement_id = a.id AND v.month = months.month
        LEFT JOIN d ON d.agreement_id = a.id AND d.month = months.month
    )
    SELECT title AS agreement, provider, receiver, to_char(month, 'YYYY-MM-DD') AS month,
           remote_visits::int AS "remoteVisits", price_remote_visit::float8 AS "remoteVisitPrice",
           (remote_visits * price_remote_visit)::float8 AS "remoteVisitAmount",
           days::int AS "onsiteDays", price_onsite_day::float8 AS "onsiteDayPrice", (days * price_onsite_day)::float8 AS "onsiteDayAmount",
           no_shows::int AS "noShows", price_no_show::float8 AS "noShowPrice", (no_shows * price_no_show)::float8 AS "noShowAmount",
           (remote_visits * price_remote_visit + days * price_onsite_day + no_shows * price_no_show)::float8 AS total,
           currency
      FROM r
     ORDER BY title, id, month`,
};

/**
 * Patients in the loop (issue 22): per health centre and month of the visit's time, the visits whose
 * patient got a personal link (a notice about a booked, moved or reminded visit), the share of those the
 * patient confirmed, the visits she cancelled or moved through her link, her wishes for another time, and
 * the notices that never reached her. The no-show share per centre and month is in `centre-activity`.
 */
const patientNotices: ReportDefinition = {
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

export const REPORTS: readonly ReportDefinition[] = [
  waitingTimes,
  centreActivity,
  travelAvoided,
  locumWeeks,
  agreementInvoice,
  patientNotices,
  staffingReport(HOURS_PER_WEEK),
];

export function findReport(id: string): ReportDefinition | undefined {
  return REPORTS.find((r) => r.id === id);
}
