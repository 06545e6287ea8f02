import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '@app/identity';
import { luhnCheckDigit } from '@app/patients';
import { parseClinicTime } from '@app/common';
import { insertSessionWithSlots } from '@app/scheduling';
import { DEMO_CLINIC, DEMO_HEALTH_CENTRES, DEMO_NEIGHBOURS, DEMO_PATIENTS, DEMO_REGION, DEMO_USERS } from './demo-data';

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
    const accounts = DEMO_USERS.map((u) => ({
      username: u.username,
      role: u.role,
      where: 'centre' in u ? u.centre : u.role === 'specialist' ? `${DEMO_CLINIC.name}, ${DEMO_CLINIC.hospitalName}` : DEMO_REGION.name,
    }));
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
          `INSERT INTO health_centre (region_id, name, municipality, road_distance_km, travel_minutes)
           VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [regionId, c.name, c.municipality, c.roadDistanceKm, c.travelMinutes],
        );
        centreIds.set(c.name, id);
        await m.query(`INSERT INTO health_centre_room (health_centre_id, name) VALUES ($1, 'Videorum 1')`, [id]);
      }
      for (const [a, b, km] of DEMO_NEIGHBOURS) {
        await m.query('INSERT INTO health_centre_distance (from_centre_id, to_centre_id, road_km) VALUES ($1, $2, $3), ($2, $1, $3)', [centreIds.get(a), centreIds.get(b), km]);
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
          [regionId, `${p.born}${p.serial}${check}`, `${p.born.slice(0, 4)}-${p.born.slice(4, 6)}-${p.born.slice(6)}`, p.name, centreIds.get(p.centre), p.phone],
        );
      }
      await this.seedSessions(m, regionId, centreIds);
      return true;
    });
    return { created, accounts };
  }

  /**
   * A week of remote clinic sessions from the next weekday on: the rheumatologist visits a different
   * health centre by video each morning (09:00-12:00 Stockholm time, 30-minute slots).
   */
  private async seedSessions(m: EntityManager, regionId: string, centreIds: Map<string, string>): Promise<void> {
    const [{ id: specialistId }] = await m.query(`SELECT id FROM app_user WHERE username = 'specialist'`);
    const rotation = ['Funäsdalen hälsocentral', 'Sveg hälsocentral', 'Strömsund hälsocentral', 'Järpen hälsocentral', 'Hammarstrand hälsocentral', 'Funäsdalen hälsocentral', 'Hede hälsocentral'];
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
      await insertSessionWithSlots(m, { regionId, specialistId, healthCentreId: centreId, roomId, mode: 'remote', start, end, slotMinutes: 30 });
      planned++;
    }
  }
}
