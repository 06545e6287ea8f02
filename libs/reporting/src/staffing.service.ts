import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { ApiError, rowsOf } from '@app/common';
import type { RequestContext } from '@app/identity';
import { parseStaffingCsv } from './core/staffing-csv';
import type { StaffingMonthDto, StaffingQueryDto } from './staffing.dto';

export interface StaffingMonth {
  specialty: string;
  month: string;
  hiredDoctorWeeks: number;
  hiredDoctorCost: number;
  internalLocumWeeks: number | null;
  currency: string;
  updatedAt: string;
}

const SELECT = `SELECT specialty_key AS specialty, to_char(month, 'YYYY-MM') AS month, hired_doctor_weeks::float8 AS "hiredDoctorWeeks",
                       hired_doctor_cost::float8 AS "hiredDoctorCost", internal_locum_weeks::float8 AS "internalLocumWeeks", currency,
                       to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
                  FROM staffing_month`;

const UPSERT = `INSERT INTO staffing_month (region_id, specialty_key, month, hired_doctor_weeks, hired_doctor_cost,
  internal_locum_weeks, currency, updated_by)
                VALUES ($1, $2, ($3 || '-01')::date, $4, $5, $6, $7, $8)
                ON CONFLICT (region_id, month, specialty_key) DO UPDATE SET hired_doctor_weeks = EXCLUDED.hired_doctor_weeks,
                  hired_doctor_cost = EXCLUDED.hired_doctor_cost, internal_locum_weeks = EXCLUDED.internal_locum_weeks,
                  currency = EXCLUDED.currency, updated_by = EXCLUDED.updated_by, updated_at = now()`;

/**
 * Issue 19, item 6: the region's hired-doctor (hyrläkare) weeks and costs and its internal locum weeks
 * (internstafett) per specialty and month, entered one month at a time or imported from a CSV file.
 * Region-scoped: every statement names the caller's region; each write is audited in its transaction.
 */
@Injectable()
export class StaffingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, q: StaffingQueryDto): Promise<StaffingMonth[]> {
    return this.dataSource.transaction(async (m) => {
      const rows = await rowsOf<StaffingMonth>(
        m,
        `${SELECT} WHERE region_id = $1 AND month >= ($2 || '-01')::date AND month <= ($3 || '-01')::date ORDER BY month, specialty_key`,
        [ctx.actor.regionId, q.from ?? '2000-01', q.to ?? '2099-12'],
      );
      await this.audit.record(m, ctx, {
        action: 'read',
        resourceType: 'StaffingMonth',
        resourceId: ctx.actor.regionId,
        outcome: 'success',
        detail: { from: q.from, to: q.to },
      });
      return rows;
    });
  }

  /** Records one specialty's month (replacing what was there); an unknown specialty is 422 naming the field. */
  async put(ctx: RequestContext, dto: StaffingMonthDto): Promise<StaffingMonth> {
    const { month } = dto;
    return this.dataSource.transaction(async (m) => {
      const known = await this.specialties(m);
      const key = known.get(dto.specialty.toLowerCase());
      if (!key)
        throw ApiError.invalid('Unknown specialty', [
          { field: 'specialty', reason: `must be one of ${[...new Set(known.values())].join(', ')}` },
        ]);
      const values = {
        hiredDoctorWeeks: dto.hiredDoctorWeeks,
        hiredDoctorCost: dto.hiredDoctorCost,
        internalLocumWeeks: dto.internalLocumWeeks ?? null,
      };
      await m.query(UPSERT, [
        ctx.actor.regionId,
        key,
        month,
        values.hiredDoctorWeeks,
        values.hiredDoctorCost,
        values.internalLocumWeeks,
        dto.currency ?? 'SEK',
        ctx.actor.userId,
      ]);
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'StaffingMonth',
        resourceId: `${key}/${month}`,
        outcome: 'success',
        detail: values,
      });
      const [row] = await rowsOf<StaffingMonth>(
        m,
        `${SELECT} WHERE region_id = $1 AND specialty_key = $2 AND month = ($3 || '-01')::date`,
        [ctx.actor.regionId, key, month],
      );
      return row!;
    });
  }

  /**
   * Imports a file's rows all or nothing: any problem (a line's field, an unknown specialty, a repeated month)
   * refuses the whole file with 422 and every problem named by line and field.
   */
  async import(ctx: RequestContext, csv: string): Promise<{ imported: number; months: string[]; specialties: string[] }> {
    const { rows, problems } = parseStaffingCsv(csv);
    return this.dataSource.transaction(async (m) => {
      const known = await this.specialties(m);
      for (const row of rows) {
        if (row.specialty && !known.has(row.specialty.toLowerCase())) {
          problems.push({
            field: `line ${row.line}: specialty`,
            reason: `"${row.specialty.slice(0, 40)}" is not a known specialty (${[...new Set(known.values())].join(', ')})`,
          });
        }
      }
      if (problems.length > 0) {
        problems.sort((a, b) => lineOf(a.field) - lineOf(b.field));
        throw ApiError.invalid(
          `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported`,
          problems.slice(0, 100),
        );
      }
      for (const row of rows) {
        await m.query(UPSERT, [
          ctx.actor.regionId,
          known.get(row.specialty.toLowerCase()),
          row.month,
          row.hiredDoctorWeeks,
          row.hiredDoctorCost,
          row.internalLocumWeeks,
          'SEK',
          ctx.actor.userId,
        ]);
      }
      const months = [...new Set(rows.map((r) => r.month))].sort();
      const specialties = [...new Set(rows.map((r) => known.get(r.specialty.toLowerCase())!))].sort();
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'StaffingMonth',
        resourceId: ctx.actor.regionId,
        outcome: 'success',
        detail: { imported: rows.length, from: months[0], to: months[months.length - 1], specialties },
      });
      return { imported: rows.length, months, specialties };
    });
  }

  /** Every name a specialty is known by (key, Swedish and English label), lower-cased, to its key. */
  private async specialties(m: EntityManager): Promise<Map<string, string>> {
    const rows = await rowsOf<{ key: string; sv: string; en: string }>(
      m,
      `SELECT key, label->>'sv' AS sv, label->>'en' AS en FROM specialty`,
    );
    const names = new Map<string, string>();
    for (const r of rows) for (const name of [r.sv, r.en, r.key]) names.set(name.toLowerCase(), r.key);
    return names;
  }
}

function lineOf(field: string): number {
  return Number(/^line (\d+)/.exec(field)?.[1] ?? 0);
}
