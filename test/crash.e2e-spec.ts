import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { freePort } from '@app/database';
import { createPatient, createRegion, login } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { createTestApp, createTestDatabase, type TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist/apps/api/main.js');
const SUBMISSIONS = 500;
const CLIENTS = 20;

/** The api as it runs in production: the built bundle in its own process, which the test can kill. */
function startApi(port: number, databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
      WEB_DIST_DIR: '/nonexistent',
      JEST_WORKER_ID: '',
      WRITE_RATE_PER_MINUTE: '100000',
    },
    stdio: 'ignore',
  });
}

async function waitUntilHealthy(base: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the api did not come up');
}

describe('Crash safety: SIGKILL in the middle of a busy morning', () => {
  let setup: TestApp;
  let api: ChildProcess | undefined;

  beforeAll(() => {
    const sources = ['apps/api/src', 'libs', 'migrations'].map((d) => join(ROOT, d));
    const newest = (dir: string): number =>
      require('node:fs')
        .readdirSync(dir, { withFileTypes: true })
        .reduce(
          (m: number, e: { name: string; isDirectory(): boolean }) =>
            Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs),
          0,
        );
    if (!existsSync(MAIN) || Math.max(...sources.map(newest)) > statSync(MAIN).mtimeMs) {
      execSync('npm run --silent build', { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
    }
  }, 120_000);
  afterAll(async () => {
    api?.kill('SIGKILL');
    await setup?.close();
  });

  it('ends every submission with exactly one case, and keeps every acknowledged one', async () => {
    const databaseUrl = await createTestDatabase();
    // An in-process api only to arrange the data through the same code; the one under test is the child.
    setup = await createTestApp({ databaseUrl });
    const region = await createRegion(setup.db, 'CR');
    const nurse = await login(setup, region.users.nurse.username);
    const patients: string[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) patients.push((await createPatient(setup, nurse, region.centres.main)).id);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    api = startApi(port, databaseUrl);
    await waitUntilHealthy(base);

    const jobs = patients.map((patientId, i) => ({
      patientId,
      key: randomUUID(),
      answers: jointAnswers({ swollen_joint_count: (i % 5) + 1 }),
    }));
    const acknowledged = new Map<string, string>(); // key -> case id, answered 201/200 at any time
    let killedAfter = -1;
    let beforeKill = new Map<string, string>();
    let kills = 0;
    let retries = 0;
    let next = 0;
    const submit = async (job: (typeof jobs)[number]) => {
      for (;;) {
        try {
          const res = await fetch(`${base}/api/v1/triage-cases`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${nurse}`, 'idempotency-key': job.key },
            body: JSON.stringify({ patientId: job.patientId, pathwayKey: JOINT, answers: job.answers }),
          });
          const body = (await res.json()) as { id?: string };
          if (res.status === 201 || res.status === 200) {
            acknowledged.set(job.key, body.id!);
            return;
          }
          if (res.status !== 409 && res.status < 500) throw new Error(`unexpected ${res.status}: ${JSON.stringify(body)}`);
        } catch (e) {
          if (e instanceof Error && e.message.startsWith('unexpected')) throw e;
          // Connection refused or reset: the api is down; try again with the same key.
        }
        retries++;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const killer = (async () => {
      while (acknowledged.size < SUBMISSIONS / 3) await new Promise((r) => setTimeout(r, 5));
      killedAfter = acknowledged.size;
      beforeKill = new Map(acknowledged);
      api!.kill('SIGKILL');
      kills++;
      await new Promise((r) => api!.once('exit', r));
      api = startApi(port, databaseUrl);
      await waitUntilHealthy(base);
    })();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          await submit(job);
        }
      }),
    );
    await killer;

    const db = new Pool({ connectionString: databaseUrl, max: 2 });
    try {
      const perPatient = await db.query(
        `SELECT patient_id, count(*)::int AS n, min(id::text) AS id FROM triage_case WHERE patient_id = ANY($1) GROUP BY patient_id`,
        [patients],
      );
      expect(perPatient.rows).toHaveLength(SUBMISSIONS);
      expect(perPatient.rows.every((r) => r.n === 1)).toBe(true);
      const stored = new Set(perPatient.rows.map((r) => r.id));
      for (const id of beforeKill.values()) expect(stored.has(id)).toBe(true);
      for (const id of acknowledged.values()) expect(stored.has(id)).toBe(true);
      const audit = await db.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE resource_type = 'TriageCase' AND action = 'create' AND outcome = 'success'`,
      );
      expect(audit.rows[0].n).toBe(SUBMISSIONS);
      expect(kills).toBe(1);
      expect(killedAfter).toBeGreaterThan(0);
      if (process.env.CRASH_REPORT)
        console.log(
          `${SUBMISSIONS} submissions, killed after ${killedAfter} acknowledged, ${retries} retries, ${beforeKill.size} acknowledged before the kill all kept`,
        );
    } finally {
      await db.end();
    }
  }, 180_000);
});
