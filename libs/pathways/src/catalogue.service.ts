import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditService } from '@app/audit';
import { ApiError, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode } from '@app/common';
import type { Actor, RequestContext } from '@app/identity';
import type { PathwayDefinition } from './core';

export interface CatalogueEntry {
  key: string;
  title: PathwayDefinition['title'];
  version: number;
  offeredBy: { regionId: string; regionName: string };
  offeredAt: string;
  /** The caller's region offers it. */
  own: boolean;
  /** The caller's region has adopted it (its nurses triage on it, its cases go to the offering region). */
  adopted: boolean;
  adoptedBy: number;
}

/**
 * The pathway catalogue: a region offers one of its own published pathways; another region adopts
 * it, so that its nurses triage on it and the cases are served by the offering region's specialists
 * (the `triage_case_route` trigger routes them).
 */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every catalogue change leaves its audit row in the change's own transaction. */
  private async recordChange(m: EntityManager, ctx: RequestContext, action: AuditEntry['action'], key: string, change: string, more = {}) {
    const detail = { change, ...more };
    await this.audit.record(m, ctx, { action, resourceType: 'Pathway', resourceId: key, outcome: 'success', detail });
  }

  async list(actor: Actor): Promise<CatalogueEntry[]> {
    const rows: Array<{
      key: string;
      definition: PathwayDefinition;
      version: number;
      region_id: string;
      region_name: string;
      offered_at: Date;
      adopted: boolean;
      adopted_by: number;
    }> = await this.dataSource.query(
      `SELECT o.pathway_key AS key, v.definition, v.version, o.region_id, r.name AS region_name, o.offered_at,
                EXISTS (SELECT 1 FROM pathway_adoption a WHERE a.pathway_key = o.pathway_key AND a.region_id = $1) AS adopted,
                (SELECT count(*)::int FROM pathway_adoption a WHERE a.pathway_key = o.pathway_key) AS adopted_by
           FROM pathway_offer o JOIN region r ON r.id = o.region_id
           JOIN pathway_version v ON v.pathway_key = o.pathway_key AND v.status = 'published'
          ORDER BY o.offered_at`,
      [actor.regionId],
    );
    return rows.map((r) => ({
      key: r.key,
      title: r.definition.title,
      version: r.version,
      offeredBy: { regionId: r.region_id, regionName: r.region_name },
      offeredAt: r.offered_at.toISOString(),
      own: r.region_id === actor.regionId,
      adopted: r.adopted,
      // How many regions use it is the offering region's business only.
      adoptedBy: r.region_id === actor.regionId ? r.adopted_by : 0,
    }));
  }

  /** The region's own published pathways, and whether each is offered: what it can put in the catalogue. */
  async own(actor: Actor): Promise<Array<{ key: string; title: PathwayDefinition['title']; version: number; offered: boolean }>> {
    const rows: Array<{ key: string; definition: PathwayDefinition; version: number; offered: boolean }> = await this.dataSource.query(
      `SELECT p.key, v.definition, v.version, EXISTS (SELECT 1 FROM pathway_offer o WHERE o.pathway_key = p.key) AS offered
         FROM pathway p JOIN pathway_version v ON v.pathway_key = p.key AND v.status = 'published'
        WHERE p.owner_region_id = $1 ORDER BY p.key`,
      [actor.regionId],
    );
    return rows.map((r) => ({ key: r.key, title: r.definition.title, version: r.version, offered: r.offered }));
  }

  async offer(ctx: RequestContext, key: string): Promise<CatalogueEntry> {
    const { actor } = ctx;
    await this.dataSource.transaction(async (m) => {
      const [p] = await m.query(
        `SELECT p.owner_region_id,
                (SELECT v.version FROM pathway_version v WHERE v.pathway_key = p.key AND v.status = 'published') AS published
           FROM pathway p WHERE p.key = $1 AND p.owner_region_id = $2 FOR UPDATE`,
        [key, actor.regionId],
      );
      if (!p) throw ApiError.notFound('Pathway of your region');
      if (!p.published)
        throw ApiError.invalid('Only a published pathway can be offered', [
          { field: 'key', reason: 'the pathway has no published version' },
        ]);
      try {
        await m.query('INSERT INTO pathway_offer (pathway_key, region_id, offered_by) VALUES ($1, $2, $3)', [
          key,
          actor.regionId,
          actor.userId,
        ]);
        await this.recordChange(m, ctx, 'create', key, 'offer', { version: p.published });
      } catch (e) {
        if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) throw ApiError.conflict('The pathway is already offered');
        throw e;
      }
    });
    return this.entry(actor, key);
  }

  async withdrawOffer(ctx: RequestContext, key: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (m) => {
        const [, count] = await m.query('DELETE FROM pathway_offer WHERE pathway_key = $1 AND region_id = $2', [key, ctx.actor.regionId]);
        if (count === 0) throw ApiError.notFound('Offer of your region');
        await this.recordChange(m, ctx, 'delete', key, 'withdraw_offer');
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_FOREIGN_KEY_VIOLATION)
        throw ApiError.conflict('Regions have adopted the pathway; they must give it up first');
      throw e;
    }
  }

  async adopt(ctx: RequestContext, key: string): Promise<CatalogueEntry> {
    const { actor } = ctx;
    try {
      await this.dataSource.transaction(async (m) => {
        const [offer] = await m.query('SELECT region_id FROM pathway_offer WHERE pathway_key = $1', [key]);
        if (!offer) throw ApiError.notFound('Offered pathway');
        if (offer.region_id === actor.regionId) throw ApiError.conflict('Your region offers this pathway itself');
        await m.query('INSERT INTO pathway_adoption (region_id, pathway_key, offering_region_id, adopted_by) VALUES ($1, $2, $3, $4)', [
          actor.regionId,
          key,
          offer.region_id,
          actor.userId,
        ]);
        await this.recordChange(m, ctx, 'create', key, 'adopt', { offeringRegionId: offer.region_id });
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) throw ApiError.conflict('Your region has already adopted this pathway');
      throw e;
    }
    return this.entry(actor, key);
  }

  /** Cases already triaged stay with the region that serves them; new ones cannot be triaged. */
  async giveUp(ctx: RequestContext, key: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [, count] = await m.query('DELETE FROM pathway_adoption WHERE region_id = $1 AND pathway_key = $2', [ctx.actor.regionId, key]);
      if (count === 0) throw ApiError.notFound('Adopted pathway');
      await this.recordChange(m, ctx, 'delete', key, 'give_up');
    });
  }

  private async entry(actor: Actor, key: string): Promise<CatalogueEntry> {
    const found = (await this.list(actor)).find((e) => e.key === key);
    if (!found) throw ApiError.notFound('Offered pathway');
    return found;
  }
}
