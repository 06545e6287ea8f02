/** The SQL fragments and column helpers the report definitions share (see report-definitions.ts). */

import type { ColumnType, Localised, ReportColumn } from './report-definitions';

export const ZONE = `'Europe/Stockholm'`;
/** The months that touch the period, as dates (first of the month). */
export const MONTHS = `SELECT generate_series(date_trunc('month', $2::date::timestamp), $3::date::timestamp, interval '1 month')::date AS month`;
export const PERIOD_START = `($2::date::timestamp AT TIME ZONE ${ZONE})`;
export const PERIOD_END = `(($3::date + 1)::timestamp AT TIME ZONE ${ZONE})`;
export const MONTH_OF_DATE = (col: string) => `date_trunc('month', ${col}::timestamp)::date`;

export const t = (sv: string, en: string): Localised => ({ sv, en });
export const col = (key: string, sv: string, en: string, type: ColumnType): ReportColumn => ({ key, title: t(sv, en), type });
export const monthColumn = col('month', 'Månad', 'Month', 'date');
