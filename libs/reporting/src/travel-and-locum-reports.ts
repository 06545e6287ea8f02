/** The reports of what remote care saves: the trips patients did not make, and on-site specialist weeks against locum cost. */

import type { ReportDefinition } from './report-definitions';
import { col, monthColumn, MONTHS, PERIOD_END, PERIOD_START, t, ZONE } from './report-sql';

/**
 * Kilograms of CO2 per kilometre by car. Assumption: an average Swedish passenger car in traffic emits
 * about 120 g CO2 per km (the fleet average reported by Trafikverket and Naturvårdsverket for recent
 * years is 110-130 g/km, falling as the fleet electrifies). Patients' trips to the hospital are taken
 * to be by car; a region with its own figure (bus, taxi, sjukresor) changes this constant.
 */
export const CO2_KG_PER_KM = 0.12;

/** Hours of one full-time working week, for turning on-site session hours into locum weeks. */
export const HOURS_PER_WEEK = 40;

export const travelAvoided: ReportDefinition = {
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

export const locumWeeks: ReportDefinition = {
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
