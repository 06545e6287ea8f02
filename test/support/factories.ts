import type { Pool } from 'pg';
import { hashPassword, type Role } from '@app/identity';
import { luhnCheckDigit } from '@app/patients';
import { JOINT } from './joint-answers';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestRegion {
  id: string;
  clinicId: string;
  centres: { main: string; other: string };
  users: { nurse: TestUser; otherNurse: TestUser; specialist: TestUser; admin: TestUser };
}

export interface TestUser {
  id: string;
  username: string;
  role: Role;
}

let passwordHash: Promise<string> | undefined;
let counter = 0;

/** A region with a clinic, two health centres, and one user of each role (plus a nurse at the second centre). */
export async function createRegion(db: Pool, code: string): Promise<TestRegion> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const lc = code.toLowerCase();
  const {
    rows: [region],
  } = await db.query('INSERT INTO region (code, name) VALUES ($1, $2) RETURNING id', [code, `Region ${code}`]);
  const {
    rows: [clinic],
  } = await db.query(
    `INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, 'Reumatologkliniken', $2, 'rheumatology') RETURNING id`,
    [region.id, `Sjukhus ${code}`],
  );
  // A schema from before issue 22 (a migration test builds data on one) has no phone column.
  const {
    rows: [{ phone }],
  } = await db.query(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'health_centre' AND column_name = 'phone') AS phone`,
  );
  const centre = async (name: string, km: number) => {
    // A telephone number: every patient notice names how to reach the centre (issue 22).
    const id = (
      phone
        ? await db.query('INSERT INTO health_centre (region_id, name, road_distance_km, phone) VALUES ($1, $2, $3, $4) RETURNING id', [
            region.id,
            name,
            km,
            '0680-100 00',
          ])
        : await db.query('INSERT INTO health_centre (region_id, name, road_distance_km) VALUES ($1, $2, $3) RETURNING id', [
            region.id,
            name,
            km,
          ])
    ).rows[0].id as string;
    await db.query(`INSERT INTO health_centre_room (health_centre_id, name) VALUES ($1, 'Videorum 1')`, [id]);
    return id;
  };
  const main = await centre(`${code} Norra hälsocentral`, 150);
  const other = await centre(`${code} Södra hälsocentral`, 80);
  const user = async (username: string, role: Role, centreId: string | null): Promise<TestUser> => {
    const { rows } = await db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, health_centre_id, clinic_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [username, `${role} ${code}`, hash, role, region.id, centreId, role === 'specialist' ? clinic.id : null],
    );
    return { id: rows[0].id, username, role };
  };
  const created: TestRegion = {
    id: region.id,
    clinicId: clinic.id,
    centres: { main, other },
    users: {
      nurse: await user(`nurse.${lc}`, 'nurse', main),
      otherNurse: await user(`nurse2.${lc}`, 'nurse', other),
      specialist: await user(`specialist.${lc}`, 'specialist', null),
      admin: await user(`admin.${lc}`, 'admin', null),
    },
  };
  // As the upgrade does for an existing region (issue 19): what is published is live at both centres, both nurses trained.
  const {
    rows: [{ rollout }],
  } = await db.query(`SELECT to_regclass('pathway_rollout') IS NOT NULL AS rollout`);
  if (rollout) {
    const { rows } = await db.query(`SELECT DISTINCT pathway_key FROM pathway_version WHERE status = 'published'`);
    for (const r of rows) await goLive(db, r.pathway_key, created);
  }
  return created;
}

/**
 * A pathway live at the region's centres (both, or those named) and its nurses there recorded as trained,
 * as an administrator does through PUT /pathways/{key}/rollouts and POST /pathways/{key}/training-records.
 */
export async function goLive(
  db: Pool,
  pathwayKey: string,
  region: TestRegion,
  centres = [region.centres.main, region.centres.other],
): Promise<void> {
  await db.query(
    `INSERT INTO pathway_rollout (pathway_key, health_centre_id, state, live_from) SELECT $1, unnest($2::uuid[]), 'live', current_date
     ON CONFLICT (pathway_key, health_centre_id) DO UPDATE SET state = 'live', live_from = coalesce(pathway_rollout.live_from, current_date)`,
    [pathwayKey, centres],
  );
  await db.query(
    `INSERT INTO pathway_training (pathway_key, user_id, method) SELECT $1, u.id, 'upgrade' FROM app_user u
      WHERE u.role = 'nurse' AND u.health_centre_id = ANY($2::uuid[])
        AND NOT EXISTS (SELECT 1 FROM pathway_training t WHERE t.pathway_key = $1 AND t.user_id = u.id)`,
    [pathwayKey, centres],
  );
}

/**
 * A second administrator of a region (created once, username `signoff.<n>`), who signs off pathway drafts where the
 * region signs off by a second administrator (issue 20: every publication needs a second person). Password TEST_PASSWORD.
 */
export async function secondAdmin(db: Pool, regionId: string, except: Array<string | null> = []): Promise<TestUser> {
  const {
    rows: [found],
  } = await db.query(
    `SELECT id, username FROM app_user WHERE region_id = $1 AND role = 'admin' AND active AND username LIKE 'signoff.%'
        AND NOT (id = ANY($2::uuid[])) ORDER BY username LIMIT 1`,
    [regionId, except.filter((id) => id !== null)],
  );
  if (found) return { id: found.id, username: found.username, role: 'admin' };
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const {
    rows: [created],
  } = await db.query(
    `INSERT INTO app_user (username, display_name, password_hash, role, region_id)
     SELECT 'signoff.' || lower(code) || '.' || substr(md5(random()::text), 1, 6), 'Andra administratören ' || code, $2, 'admin', id
       FROM region WHERE id = $1 RETURNING id, username`,
    [regionId, await passwordHash],
  );
  return { id: created.id, username: created.username, role: 'admin' };
}

/**
 * An agreement by which `provider`'s clinic serves `receiver`'s main centre on the joint pathway, proposed by
 * the receiver's admin and accepted by the provider's, valid from yesterday for a year.
 */
export async function activeAgreement(
  t: TestApp,
  provider: { region: TestRegion; adminToken: string },
  receiver: { region: TestRegion; adminToken: string },
): Promise<string> {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const proposed = await t.http('POST', '/agreements', {
    token: receiver.adminToken,
    body: {
      title: 'Reumatologi mellan regionerna',
      providerRegionId: provider.region.id,
      providerClinicId: provider.region.clinicId,
      healthCentreIds: [receiver.region.centres.main],
      pathwayKeys: [JOINT],
      capacityShare: 0.4,
      validFrom: day(-1),
      validTo: day(365),
      prices: { remoteVisit: 1800, onsiteDay: 14000, noShow: 600 },
    },
  });
  if (proposed.status !== 201) throw new Error(`proposing the agreement answered ${proposed.status}`);
  const accepted = await t.http('POST', `/agreements/${proposed.body.id}/accept`, { token: provider.adminToken });
  if (accepted.status !== 200) throw new Error(`accepting the agreement answered ${accepted.status}`);
  return proposed.body.id as string;
}

/** Tokens of every user of a region, by their role in the region (nurse, otherNurse, specialist, admin). */
export async function loginAll(t: TestApp, region: TestRegion): Promise<Record<keyof TestRegion['users'], string>> {
  const tokens: Record<string, string> = {};
  for (const [key, user] of Object.entries(region.users)) tokens[key] = await login(t, user.username);
  return tokens as Record<keyof TestRegion['users'], string>;
}

export async function login(t: TestApp, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await t.http('POST', '/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** A valid, unique, fictional personnummer (YYYYMMDD-NNNN) born on the given date. */
export function personnummer(born = '19700101'): string {
  // Serials 001-999: 000 is never issued, and the validator refuses it (#15.6).
  counter = (counter % 999) + 1;
  const serial = String(counter).padStart(3, '0');
  return `${born}-${serial}${luhnCheckDigit(`${born.slice(2)}${serial}`)}`;
}

export async function createPatient(
  t: TestApp,
  token: string,
  healthCentreId: string,
  born = '19700101',
): Promise<{ id: string; personnummer: string }> {
  const pnr = personnummer(born);
  // A mobile number, so notices go by SMS (logged when no gateway is configured) rather than wait for a letter's address.
  const res = await t.http('POST', '/patients', {
    token,
    body: { personnummer: pnr, name: `Test Patient ${pnr}`, healthCentreId, phone: '070-000 00 00' },
  });
  if (res.status !== 201) throw new Error(`create patient: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, personnummer: res.body.personnummer };
}
