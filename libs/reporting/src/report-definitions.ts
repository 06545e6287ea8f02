/**
 * The reports, as data: what each one is called, its columns, and the one SQL statement that computes
 * it in the database. Every statement takes `$1` the caller's region, `$2` and `$3` the first and the
 * last Stockholm calendar date of the period (both included), and returns one row per table row with
 * the column keys as names. Held visits are read from `report_visit` (one narrow row per completed or
 * no-show visit, kept in sync by triggers; see migrations/1764054000000-Reporting.ts).
 */

import { agreementInvoice } from './agreement-invoice-report';
import { centreActivity, patientNotices } from './centre-reports';
import { staffingReport } from './staffing-report';
import { HOURS_PER_WEEK, locumWeeks, travelAvoided } from './travel-and-locum-reports';
import { waitingTimes } from './waiting-times-report';

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

/** Every report; the definitions live one file per family (waiting times, centres, travel and locums, agreements, staffing). */
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
