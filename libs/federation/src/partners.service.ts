import { Injectable, Logger } from '@nestjs/common';
import type { JWK } from 'jose';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, pgErrorCode, PG_UNIQUE_VIOLATION } from '@app/common';
import { AuditService } from '@app/audit';
import { RequestContext } from '@app/identity';
import { Jwks, JwksSchema } from './core';
import type { RegisterPartnerDto } from './federation.dto';

export interface PartnerRow {
  id: string;
  region_id: string;
  region_name: string;
  name: string;
  base_url: string;
  installation_id: string;
  /** Pinned from the partner's JWKS, which names every key (`JwksSchema`). */
  keys: Array<JWK & { kid: string }>;
  keys_fetched_at: Date;
}

/** How long a partner installation may take to answer (its JWKS, its catalogue). */
export const FETCH_TIMEOUT_MS = 3_000;
/** A partner's JWKS is fetched again for an unknown key id at most this often (a forger cannot make us hammer it). */
const KEY_REFRESH_SECONDS = 5;

/**
 * The region's partner installations: registered by their JWKS (the keys pinned), listed, and found again by
 * a message's sender and key id (a rotation fetches the keys anew).
 */
@Injectable()
export class FederationPartners {
  private readonly logger = new Logger(FederationPartners.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
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
      p.keys = jwks.keys as PartnerRow['keys'];
      p.keys_fetched_at = new Date();
    }
    const key = jwks.keys.find((k) => k.kid === kid);
    return key ? { key: key as JWK, rotated: true } : null;
  }
}
