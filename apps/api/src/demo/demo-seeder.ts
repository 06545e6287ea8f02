import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '@app/identity';
import { luhnCheckDigit } from '@app/patients';
import { parseClinicTime } from '@app/common';
import { insertSessionWithSlots } from '@app/scheduling';
import { seedDemoHistory } from './demo-history';
import { DEMO_CLINIC, DEMO_HEALTH_CENTRES, DEMO_NEIGHBOURS, DEMO_PARTNER, DEMO_PATIENTS, DEMO_REGION, DEMO_USERS } from './demo-data';

const SEED_LOCK = 727_002;

export interface SeedResult {
  created: boolean;
  accounts: Array<{ username: string; role: string; where: string }>;
}

/** Seeds the demo region once; a second run (or a second instance) finds it and does nothing. */
@Injectable()
export class DemoSeeder {
  constructor(private readonly dataSource: DataSource) {}

  async seed(password: string): Promise<SeedResult> {
    const accounts = [
      ...DEMO_USERS.map((u) => ({
        username: u.username,
        role: u.role,
        where: 'centre' in u ? u.centre : u.role === 'specialist' ? `${DEMO_CLINIC.name}, ${DEMO_CLINIC.hospitalName}` : DEMO_REGION.name,
      })),
      { username: 'dermatolog', role: 'specialist', where: `Hudkliniken, ${DEMO_CLINIC.hospitalName}` },
      ...DEMO_PARTNER.users.map((u) => ({
        username: u.username,
        role: u.role,
        where: u.role === 'specialist' ? `${DEMO_PARTNER.clinic.name}, ${DEMO_PARTNER.clinic.hospitalName}` : DEMO_PARTNER.region.name,
      })),
    ];
    const passwordHash = await hashPassword(password);
    const created = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const existing = await m.query('SELECT id FROM region WHERE code = $1', [DEMO_REGION.code]);
      if (existing.length > 0) return false;
      const [{ id: regionId }] = await m.query('INSERT INTO region (code, name) VALUES ($1, $2) RETURNING id', [
        DEMO_REGION.code,
        DEMO_REGION.name,
      ]);
      const [{ id: clinicId }] = await m.query(
        'INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, $2, $3, $4) RETURNING id',
        [regionId, DEMO_CLINIC.name, DEMO_CLINIC.hospitalName, DEMO_CLINIC.specialty],
      );
      const centreIds = new Map<string, string>();
      for (const c of DEMO_HEALTH_CENTRES) {
        const [{ id }] = await m.query(
          `INSERT INTO health_centre (region_id, name, municipality, road_distance_km, travel_minutes, phone, address)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [regionId, c.name, c.municipality, c.roadDistanceKm, c.travelMinutes, c.phone, c.address],
        );
        centreIds.set(c.name, id);
        await m.query(`INSERT INTO health_centre_room (health_centre_id, name) VALUES ($1, 'Videorum 1')`, [id]);
      }
      for (const [a, b, km] of DEMO_NEIGHBOURS) {
        await m.query('INSERT INTO health_centre_distance (from_centre_id, to_centre_id, road_km) VALUES ($1, $2, $3), ($2, $1, $3)', [
          centreIds.get(a),
          centreIds.get(b),
          km,
        ]);
      }
      for (const u of DEMO_USERS) {
        await m.query(
          `INSERT INTO app_user (username, display_name, password_hash, role, region_id, health_centre_id, clinic_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            u.username,
            u.displayName,
            passwordHash,
            u.role,
            regionId,
            'centre' in u ? centreIds.get(u.centre) : null,
            u.role === 'specialist' ? clinicId : null,
          ],
        );
      }
      for (const p of DEMO_PATIENTS) {
        const check = luhnCheckDigit(`${p.born.slice(2)}${p.serial}`);
        await m.query(
          `INSERT INTO patient (region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id, phone)
           VALUES ($1, $2, false, $3, $4, $5, $6)`,
          [
            regionId,
            `${p.born}${p.serial}${check}`,
            `${p.born.slice(0, 4)}-${p.born.slice(4, 6)}-${p.born.slice(6)}`,
            p.name,
            centreIds.get(p.centre),
            p.phone,
          ],
        );
      }
      await this.seedSessions(m, regionId, centreIds);
      await this.seedPartner(m, regionId, centreIds, passwordHash);
      // Issue 20: the rheumatologist is the medically responsible reviewer of the region's rheumatology pathways (a
      // specialist reviewer signs off her own specialties' pathways, see pathway_may_approve): no change of them is
      // published without her sign-off. The region signs off by its named reviewers, not by a second administrator.
      // Seeding publishes nothing itself: the demo's pathways are the shipped ones, which the shipped-pathway loader
      // (PathwaysService.onModuleInit) publishes as the product's templates, authored by nobody and not signed off.
      await m.query(`INSERT INTO pathway_reviewer (region_id, user_id) SELECT $1, id FROM app_user WHERE username = 'specialist'`, [
        regionId,
      ]);
      await m.query(`UPDATE region SET pathway_sign_off_by = 'reviewers' WHERE id = $1`, [regionId]);
      // Issue 19: joint complaints went live in both demo regions a year ago, their nurses trained on it. Suspected skin
      // cancer (dermatology) went live at Funäsdalen a week ago (its nurse trained), Sveg is in training, the rest planned.
      const demoRegions = [DEMO_REGION.code, DEMO_PARTNER.region.code];
      await m.query(
        `INSERT INTO pathway_rollout (pathway_key, health_centre_id, state, live_from)
         SELECT 'joint-complaints', h.id, 'live', current_date - 365 FROM health_centre h JOIN region r ON r.id = h.region_id WHERE r.code = ANY($1)`,
        [demoRegions],
      );
      await m.query(
        `INSERT INTO pathway_training (pathway_key, user_id, pathway_version, method)
         SELECT v.pathway_key, u.id, v.version, 'upgrade' FROM pathway_version v, app_user u JOIN region r ON r.id = u.region_id
          WHERE v.pathway_key = 'joint-complaints' AND v.status = 'published' AND u.role = 'nurse' AND r.code = ANY($1)`,
        [demoRegions],
      );
      await m.query(
        `INSERT INTO pathway_rollout (pathway_key, health_centre_id, state, live_from)
         VALUES ('suspected-skin-cancer', $1, 'live', current_date - 7), ('suspected-skin-cancer', $2, 'training', NULL)`,
        [centreIds.get('Funäsdalen hälsocentral'), centreIds.get('Sveg hälsocentral')],
      );
      await m.query(
        `INSERT INTO pathway_training (pathway_key, user_id, pathway_version, method, score)
         SELECT v.pathway_key, u.id, v.version, 'vignettes', 1 FROM pathway_version v, app_user u
          WHERE v.pathway_key = 'suspected-skin-cancer' AND v.status = 'published' AND u.username = 'nurse'`,
      );
      // The region's dermatologist, who serves the skin pathway's queue.
      const [{ id: dermatologyId }] = await m.query(
        `INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, 'Hudkliniken', $2, 'dermatology') RETURNING id`,
        [regionId, DEMO_CLINIC.hospitalName],
      );
      await m.query(
        `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id) VALUES ('dermatolog', 'Sofia Hedberg', $1, 'specialist', $2, $3)`,
        [passwordHash, regionId, dermatologyId],
      );
      // A past year of visits, so that the reports show something.
      await seedDemoHistory(m, regionId);
      return true;
    });
    return { created, accounts };
  }

  /**
   * Region Västernorrland with its own clinic, centre and accounts, and an active agreement lending
   * 40 % of its rheumatologist to two Jämtland centres, with one remote session under it next week.
   */
  private async seedPartner(m: EntityManager, receiverId: string, centreIds: Map<string, string>, passwordHash: string): Promise<void> {
    const p = DEMO_PARTNER;
    const [{ id: regionId }] = await m.query('INSERT INTO region (code, name) VALUES ($1, $2) RETURNING id', [
      p.region.code,
      p.region.name,
    ]);
    const [{ id: clinicId }] = await m.query(
      'INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, $2, $3, $4) RETURNING id',
      [regionId, p.clinic.name, p.clinic.hospitalName, p.clinic.specialty],
    );
    const [{ id: centreId }] = await m.query(
      'INSERT INTO health_centre (region_id, name, municipality, road_distance_km, travel_minutes) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [regionId, p.centre.name, p.centre.municipality, p.centre.roadDistanceKm, p.centre.travelMinutes],
    );
    await m.query(`INSERT INTO health_centre_room (health_centre_id, name) VALUES ($1, 'Videorum 1')`, [centreId]);
    const ids = new Map<string, string>();
    for (const u of p.users) {
      const [{ id }] = await m.query(
        `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [u.username, u.displayName, passwordHash, u.role, regionId, u.role === 'specialist' ? clinicId : null],
      );
      ids.set(u.username, id);
    }
    const [{ id: receiverAdmin }] = await m.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    const today = new Date().toISOString().slice(0, 10);
    const [{ id: agreementId }] = await m.query(
      `INSERT INTO region_agreement (title, provider_region_id, provider_clinic_id, receiver_region_id, capacity_share, valid_from, valid_to,
                                     price_remote_visit, price_onsite_day, price_no_show, status, proposed_by, accepted_by, accepted_at)
       VALUES ($1, $2, $3, $4, $5, $6::date - 30, $6::date + 335, $7, $8, $9, 'active', $10, $11, now()) RETURNING id`,
      [
        p.agreement.title,
        regionId,
        clinicId,
        receiverId,
        p.agreement.capacityShare,
        today,
        p.agreement.prices.remoteVisit,
        p.agreement.prices.onsiteDay,
        p.agreement.prices.noShow,
        receiverAdmin,
        ids.get('admin.y'),
      ],
    );
    for (const name of p.agreement.centres) {
      await m.query('INSERT INTO region_agreement_centre (agreement_id, receiver_region_id, health_centre_id) VALUES ($1, $2, $3)', [
        agreementId,
        receiverId,
        centreIds.get(name),
      ]);
    }
    await m.query(`INSERT INTO region_agreement_pathway (agreement_id, pathway_key) VALUES ($1, 'joint-complaints')`, [agreementId]);
    // Next week's Tuesday afternoon at Hammarstrand, by video from Sundsvall.
    const d = new Date();
    const tuesday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + ((9 - d.getUTCDay()) % 7 || 7)))
      .toISOString()
      .slice(0, 10);
    const hammarstrand = centreIds.get('Hammarstrand hälsocentral')!;
    const [{ id: roomId }] = await m.query('SELECT id FROM health_centre_room WHERE health_centre_id = $1', [hammarstrand]);
    await insertSessionWithSlots(m, {
      regionId: receiverId,
      specialistId: ids.get('specialist.y')!,
      healthCentreId: hammarstrand,
      roomId,
      mode: 'remote',
      start: parseClinicTime(`${tuesday}T13:00`)!,
      end: parseClinicTime(`${tuesday}T16:00`)!,
      slotMinutes: 30,
      agreementId,
    });
  }

  /**
   * A week of remote clinic sessions from the next weekday on: the rheumatologist visits a different
   * health centre by video each morning (09:00-12:00 Stockholm time, 30-minute slots).
   */
  private async seedSessions(m: EntityManager, regionId: string, centreIds: Map<string, string>): Promise<void> {
    const [{ id: specialistId }] = await m.query(`SELECT id FROM app_user WHERE username = 'specialist'`);
    const rotation = [
      'Funäsdalen hälsocentral',
      'Sveg hälsocentral',
      'Strömsund hälsocentral',
      'Järpen hälsocentral',
      'Hammarstrand hälsocentral',
      'Funäsdalen hälsocentral',
      'Hede hälsocentral',
    ];
    const day = new Date();
    let planned = 0;
    for (let offset = 1; planned < 7 && offset < 14; offset++) {
      const d = new Date(day.getTime() + offset * 86_400_000);
      const weekday = d.getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const date = d.toISOString().slice(0, 10);
      const centreId = centreIds.get(rotation[planned % rotation.length]!)!;
      const start = parseClinicTime(`${date}T09:00`)!;
      const end = parseClinicTime(`${date}T12:00`)!;
      const [{ id: roomId }] = await m.query('SELECT id FROM health_centre_room WHERE health_centre_id = $1', [centreId]);
      await insertSessionWithSlots(m, {
        regionId,
        specialistId,
        healthCentreId: centreId,
        roomId,
        mode: 'remote',
        start,
        end,
        slotMinutes: 30,
      });
      planned++;
    }
  }
}
