import { Injectable } from '@nestjs/common';
import type { Bundle } from '@medplum/fhirtypes';
import { DataSource } from 'typeorm';
import { AuditService, granted, outOfScope, referralScopeSql, ScopedAccess } from '@app/audit';
import { RequestContext } from '@app/identity';
import type { DbRow } from '@app/common';
import { referralExport } from './core';
import type { ListReferralsDto } from './federation.dto';
import { findReferral, REFERRAL_SELECT, ReferralRow, referralView } from './referral-row';

/**
 * Reading referrals between installations. The referring side (outgoing) holds the local patient; the
 * receiving side (incoming) only the patient as the referral carries it, seen through the referral
 * alone. Sending is referral-sending.ts, the people's steps referral-steps.ts, the partner's messages
 * inbound-messages.ts.
 */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: ScopedAccess,
  ) {}

  async list(ctx: RequestContext, q: ListReferralsDto) {
    const params: unknown[] = [q.direction ?? null, q.status ?? null];
    const scope = referralScopeSql('f', ctx.actor, params);
    return this.dataSource.transaction(async (m) => {
      const rows: ReferralRow[] = await m.query(
        `${REFERRAL_SELECT} WHERE ${scope}
            AND ($1::text IS NULL OR f.direction = $1) AND ($2::text IS NULL OR f.status = $2)
          ORDER BY f.sent_at DESC LIMIT 200`,
        params,
      );
      await this.audit.recordList(m, ctx, {
        resourceType: 'FederatedReferral',
        name: 'referrals',
        query: { direction: q.direction, status: q.status },
        // Incoming referrals name no local patient: the referral id is what was shown.
        items: rows.map((r) => ({ id: r.id, patientId: r.patient_id ?? r.id })),
      });
      return rows.map((r) => referralView(r));
    });
  }

  get(ctx: RequestContext, id: string) {
    return this.read(ctx, id, referralView);
  }

  /** The referral and its answer as one FHIR R4 collection Bundle (see `referralExport`). */
  fhir(ctx: RequestContext, id: string) {
    return this.read(ctx, id, (row) =>
      referralExport(row.id, row.updated_at.toISOString(), row.bundle as Bundle, (row.answer?.bundle as Bundle | undefined) ?? null),
    );
  }

  /** The invoice basis of a month: per partner and direction, the referrals not rejected, at the price recorded when sent. */
  async invoiceBasis(ctx: RequestContext, month: string) {
    const rows = await this.dataSource.query(
      `SELECT f.id, f.direction, f.partner_id, p.name AS partner_name, f.service_id, f.service_title, f.status, f.price, f.currency,
              f.sent_at
         FROM federation_referral f JOIN federation_partner p ON p.id = f.partner_id
        WHERE f.region_id = $1 AND f.status <> 'rejected'
          AND to_char(f.sent_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') = $2
        ORDER BY p.name, f.direction, f.sent_at, f.id`,
      [ctx.actor.regionId, month],
    );
    type Total = {
      partnerId: string;
      partnerName: string;
      direction: ReferralRow['direction'];
      currency: string;
      referrals: number;
      total: number;
    };
    const groups = new Map<string, Total>();
    for (const r of rows) {
      const key = `${r.partner_id}|${r.direction}|${r.currency}`;
      const g = groups.get(key) ?? {
        partnerId: r.partner_id,
        partnerName: r.partner_name,
        direction: r.direction,
        currency: r.currency,
        referrals: 0,
        total: 0,
      };
      g.referrals += 1;
      g.total = Math.round((g.total + Number(r.price)) * 100) / 100;
      groups.set(key, g);
    }
    return {
      month,
      totals: [...groups.values()],
      lines: rows.map((r: DbRow) => ({
        referralId: r.id,
        direction: r.direction,
        partnerName: r.partner_name,
        serviceId: r.service_id,
        serviceTitle: r.service_title,
        status: r.status,
        price: Number(r.price),
        currency: r.currency,
        sentAt: r.sent_at.toISOString(),
      })),
    };
  }

  /** One referral read in the caller's scope, audited as a read of it (an id out of scope is a 404). */
  private read<T>(ctx: RequestContext, id: string, shape: (row: ReferralRow) => T): Promise<T> {
    return this.access.run(ctx, { action: 'read', resourceType: 'FederatedReferral', resourceId: id, notFound: 'Referral' }, async (m) => {
      const row = await findReferral(m, ctx, id);
      if (!row) return outOfScope('not found');
      return granted(shape(row), { patientId: row.patient_id, detail: { direction: row.direction, partner: row.partner_name } });
    });
  }
}
