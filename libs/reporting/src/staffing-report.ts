import type { ReportDefinition } from './report-definitions';

const ZONE = `'Europe/Stockholm'`;
const PERIOD_START = `($2::date::timestamp AT TIME ZONE ${ZONE})`;
const PERIOD_END = `(($3::date + 1)::timestamp AT TIME ZONE ${ZONE})`;

/**
 * Issue 19, item 6: what the board asked about, per specialty and month side by side: remote visits held
 * (a pathway's specialty, from its definition), internal locum weeks (internstafett) planned as on-site
 * sessions (as the `locum-weeks` report counts them: hours / `hoursPerWeek`, by the specialist's clinic's
 * specialty) and as the region recorded them, and hired-doctor (hyrläkare) weeks and costs as recorded
 * (`staffing_month`, PUT /staffing or its CSV import). A recorded internal figure wins over the planned one
 * in `internalLocumWeeks` (months before the product planned the sessions). Months with nothing are listed
 * for every specialty that has anything in the period, so a trend reads without gaps.
 */
export function staffingReport(hoursPerWeek: number): ReportDefinition {
  const t = (sv: string, en: string) => ({ sv, en });
  return {
    id: 'staffing',
    title: t('Hyrläkare, internstafett och distansbesök', 'Hired doctors, internal locums and remote visits'),
    description: t(
      'Per specialitet och månad: genomförda distansbesök, internstafett i veckor (planerade mottagningar på plats, ' +
        `timmar / ${hoursPerWeek}, och regionens egna registrerade veckor) och hyrläkarveckor och hyrläkarkostnad som ` +
        'regionen registrerat eller importerat.',
      `Per specialty and month: remote visits held, internal locum weeks (on-site sessions planned, hours / ${hoursPerWeek}, ` +
        'and the weeks the region recorded itself) and the hired-doctor weeks and cost the region recorded or imported.',
    ),
    columns: [
      { key: 'specialty', title: t('Specialitet', 'Specialty'), type: 'text' },
      { key: 'month', title: t('Månad', 'Month'), type: 'date' },
      { key: 'remoteVisits', title: t('Distansbesök', 'Remote visits'), type: 'number' },
      { key: 'internalLocumWeeksPlanned', title: t('Internstafett, planerad (veckor)', 'Internal locum, planned (weeks)'), type: 'number' },
      {
        key: 'internalLocumWeeksRecorded',
        title: t('Internstafett, registrerad (veckor)', 'Internal locum, recorded (weeks)'),
        type: 'number',
      },
      { key: 'internalLocumWeeks', title: t('Internstafett (veckor)', 'Internal locum (weeks)'), type: 'number' },
      { key: 'hiredDoctorWeeks', title: t('Hyrläkarveckor', 'Hired-doctor weeks'), type: 'number' },
      { key: 'hiredDoctorCost', title: t('Hyrläkarkostnad', 'Hired-doctor cost'), type: 'money' },
      { key: 'currency', title: t('Valuta', 'Currency'), type: 'text' },
    ],
    sql: `
      WITH months AS (
        SELECT generate_series(date_trunc('month', $2::date::timestamp), $3::date::timestamp, interval '1 month')::date AS month
      ), rv AS (
        SELECT pathway_key, month, count(*) AS n
          FROM report_visit
         WHERE region_id = $1 AND clinic_date BETWEEN $2::date AND $3::date AND status = 'completed' AND mode = 'remote'
         GROUP BY 1, 2
      ), remote AS (
        SELECT ps.specialty, rv.month, sum(rv.n) AS n
          FROM rv
          LEFT JOIN LATERAL (
            SELECT pv.definition->>'specialty' AS specialty FROM pathway_version pv
             WHERE pv.pathway_key = rv.pathway_key AND pv.status <> 'draft'
             ORDER BY pv.status = 'published' DESC, pv.version DESC LIMIT 1) ps ON true
         GROUP BY 1, 2
      ), onsite AS (
        SELECT cl.specialty, date_trunc('month', lower(s.period) AT TIME ZONE ${ZONE})::date AS month,
               sum(extract(epoch FROM upper(s.period) - lower(s.period))) / 3600.0 AS hours
          FROM clinic_session s JOIN app_user u ON u.id = s.specialist_id JOIN clinic cl ON cl.id = u.clinic_id
         WHERE s.region_id = $1 AND s.mode = 'onsite' AND s.status = 'planned'
           AND s.period && tstzrange(${PERIOD_START}, ${PERIOD_END}, '[)')
           AND lower(s.period) >= ${PERIOD_START} AND lower(s.period) < ${PERIOD_END}
         GROUP BY 1, 2
      ), rec AS (
        SELECT specialty_key AS specialty, month, hired_doctor_weeks, hired_doctor_cost, internal_locum_weeks, currency
          FROM staffing_month
         WHERE region_id = $1 AND month BETWEEN date_trunc('month', $2::date::timestamp)::date AND $3::date
      ), specialties AS (
        SELECT specialty FROM remote UNION SELECT specialty FROM onsite UNION SELECT specialty FROM rec
      )
      SELECT coalesce(sp.label->>'sv', x.specialty, '–') AS specialty, to_char(months.month, 'YYYY-MM-DD') AS month,
             coalesce(remote.n, 0)::int AS "remoteVisits",
             round(coalesce(onsite.hours, 0) / $4::numeric, 2)::float8 AS "internalLocumWeeksPlanned",
             rec.internal_locum_weeks::float8 AS "internalLocumWeeksRecorded",
             coalesce(rec.internal_locum_weeks, round(coalesce(onsite.hours, 0) / $4::numeric, 2))::float8 AS "internalLocumWeeks",
             rec.hired_doctor_weeks::float8 AS "hiredDoctorWeeks", rec.hired_doctor_cost::float8 AS "hiredDoctorCost",
             coalesce(rec.currency, 'SEK') AS currency
        FROM specialties x CROSS JOIN months
        LEFT JOIN specialty sp ON sp.key = x.specialty
        LEFT JOIN remote ON remote.specialty IS NOT DISTINCT FROM x.specialty AND remote.month = months.month
        LEFT JOIN onsite ON onsite.specialty IS NOT DISTINCT FROM x.specialty AND onsite.month = months.month
        LEFT JOIN rec ON rec.specialty = x.specialty AND rec.month = months.month
       ORDER BY 1, months.month`,
    extraParams: [hoursPerWeek],
  };
}
