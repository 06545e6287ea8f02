import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { ApiError, rowsOf } from '@app/common';
import type { RequestContext } from '@app/identity';
import { findReport, Localised, REPORTS, ReportColumn } from './report-definitions';

export interface ReportSummary {
  id: string;
  title: Localised;
  description: Localised;
}

export interface ReportResult {
  id: string;
  from: string;
  to: string;
  columns: ReportColumn[];
  rows: Array<Record<string, unknown>>;
}

export interface ReportSettings {
  externalLocumWeeklyCost: number | null;
  currency: string;
  updatedAt: string | null;
}

/** The longest period a report covers. */
export const MAX_YEARS = 5;
/** A report that runs longer than this is stopped (the reports read a replica-friendly, indexed table; this is a guard). */
const STATEMENT_TIMEOUT_MS = 30_000;
const WORK_MEM = '64MB';

function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): ReportSummary[] {
    return REPORTS.map(({ id, title, description }) => ({ id, title, description }));
  }

  /**
   * Runs one report for the caller's region over [from, to] (Stockholm dates, both included), computed
   * by one statement in the database; the run is audit-logged in the same transaction.
   */
  async run(ctx: RequestContext, id: string, from: string, to: string): Promise<ReportResult> {
    const report = findReport(id);
    if (!report) throw ApiError.notFound('Report');
    if (to < from) throw ApiError.invalid('The period ends before it starts', [{ field: 'to', reason: 'must be on or after from' }]);
    if (to >= addYears(from, MAX_YEARS)) {
      throw ApiError.invalid(`A report covers at most ${MAX_YEARS} years`, [
        { field: 'to', reason: `must be less than ${MAX_YEARS} years after from` },
      ]);
    }
    const rows = await this.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
      // Room to hash a year of a region's visits in memory instead of sorting them on disk.
      await m.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
      const result = await rowsOf<Record<string, unknown>>(m, report.sql, [ctx.actor.regionId, from, to, ...(report.extraParams ?? [])]);
      await this.audit.record(m, ctx, {
        action: 'execute',
        resourceType: 'Report',
        resourceId: report.id,
        outcome: 'success',
        detail: { from, to },
      });
      return result;
    });
    const keys = report.columns.map((c) => c.key);
    return {
      id: report.id,
      from,
      to,
      columns: report.columns,
      rows: rows.map((row) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]))),
    };
  }

  async settings(ctx: RequestContext): Promise<ReportSettings> {
    const [row] = await this.dataSource.query(
      `SELECT external_locum_weekly_cost::float8 AS cost, currency, updated_at FROM region_setting WHERE region_id = $1`,
      [ctx.actor.regionId],
    );
    return {
      externalLocumWeeklyCost: row?.cost ?? null,
      currency: row?.currency ?? 'SEK',
      updatedAt: row?.updated_at ? new Date(row.updated_at).toISOString() : null,
    };
  }

  async updateSettings(ctx: RequestContext, externalLocumWeeklyCost: number | null): Promise<ReportSettings> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO region_setting (region_id, external_locum_weekly_cost, updated_by, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (region_id) DO UPDATE SET external_locum_weekly_cost = EXCLUDED.external_locum_weekly_cost,
           updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [ctx.actor.regionId, externalLocumWeeklyCost, ctx.actor.userId],
      );
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'RegionSetting',
        resourceId: ctx.actor.regionId,
        outcome: 'success',
        detail: { externalLocumWeeklyCost },
      });
    });
    return this.settings(ctx);
  }
}
