import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AUDIT_COLUMNS as COLUMNS,
  AUDIT_INSERT as INSERT,
  AUDIT_TYPES as TYPES,
  AuditEntry,
  auditParams,
  RequestContext,
  wellFormedJson,
  writeAudit,
} from '@app/identity';
import { AuditEvent } from './audit-event.entity';

export type { AuditEntry } from '@app/identity';

/** One item of a list read: what was shown, whose data it is, and under what (agreement, adopted pathway) when another region's. */
export interface ListedItem {
  id: string;
  patientId: string;
  dataRegionId?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  patientId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  /** What was done and how it ended (issue 18, #5: the admin's search page). */
  action?: string;
  outcome?: string;
  limit: number;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes the audit row inside the caller's transaction, so the change and its record commit together. */
  async record(manager: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    await writeAudit(manager, ctx, entry);
  }

  async recordMany(manager: EntityManager, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const params: unknown[] = [];
    const rows: string[] = [];
    for (const entry of entries) {
      const p = this.params(ctx, entry);
      rows.push(`(${p.map((_, i) => `$${params.length + i + 1}`).join(', ')})`);
      params.push(...p);
    }
    await manager.query(INSERT.replace(/VALUES \(.*\)$/s, `VALUES ${rows.join(', ')}`), params);
  }

  /**
   * A list read as one row (#15.7): the patients and the items shown, and the query that chose them,
   * instead of a row per item. One row per region whose data it showed, so that each region's admin
   * finds it (`data_region_id`); nothing when the list showed no patient data.
   */
  async recordList(
    manager: EntityManager,
    ctx: RequestContext,
    list: { resourceType: string; name: string; query: Record<string, unknown>; items: ListedItem[] },
  ): Promise<void> {
    const byRegion = new Map<string | null, ListedItem[]>();
    for (const item of list.items) {
      const key = item.dataRegionId ?? null;
      byRegion.set(key, [...(byRegion.get(key) ?? []), item]);
    }
    const query = Object.fromEntries(
      Object.entries(list.query)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
    );
    await this.recordMany(
      manager,
      ctx,
      [...byRegion.entries()].map(([dataRegionId, items]) => {
        // The agreements or routes that let the caller see another region's items, once each.
        const via = [...new Set(items.filter((i) => i.detail).map((i) => JSON.stringify(i.detail)))].map(
          (j) => JSON.parse(j) as Record<string, unknown>,
        );
        return {
          action: 'read' as const,
          resourceType: list.resourceType,
          outcome: 'success' as const,
          dataRegionId,
          detail: {
            list: list.name,
            query,
            count: items.length,
            patientIds: [...new Set(items.map((i) => i.patientId))],
            ids: items.map((i) => i.id),
            ...(via.length > 0 ? { via } : {}),
          },
        };
      }),
    );
  }

  /** A change made by the system itself (a scheduled job or a webhook), not by a signed-in user. */
  async recordSystem(manager: EntityManager, system: string, regionId: string | null, entry: AuditEntry): Promise<void> {
    await manager.query(INSERT, [
      null,
      `system:${system}`,
      null,
      null,
      null,
      regionId,
      entry.patientId ?? null,
      entry.action,
      entry.resourceType,
      entry.resourceId ?? null,
      entry.outcome,
      entry.reason ?? null,
      null,
      null,
      entry.detail ? wellFormedJson(entry.detail) : null,
      entry.dataRegionId ?? null,
    ]);
  }

  /**
   * The audit row as SQL pieces, for a statement that writes it together with the change (one round
   * trip, one transaction): `INSERT INTO audit_event ${columns} SELECT ${values} FROM ...`.
   */
  insertParts(ctx: RequestContext, entry: AuditEntry, params: unknown[]): { columns: string; values: string } {
    const values = this.params(ctx, entry).map((p, i) => `$${params.push(p)}::${TYPES[i]}`);
    return { columns: COLUMNS, values: values.join(', ') };
  }

  /** A refused attempt: its own transaction, since the request's work (if any) rolls back. */
  async recordDenied(ctx: RequestContext, entry: Omit<AuditEntry, 'outcome'>): Promise<void> {
    await this.dataSource.query(INSERT, this.params(ctx, { ...entry, outcome: 'denied' }));
  }

  async search(regionId: string, q: AuditQuery): Promise<AuditEvent[]> {
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('(e.region_id = :regionId OR e.data_region_id = :regionId)', { regionId })
      .orderBy('e.occurred_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(q.limit);
    // A list read names its patients in detail.patientIds (one row for the list: #15.7).
    if (q.patientId) {
      qb.andWhere(`(e.patient_id = :patientId OR e.detail -> 'patientIds' @> jsonb_build_array(:patientId::text))`, {
        patientId: q.patientId,
      });
    }
    if (q.userId) qb.andWhere('e.actor_user_id = :userId', { userId: q.userId });
    if (q.from) qb.andWhere('e.occurred_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.occurred_at < :to', { to: q.to });
    if (q.action) qb.andWhere('e.action = :action', { action: q.action });
    if (q.outcome) qb.andWhere('e.outcome = :outcome', { outcome: q.outcome });
    return qb.getMany();
  }

  private params(ctx: RequestContext, e: AuditEntry): unknown[] {
    return auditParams(ctx, e);
  }
}
