import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, CLINIC_TODAY_SQL, FieldProblem } from '@app/common';
import { agreementScopeSql, AuditService } from '@app/audit';
import { RequestContext } from '@app/identity';
import { PathwaysService } from '@app/pathways';
import { RealtimeService } from '@app/realtime';
import type { ProposeAgreementDto } from './agreements.dto';

interface AgreementRow {
  id: string;
  title: string;
  status: 'proposed' | 'active' | 'terminated';
  provider_region_id: string;
  provider_region_name: string;
  provider_clinic_id: string;
  provider_clinic_name: string;
  receiver_region_id: string;
  receiver_region_name: string;
  capacity_share: string;
  full_time_hours_per_week: string;
  valid_from: string;
  valid_to: string;
  price_remote_visit: string;
  price_onsite_day: string;
  price_no_show: string;
  currency: string;
  proposed_at: Date;
  accepted_at: Date | null;
  terminated_at: Date | null;
  centres: Array<{ id: string; name: string }>;
  pathway_keys: string[];
  booked_minutes_this_week: string;
  specialists: Array<{ id: string; displayName: string }>;
}

const AGREEMENT_SELECT = `
  SELECT a.*, pr.name AS provider_region_name, cl.name AS provider_clinic_name, rr.name AS receiver_region_name,
         (SELECT coalesce(json_agg(json_build_object('id', h.id, 'name', h.name) ORDER BY h.name), '[]')
            FROM region_agreement_centre ac JOIN health_centre h ON h.id = ac.health_centre_id WHERE ac.agreement_id = a.id) AS centres,
         (SELECT coalesce(array_agg(ap.pathway_key ORDER BY ap.pathway_key), '{}') FROM region_agreement_pathway ap WHERE ap.agreement_id = a.id) AS pathway_keys,
         agreement_booked_minutes(a.id, date_trunc('week', ${CLINIC_TODAY_SQL}::timestamp)::date) AS booked_minutes_this_week,
         -- Who the receiver may plan sessions for: the providing clinic's active specialists.
         (SELECT coalesce(json_agg(json_build_object('id', u.id, 'displayName', u.display_name) ORDER BY u.display_name), '[]')
            FROM app_user u WHERE u.clinic_id = a.provider_clinic_id AND u.role = 'specialist' AND u.active AND a.status = 'active') AS specialists
    FROM region_agreement a
    JOIN region pr ON pr.id = a.provider_region_id
    JOIN clinic cl ON cl.id = a.provider_clinic_id
    JOIN region rr ON rr.id = a.receiver_region_id`;

/**
 * Agreements between regions. The receiving region proposes (its own centres, the pathways, the
 * capacity it buys, the prices); the providing region accepts; either ends it. While active and
 * valid, the provider's specialists see and serve the receiver's queue for those centres and
 * pathways only (see `caseScopeSql`), and sessions under it are capped per week by the database.
 */
