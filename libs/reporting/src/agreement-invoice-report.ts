import type { ReportDefinition } from './report-definitions';
import { col, MONTH_OF_DATE, monthColumn, MONTHS, t, ZONE } from './report-sql';

export const agreementInvoice: ReportDefinition = {
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
