import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '@app/common';
import { AuditService } from '@app/audit';
import { RequestContext } from '@app/identity';
import type { ChangeServiceDto, OfferServiceDto } from './federation.dto';
import { FederationOutbox } from './outbox';

interface ServiceRow {
  id: string;
  region_id: string;
  region_name: string;
  title: string;
  specialty: string;
  pathway_key: string;
  turnaround_days: number;
  price_per_referral: string;
  currency: string;
  contact: string | null;
  status: 'open' | 'closed';
  version: number;
  form: { version: number; definition: unknown } | null;
}

const SERVICE_SELECT = `
  SELECT s.*, r.name AS region_name,
         (SELECT json_build_object('version', v.version, 'definition', v.definition) FROM pathway_version v
           WHERE v.pathway_key = s.pathway_key AND v.status = 'published') AS form
    FROM federation_service s JOIN region r ON r.id = s.region_id`;

/**
 * The services this installation offers partners: offered and changed by a region's admin, each change
 * announced to the region's partners as news (in the same transaction, through the outbox), and the
 * public catalogue partners fetch.
 */
@Injectable()
export class OfferedServices {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: FederationOutbox,
  ) {}

  async offerService(ctx: RequestContext, dto: OfferServiceDto) {
    await this.checkPathway(ctx, dto.pathwayKey);
    const id = await this.dataSource.transaction(async (m) => {
      const [s] = await m.query(
        `INSERT INTO federation_service (region_id, title, specialty, pathway_key, turnaround_days, price_per_referral, currency, contact,
                                         created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          ctx.actor.regionId,
          dto.title,
          dto.specialty,
          dto.pathwayKey,
          dto.turnaroundDays,
          dto.pricePerReferral,
          dto.currency,
          dto.contact ?? null,
          ctx.actor.userId,
        ],
      );
      await this.audit.record(m, ctx, {
        action: 'create',
        resourceType: 'FederationService',
        resourceId: s.id,
        outcome: 'success',
        detail: { ...dto },
      });
      const row = await this.service(m, s.id);
      await this.announce(m, row, [{ field: 'status', from: null, to: 'open' }]);
      return s.id as string;
    });
    void this.kickAll(ctx.actor.regionId);
    return serviceView(await this.service(this.dataSource.manager, id));
  }

  private async checkPathway(ctx: RequestContext, key: string): Promise<void> {
    const [p] = await this.dataSource.query(
      `SELECT 1 FROM pathway p JOIN pathway_version v ON v.pathway_key = p.key AND v.status = 'published'
        WHERE p.key = $1 AND (p.owner_region_id IS NULL OR p.owner_region_id = $2)`,
      [key, ctx.actor.regionId],
    );
    if (!p) {
      throw ApiError.invalid('The service cannot be offered', [
        { field: 'pathwayKey', reason: 'no published pathway of your region has this key' },
      ]);
    }
  }

  private async service(m: Pick<EntityManager, 'query'>, id: string): Promise<ServiceRow> {
    const [row] = await m.query(`${SERVICE_SELECT} WHERE s.id = $1`, [id]);
    return row;
  }

  /** A change to an offered service: the partners' referrers are told (news), in the same transaction. */
  async changeService(ctx: RequestContext, id: string, dto: ChangeServiceDto) {
    await this.dataSource.transaction(async (m) => {
      const [old]: ServiceRow[] = await m.query(`${SERVICE_SELECT} WHERE s.id = $1 AND s.region_id = $2 FOR UPDATE OF s`, [
        id,
        ctx.actor.regionId,
      ]);
      if (!old) throw ApiError.notFound('Service');
      const changes: Array<{ field: string; from: unknown; to: unknown }> = [];
      const set = (field: string, from: unknown, to: unknown) => {
        if (to !== undefined && String(to) !== String(from)) changes.push({ field, from, to });
      };
      set('title', old.title, dto.title);
      set('turnaroundDays', old.turnaround_days, dto.turnaroundDays);
      set('pricePerReferral', Number(old.price_per_referral), dto.pricePerReferral);
      set('contact', old.contact, dto.contact);
      set('status', old.status, dto.status);
      if (dto.refreshForm) changes.push({ field: 'formVersion', from: null, to: old.form?.version ?? null });
      if (changes.length === 0) return;
      await m.query(
        `UPDATE federation_service SET title = coalesce($2, title), turnaround_days = coalesce($3, turnaround_days),
                price_per_referral = coalesce($4, price_per_referral), contact = coalesce($5, contact), status = coalesce($6, status),
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, dto.title ?? null, dto.turnaroundDays ?? null, dto.pricePerReferral ?? null, dto.contact ?? null, dto.status ?? null],
      );
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'FederationService',
        resourceId: id,
        outcome: 'success',
        detail: { changes },
      });
      await this.announce(m, await this.service(m, id), changes);
    });
    void this.kickAll(ctx.actor.regionId);
    return serviceView(await this.service(this.dataSource.manager, id));
  }

  private async announce(m: EntityManager, s: ServiceRow, changes: Array<{ field: string; from: unknown; to: unknown }>): Promise<void> {
    const partners: Array<{ id: string }> = await m.query('SELECT id FROM federation_partner WHERE region_id = $1', [s.region_id]);
    for (const p of partners) {
      await this.outbox.enqueue(m, {
        partnerId: p.id,
        kind: 'news',
        fromRegion: s.region_name,
        body: { service: serviceView(s), changes },
      });
    }
  }

  private async kickAll(regionId: string): Promise<void> {
    const partners: Array<{ id: string }> = await this.dataSource.query('SELECT id FROM federation_partner WHERE region_id = $1', [
      regionId,
    ]);
    await Promise.all(partners.map((p) => this.outbox.kick(p.id)));
  }

  /** Every service of this installation, open and closed, with the form (the pathway's published version). */
  async catalogue(installationId: string) {
    const rows: ServiceRow[] = await this.dataSource.query(`${SERVICE_SELECT} ORDER BY r.name, s.title`);
    return { installationId, services: rows.map(serviceView) };
  }
}

export function serviceView(s: ServiceRow) {
  return {
    id: s.id,
    regionName: s.region_name,
    title: s.title,
    specialty: s.specialty,
    pathwayKey: s.pathway_key,
    turnaroundDays: s.turnaround_days,
    pricePerReferral: Number(s.price_per_referral),
    currency: s.currency,
    contact: s.contact,
    status: s.status,
    version: s.version,
    form: s.form,
  };
}
