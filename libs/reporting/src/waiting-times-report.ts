import type { ReportDefinition } from './report-definitions';
import { col, t } from './report-sql';

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

export const waitingTimes: ReportDefinition = {
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