@Injectable()
export class AgreementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pathways: PathwaysService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
  ) {}

  /** Regions and their specialist clinics: what an admin picks a provider from (no patient data). */
  async regions() {
    const rows: Array<{
      id: string;
      code: string;
      name: string;
      clinics: Array<{ id: string; name: string; hospitalName: string; specialty: string }>;
    }> = await this.dataSource.query(
      `SELECT r.id, r.code, r.name,
                (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name, 'hospitalName', c.hospital_name, 'specialty', c.specialty) ORDER BY c.name), '[]')
                   FROM clinic c WHERE c.region_id = r.id) AS clinics
           FROM region r ORDER BY r.name`,
    );
    return rows;
  }

  /** An admin's region's agreements, either side; a specialist's the active ones her region provides (`agreementScopeSql`). */
  async list(ctx: RequestContext) {
    const params: unknown[] = [];
    const scope = agreementScopeSql('a', ctx.actor, params);
    const rows: AgreementRow[] = await this.dataSource.query(
      `${AGREEMENT_SELECT} WHERE ${scope} ORDER BY a.valid_from DESC, a.title`,
      params,
    );
    return rows.map(toView);
  }

  async get(ctx: RequestContext, id: string) {
    const row = await this.find(this.dataSource.manager, ctx, id);
    return toView(row);
  }

  private async find(m: EntityManager, ctx: RequestContext, id: string, lock = false): Promise<AgreementRow> {
    const params: unknown[] = [id];
    const scope = agreementScopeSql('a', ctx.actor, params);
    const [row]: AgreementRow[] = await m.query(
      `${AGREEMENT_SELECT} WHERE a.id = $1 AND ${scope} ${lock ? 'FOR UPDATE OF a' : ''}`,
      params,
    );
    if (!row) throw ApiError.notFound('Agreement');
    return row;
  }

  async propose(ctx: RequestContext, dto: ProposeAgreementDto) {
    const actor = ctx.actor;
    const problems: FieldProblem[] = [];
    if (dto.providerRegionId === actor.regionId) problems.push({ field: 'providerRegionId', reason: 'must be another region than yours' });
    const [clinic] = await this.dataSource.query('SELECT id FROM clinic WHERE id = $1 AND region_id = $2', [
      dto.providerClinicId,
      dto.providerRegionId,
    ]);
    if (!clinic) problems.push({ field: 'providerClinicId', reason: 'no such clinic in the providing region' });
    const centres: Array<{ id: string }> = await this.dataSource.query(
      'SELECT id FROM health_centre WHERE id = ANY($1) AND region_id = $2',
      [dto.healthCentreIds, actor.regionId],
    );
    const known = new Set(centres.map((c) => c.id));
    dto.healthCentreIds.forEach((id, i) => {
      if (!known.has(id)) problems.push({ field: `healthCentreIds.${i}`, reason: 'not a health centre of your region' });
    });
    if (new Set(dto.healthCentreIds).size !== dto.healthCentreIds.length)
      problems.push({ field: 'healthCentreIds', reason: 'lists a centre twice' });
    if (new Set(dto.pathwayKeys).size !== dto.pathwayKeys.length) problems.push({ field: 'pathwayKeys', reason: 'lists a pathway twice' });
    for (const [i, key] of dto.pathwayKeys.entries()) {
      // Both sides must be able to use the pathway: the receiver triages on it, the provider serves it.
      const mine = await this.pathways.visibleToRegion(this.dataSource.manager, actor.regionId, key);
      const theirs = mine && (await this.pathways.visibleToRegion(this.dataSource.manager, dto.providerRegionId, key));
      if (!mine || !theirs) problems.push({ field: `pathwayKeys.${i}`, reason: 'not a pathway both regions use' });
    }
    if (problems.length > 0) throw ApiError.invalid('The agreement cannot be proposed', problems);

    const id = await this.dataSource.transaction(async (m) => {
      const [a] = await m.query(
        `INSERT INTO region_agreement (title, provider_region_id, provider_clinic_id, receiver_region_id, capacity_share, full_time_hours_per_week,
                                       valid_from, valid_to, price_remote_visit, price_onsite_day, price_no_show, currency, proposed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          dto.title,
          dto.providerRegionId,
          dto.providerClinicId,
          actor.regionId,
          dto.capacityShare,
          dto.fullTimeHoursPerWeek,
          dto.validFrom,
          dto.validTo,
          dto.prices.remoteVisit,
          dto.prices.onsiteDay,
          dto.prices.noShow,
          dto.currency,
          actor.userId,
        ],
      );
      await m.query(
        'INSERT INTO region_agreement_centre (agreement_id, receiver_region_id, health_centre_id) SELECT $1, $2, unnest($3::uuid[])',
        [a.id, actor.regionId, dto.healthCentreIds],
      );
      await m.query('INSERT INTO region_agreement_pathway (agreement_id, pathway_key) SELECT $1, unnest($2::text[])', [
        a.id,
        dto.pathwayKeys,
      ]);
      await this.audit.record(m, ctx, {
        action: 'create',
        resourceType: 'RegionAgreement',
        resourceId: a.id,
        outcome: 'success',
        detail: { providerRegionId: dto.providerRegionId, receiverRegionId: actor.regionId },
      });
      return a.id as string;
    });
    return this.get(ctx, id);
  }

  async accept(ctx: RequestContext, id: string) {
    return this.changeQueues(ctx, id, 'accept', async (m, a) => {
      if (a.provider_region_id !== ctx.actor.regionId) throw ApiError.forbidden('The providing region accepts an agreement');
      if (a.status !== 'proposed') throw ApiError.conflict(`The agreement is ${a.status}`);
      await m.query(`UPDATE region_agreement SET status = 'active', accepted_by = $2, accepted_at = now() WHERE id = $1`, [
        id,
        ctx.actor.userId,
      ]);
    });
  }

  /** Either side ends it; booked visits stay, no new access or sessions follow from it. */
  async terminate(ctx: RequestContext, id: string) {
    return this.changeQueues(ctx, id, 'terminate', async (m, a) => {
      if (a.status === 'terminated') throw ApiError.conflict('The agreement is already terminated');
      await m.query(`UPDATE region_agreement SET status = 'terminated', terminated_by = $2, terminated_at = now() WHERE id = $1`, [
        id,
        ctx.actor.userId,
      ]);
    });
  }

  /** A change of what the provider serves: its specialists' open queues refetch at once (#15.17). */
  private async changeQueues(ctx: RequestContext, id: string, what: string, apply: Parameters<AgreementsService['change']>[3]) {
    const view = await this.change(ctx, id, what, apply);
    this.realtime.agreementChanged(view.provider.regionId, view.pathwayKeys);
    return view;
  }

  private async change(ctx: RequestContext, id: string, what: string, apply: (m: EntityManager, a: AgreementRow) => Promise<void>) {
    await this.dataSource.transaction(async (m) => {
      const a = await this.find(m, ctx, id, true);
      await apply(m, a);
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'RegionAgreement',
        resourceId: id,
        outcome: 'success',
        detail: { change: what, providerRegionId: a.provider_region_id, receiverRegionId: a.receiver_region_id },
      });
    });
    return this.get(ctx, id);
  }
}

function toView(a: AgreementRow) {
  const hoursPerWeek = Number(a.capacity_share) * Number(a.full_time_hours_per_week);
  return {
    id: a.id,
    title: a.title,
    status: a.status,
    provider: {
      regionId: a.provider_region_id,
      regionName: a.provider_region_name,
      clinicId: a.provider_clinic_id,
      clinicName: a.provider_clinic_name,
    },
    receiver: { regionId: a.receiver_region_id, regionName: a.receiver_region_name },
    healthCentres: a.centres,
    specialists: a.specialists,
    pathwayKeys: a.pathway_keys,
    capacity: {
      share: Number(a.capacity_share),
      fullTimeHoursPerWeek: Number(a.full_time_hours_per_week),
      hoursPerWeek: Math.round(hoursPerWeek * 100) / 100,
      bookedHoursThisWeek: Math.round((Number(a.booked_minutes_this_week) / 60) * 100) / 100,
    },
    validFrom: a.valid_from,
    validTo: a.valid_to,
    prices: {
      remoteVisit: Number(a.price_remote_visit),
      onsiteDay: Number(a.price_onsite_day),
      noShow: Number(a.price_no_show),
      currency: a.currency,
    },
    proposedAt: a.proposed_at.toISOString(),
    acceptedAt: a.accepted_at?.toISOString() ?? null,
    terminatedAt: a.terminated_at?.toISOString() ?? null,
  };
}
