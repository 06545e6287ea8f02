import { Injectable, Logger } from '@nestjs/common';
import type { JWK } from 'jose';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, pgErrorCode, PG_UNIQUE_VIOLATION, type DbRow } from '@app/common';
import { AuditService } from '@app/audit';
import { RequestContext } from '@app/identity';
import { Jwks, JwksSchema } from './core';
import type { ChangeServiceDto, OfferServiceDto, RegisterPartnerDto } from './federation.dto';
import { FederationOutbox } from './outbox';

export interface PartnerRow {
  id: string;
  region_id: string;
  region_name: string;
  name: string;
  base_url: string;
  installation_id: string;
  keys: JWK[];
  keys_fetched_at: Date;
}

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

const FETCH_TIMEOUT_MS = 3_000;
/** A partner's JWKS is fetched again for an unknown key id at most this often (a forger cannot make us hammer it). */
const KEY_REFRESH_SECONDS = 5;

const SERVICE_SELECT = `
  SELECT s.*, r.name AS region_name,
         (SELECT json_build_object('version', v.version, 'definition', v.definition) FROM pathway_version v
           WHERE v.pathway_key = s.pathway_key AND v.status = 'published') AS form
    FROM federation_service s JOIN region r ON r.id = s.region_id`;

/** Partner installations (pinned keys), the services this installation offers, and the partners' offers and news. */
@Injectable()
export class FederationService {
  private readonly logger = new Logger(FederationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: FederationOutbox,
  ) {}

  async fetchJwks(baseUrl: string): Promise<Jwks> {
    let body: unknown;
    try {
      const res = await fetch(`${baseUrl}/api/v1/federation/jwks`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = await res.json();
    } catch (e) {
      throw ApiError.invalid('The partner installation could not be reached', [
        { field: 'baseUrl', reason: `no JWKS at ${baseUrl}/api/v1/federation/jwks (${e instanceof Error ? e.message : 'error'})` },
      ]);
    }
    const parsed = JwksSchema.safeParse(body);
    if (!parsed.success) {
      throw ApiError.invalid(
        'The partner installation publishes no usable keys',
        parsed.error.issues.map((i) => ({ field: 'baseUrl', reason: `jwks.${i.path.join('.')}: ${i.message}` })),
      );
    }
    return parsed.data;
  }

  async registerPartner(ctx: RequestContext, dto: RegisterPartnerDto, ownInstallationId: string) {
    const baseUrl = dto.baseUrl.replace(/\/+$/, '');
    const jwks = await this.fetchJwks(baseUrl);
    if (jwks.installationId === ownInstallationId) {
      throw ApiError.invalid('That is this installation', [{ field: 'baseUrl', reason: 'names this installation itself' }]);
    }
    try {
      const id = await this.dataSource.transaction(async (m) => {
        const [p] = await m.query(
          `INSERT INTO federation_partner (region_id, name, base_url, installation_id, keys, keys_fetched_at, created_by)
           VALUES ($1, $2, $3, $4, $5, now(), $6) RETURNING id`,
          [ctx.actor.regionId, dto.name, baseUrl, jwks.installationId, JSON.stringify(jwks.keys), ctx.actor.userId],
        );
        await this.audit.record(m, ctx, {
          action: 'create',
          resourceType: 'FederationPartner',
          resourceId: p.id,
          outcome: 'success',
          detail: { name: dto.name, baseUrl, installationId: jwks.installationId, kids: jwks.keys.map((k) => k.kid) },
        });
        return p.id as string;
      });
      return (await this.partners(ctx)).find((p) => p.id === id)!;
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) throw ApiError.conflict('This installation is already a partner of your region');
      throw e;
    }
  }

  async partners(ctx: RequestContext) {
    const rows: PartnerRow[] = await this.dataSource.query(
      `SELECT p.*, r.name AS region_name FROM federation_partner p JOIN region r ON r.id = p.region_id
        WHERE p.region_id = $1 ORDER BY p.name`,
      [ctx.actor.regionId],
    );
    return rows.map((p) => ({
      id: p.id,
      name: p.name,
      baseUrl: p.base_url,
      installationId: p.installation_id,
      keyIds: p.keys.map((k) => k.kid),
      keysFetchedAt: p.keys_fetched_at.toISOString(),
    }));
  }

  partnersOfInstallation(m: Pick<EntityManager, 'query'>, installationId: string): Promise<PartnerRow[]> {
    return m.query(
      `SELECT p.*, r.name AS region_name FROM federation_partner p JOIN region r ON r.id = p.region_id WHERE p.installation_id = $1`,
      [installationId],
    );
  }

  /**
   * The key a partner signed with. An unknown key id makes us fetch its JWKS again (a rotation): the
   * new set is pinned if it comes from the installation we registered. Returns null when still unknown.
   */
  async partnerKey(partners: PartnerRow[], kid: string): Promise<{ key: JWK; rotated: boolean } | null> {
    const pinned = partners[0]!.keys.find((k) => k.kid === kid);
    if (pinned) return { key: pinned, rotated: false };
    const stale = partners.filter((p) => Date.now() - p.keys_fetched_at.getTime() > KEY_REFRESH_SECONDS * 1000);
    if (stale.length === 0) return null;
    let jwks: Jwks;
    try {
      jwks = await this.fetchJwks(stale[0]!.base_url);
    } catch {
      return null;
    }
    if (jwks.installationId !== stale[0]!.installation_id) {
      this.logger.warn({ partner: stale[0]!.name }, 'a partner base URL now answers for another installation; keys kept');
      return null;
    }
    await this.dataSource.query(`UPDATE federation_partner SET keys = $2, keys_fetched_at = now() WHERE installation_id = $1`, [
      stale[0]!.installation_id,
      JSON.stringify(jwks.keys),
    ]);
    for (const p of partners) {
      p.keys = jwks.keys as JWK[];
      p.keys_fetched_at = new Date();
    }
    const key = jwks.keys.find((k) => k.kid === kid);
    return key ? { key: key as JWK, rotated: true } : null;
  }

