import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, type DbRow } from '@app/common';
import { RequestContext } from '@app/identity';
import { FETCH_TIMEOUT_MS, PartnerRow } from './partners.service';

/** The partners' services as the caller's region sees them (fetched now, the last copy when a partner is down), and their news. */
@Injectable()
export class PartnerOffers {
  private readonly logger = new Logger(PartnerOffers.name);

  constructor(private readonly dataSource: DataSource) {}

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
