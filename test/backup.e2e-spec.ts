import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { createTestApp, createTestDatabase, type TestApp } from './support/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

/** Row count and an order-independent digest of every table: two databases with equal ones hold the same data. */
async function checksum(url: string): Promise<Record<string, string>> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const { rows: tables } = await pool.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'migrations' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await pool.query(
        `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${name}" t`,
      );
      out[name] = `${rows[0].n}:${rows[0].digest}`;
    }
    return out;
  } finally {
    await pool.end();
  }
}

/** An empty database (no schema at all) on the test server. */
async function emptyDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL!;
  const name = `r_${randomBytes(6).toString('hex')}`;
  const admin = new Pool({ connectionString: adminUrl, max: 1 });
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The README's commands, as a user runs them (`npm run db:backup -- <file>`), against a given database. */
const db = (command: 'backup' | 'restore', url: string, ...args: string[]) =>
  run('npm', ['run', '--silent', `db:${command}`, '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'production' },
  });

describe('Backup and restore (npm run db:backup / db:restore, on the embedded PostgreSQL)', () => {
  let t: TestApp;
  let r: TestRegion;
  let tok: Record<string, string>;
  let caseId: string;
  const dir = mkdtempSync(join(tmpdir(), 'ledtriage-backup-'));

  beforeAll(async () => {
    t = await createTestApp();
    r = await createRegion(t.db, 'BK');
    tok = await loginAll(t, r);
    const start = new Date(Date.now() + 3 * 86_400_000);
    const session = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: r.users.specialist.id,
        healthCentreId: r.centres.main,
        start: start.toISOString(),
        end: new Date(start.getTime() + 3600_000).toISOString(),
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    for (let i = 0; i < 3; i++) {
      const p = await createPatient(t, tok.nurse!, r.centres.main);
      const c = await t.http('POST', '/triage-cases', {
        token: tok.nurse,
        headers: { 'idempotency-key': randomUUID() },
        body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      });
      caseId = c.body.id;
    }
    expect((await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: session.body.slots[0].id } })).status).toBe(201);
    // The booking's notice is delivered by the worker within seconds; let it, so the database holds still
    // between the backup and the comparison.
    for (let i = 0; i < 100; i++) {
      const [{ pending }] = (await t.db.query(`SELECT count(*)::int AS pending FROM notice_outbox WHERE status = 'pending'`)).rows;
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every row of every table into an empty database, and the api runs on it', async () => {
    const file = join(dir, 'one.backup.gz');
    const { stdout } = await db('backup', t.databaseUrl, file);
    expect(stdout).toMatch(/Backup written: .*one\.backup\.gz\n\s+\d+ tables, \d+ rows, schema at \w+/);
    const target = await emptyDatabase();
    const restored = await db('restore', target, file);
    expect(restored.stdout).toMatch(/^Restored /);
    expect(await checksum(target)).toEqual(await checksum(t.databaseUrl));

    // The restored database serves the same case, and takes new writes (sequences moved on).
    const other = await createTestApp({ databaseUrl: target });
    try {
      const tokens = await loginAll(other, r);
      const again = await other.http('GET', `/triage-cases/${caseId}`, { token: tokens.specialist });
      const original = await t.http('GET', `/triage-cases/${caseId}`, { token: tok.specialist });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(original.body);
      const p = await createPatient(other, tokens.nurse, r.centres.main);
      expect(p.id).toBeDefined();
    } finally {
      await other.close();
    }
  });

  it('takes a consistent snapshot while submissions keep arriving', async () => {
    const file = join(dir, 'busy.backup.gz');
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        const p = await createPatient(t, tok.otherNurse!, r.centres.other);
        await t.http('POST', '/triage-cases', {
          token: tok.otherNurse,
          headers: { 'idempotency-key': randomUUID() },
          body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers() },
        });
        n++;
      }
      return n;
    })();
    await db('backup', t.databaseUrl, file);
    writing = false;
    expect(await writer).toBeGreaterThan(0);
    const target = await emptyDatabase();
    await db('restore', target, file);
    // Every case has its patient and its audit row: nothing half-written was captured.
    const pool = new Pool({ connectionString: target, max: 1 });
    try {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS cases,
                count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM patient p WHERE p.id = c.patient_id))::int AS orphans,
                count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM audit_event a WHERE a.resource_id = c.id::text AND a.action = 'create'))::int AS unaudited
           FROM triage_case c`,
      );
      expect(rows[0].cases).toBeGreaterThanOrEqual(3);
      expect(rows[0]).toMatchObject({ orphans: 0, unaudited: 0 });
    } finally {
      await pool.end();
    }
  });

  it('#15.16: re-checks every foreign key after a triggers-off load: a broken one fails the restore, named, restoring nothing', async () => {
    // A database with an orphan row, written the way only triggers-off loading can: a room of no centre.
    const source = await createTestDatabase();
    const pool = new Pool({ connectionString: source, max: 1 });
    let constraint: string;
    try {
      const region = await createRegion(pool, 'BF');
      const client = await pool.connect();
      try {
        await client.query('SET session_replication_role = replica');
        await client.query(`INSERT INTO health_centre_room (health_centre_id, name) VALUES ($1, 'Rum utan central')`, [randomUUID()]);
        await client.query('RESET session_replication_role');
      } finally {
        client.release();
      }
      expect(region.id).toBeDefined();
      constraint = (
        await pool.query(
          `SELECT conname FROM pg_constraint
            WHERE contype = 'f' AND conrelid = 'health_centre_room'::regclass AND confrelid = 'health_centre'::regclass`,
        )
      ).rows[0].conname;
    } finally {
      await pool.end();
    }
    const file = join(dir, 'orphan.backup.gz');
    await db('backup', source, file);
    const target = await emptyDatabase();
    await expect(db('restore', target, file)).rejects.toMatchObject({
      stderr: expect.stringContaining(
        `foreign key ${constraint} broken: 1 row(s) of health_centre_room (health_centre_id) refer to no row of health_centre`,
      ),
    });
    const check = new Pool({ connectionString: target, max: 1 });
    try {
      expect((await check.query('SELECT count(*)::int AS n FROM app_user')).rows[0].n).toBe(0);
      expect((await check.query('SELECT count(*)::int AS n FROM health_centre_room')).rows[0].n).toBe(0);
    } finally {
      await check.end();
    }
  });

  it('refuses to overwrite a database that holds data, and a file that is not a backup', async () => {
    const file = join(dir, 'one.backup.gz');
    await expect(db('restore', t.databaseUrl, file)).rejects.toMatchObject({ stderr: expect.stringContaining('already holds data') });
    await expect(db('restore', await emptyDatabase(), join(ROOT, 'package.json'))).rejects.toMatchObject({ code: 1 });
  });
});