  // ---- the services this installation offers ----

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

  // ---- the partners' offers, as the caller's region sees them ----

  async offers(ctx: RequestContext) {
    const partners: PartnerRow[] = await this.dataSource.query('SELECT * FROM federation_partner WHERE region_id = $1', [
      ctx.actor.regionId,
    ]);
    const reachable = new Map<string, boolean>();
    await Promise.all(
      partners.map(async (p) => {
        try {
          const res = await fetch(`${p.base_url}/api/v1/federation/catalogue`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          const body = (await res.json()) as { installationId?: string; services?: unknown[] };
          if (body.installationId !== p.installation_id || !Array.isArray(body.services)) {
            throw new Error('not the registered installation');
          }
          await this.dataSource.transaction(async (m) => {
            const ids: string[] = [];
            for (const s of body.services as Array<Record<string, unknown>>) {
              const ok = typeof s.id === 'string' && /^[0-9a-f-]{36}$/.test(s.id);
              if (!ok) continue;
              ids.push(s.id as string);
              await this.storeOffer(m, p.id, s);
            }
            await m.query(`UPDATE federation_offer SET status = 'closed' WHERE partner_id = $1 AND NOT (service_id = ANY($2::uuid[]))`, [
              p.id,
              ids,
            ]);
          });
          reachable.set(p.id, true);
        } catch (e) {
          this.logger.warn({ partner: p.name, err: e }, 'a partner catalogue could not be fetched; its last offers are shown');
          reachable.set(p.id, false);
        }
      }),
    );
    const rows = await this.dataSource.query(
      `SELECT o.*, p.name AS partner_name FROM federation_offer o JOIN federation_partner p ON p.id = o.partner_id
        WHERE p.region_id = $1 ORDER BY p.name, o.title`,
      [ctx.actor.regionId],
    );
    return rows.map((o: DbRow) => ({ ...offerView(o), partnerReachable: reachable.get(o.partner_id) ?? false }));
  }

  async storeOffer(m: Pick<EntityManager, 'query'>, partnerId: string, s: Record<string, unknown>): Promise<void> {
    await m.query(
      `INSERT INTO federation_offer (partner_id, service_id, region_name, title, specialty, pathway_key, form, turnaround_days,
                                     price_per_referral, currency, contact, status, version, fetched_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now())
       ON CONFLICT (partner_id, service_id) DO UPDATE SET region_name = $3, title = $4, specialty = $5, pathway_key = $6, form = $7,
         turnaround_days = $8, price_per_referral = $9, currency = $10, contact = $11, status = $12, version = $13, fetched_at = now()`,
      [
        partnerId,
        s.id,
        String(s.regionName ?? ''),
        String(s.title ?? ''),
        String(s.specialty ?? ''),
        String(s.pathwayKey ?? ''),
        s.form ? JSON.stringify(s.form) : null,
        Number(s.turnaroundDays),
        Number(s.pricePerReferral),
        String(s.currency ?? 'SEK'),
        typeof s.contact === 'string' ? s.contact : null,
        s.status === 'open' ? 'open' : 'closed',
        Number(s.version ?? 1),
      ],
    );
  }

  // ---- news from the partners ----

  async news(ctx: RequestContext, unreadOnly: boolean) {
    const rows = await this.dataSource.query(
      `SELECT n.id, n.service_id, n.service_title, n.changes, n.created_at, p.name AS partner_name, r.read_at
         FROM federation_news n JOIN federation_partner p ON p.id = n.partner_id
         LEFT JOIN federation_news_read r ON r.news_id = n.id AND r.user_id = $2
        WHERE n.region_id = $1 AND ($3::boolean IS FALSE OR r.read_at IS NULL)
        ORDER BY n.created_at DESC LIMIT 100`,
      [ctx.actor.regionId, ctx.actor.userId, unreadOnly],
    );
    return rows.map((n: DbRow) => ({
      id: n.id,
      partnerName: n.partner_name,
      serviceId: n.service_id,
      serviceTitle: n.service_title,
      changes: n.changes,
      createdAt: n.created_at.toISOString(),
      readAt: n.read_at?.toISOString() ?? null,
    }));
  }

  async markNewsRead(ctx: RequestContext, id: string) {
    const [row] = await this.dataSource.query(
      `INSERT INTO federation_news_read (news_id, user_id) SELECT id, $3 FROM federation_news WHERE id = $1 AND region_id = $2
       ON CONFLICT (news_id, user_id) DO UPDATE SET read_at = federation_news_read.read_at RETURNING news_id, read_at`,
      [id, ctx.actor.regionId, ctx.actor.userId],
    );
    if (!row) throw ApiError.notFound('News');
    return { id: row.news_id, readAt: row.read_at.toISOString(), readBy: ctx.actor.userId };
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

export function offerView(o: DbRow) {
  return {
    partnerId: o.partner_id as string,
    partnerName: o.partner_name as string,
    serviceId: o.service_id as string,
    regionName: o.region_name as string,
    title: o.title as string,
    specialty: o.specialty as string,
    pathwayKey: o.pathway_key as string,
    form: o.form as { version: number; definition: unknown } | null,
    turnaroundDays: o.turnaround_days as number,
    pricePerReferral: Number(o.price_per_referral),
    currency: o.currency as string,
    contact: o.contact as string | null,
    status: o.status as 'open' | 'closed',
    version: o.version as number,
    fetchedAt: (o.fetched_at as Date).toISOString(),
  };
}
