import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { careUnitOf, RequestContext } from '@app/identity';
import { AuditAction, AuditEvent, AuditOutcome } from './audit-event.entity';

export interface AuditEntry {
  action: AuditAction;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  outcome: AuditOutcome;
  reason?: string;
  detail?: Record<string, unknown>;
  /** The region whose patient data was touched, when it is not the actor's own (access under an agreement or a routed pathway). */
  dataRegionId?: string | null;
}

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
  limit: number;
}

const COLUMNS = `(actor_user_id, actor_username, actor_role, care_unit_type, care_unit_id, region_id, patient_id,
   action, resource_type, resource_id, outcome, reason, request_id, client_ip, detail, data_region_id)`;
/** Column types, so the values can stand in a SELECT (where PostgreSQL cannot infer them). */
const TYPES = ['uuid', 'text', 'text', 'text', 'uuid', 'uuid', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb', 'uuid'];
const INSERT = `INSERT INTO audit_event ${COLUMNS}
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`;

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes the audit row inside the caller's transaction, so the change and its record commit together. */
  async record(manager: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    await manager.query(INSERT, this.params(ctx, entry));
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
    const query = Object.fromEntries(Object.entries(list.query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
    await this.recordMany(
      manager,
      ctx,
      [...byRegion.entries()].map(([dataRegionId, items]) => {
        // The agreements or routes that let the caller see another region's items, once each.
        const via = [...new Set(items.filter((i) => i.detail).map((i) => JSON.stringify(i.detail)))].map((j) => JSON.parse(j) as Record<string, unknown>);
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
      null, `system:${system}`, null, null, null, regionId, entry.patientId ?? null, entry.action, entry.resourceType,
      entry.resourceId ?? null, entry.outcome, entry.reason ?? null, null, null, entry.detail ? JSON.stringify(entry.detail) : null,
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
      qb.andWhere(`(e.patient_id = :patientId OR e.detail -> 'patientIds' @> jsonb_build_array(:patientId::text))`, { patientId: q.patientId });
    }
    if (q.userId) qb.andWhere('e.actor_user_id = :userId', { userId: q.userId });
    if (q.from) qb.andWhere('e.occurred_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.occurred_at < :to', { to: q.to });
    return qb.getMany();
  }

  private params(ctx: RequestContext, e: AuditEntry): unknown[] {
    const unit = careUnitOf(ctx.actor);
    return [
      ctx.actor.userId,
      ctx.actor.username,
      ctx.actor.role,
      unit.type,
      unit.id,
      ctx.actor.regionId,
      e.patientId ?? null,
      e.action,
      e.resourceType,
      e.resourceId ?? null,
      e.outcome,
      e.reason ?? null,
      ctx.requestId,
      ctx.clientIp,
      e.detail ? JSON.stringify(e.detail) : null,
      e.dataRegionId ?? null,
    ];
  }
}
