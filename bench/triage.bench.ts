/**
 * Issue 5 figures on the embedded PostgreSQL: triage submissions through the api with 20 concurrent
 * clients beside the same two-row transactions in bare `pg`; the queue's latency at 10 000 open
 * cases; the time from a submission to `queue.updated` at 200 connected sockets. Then the database's
 * own limit for the same rows (issue 15, #18): pgbench running one prepared statement that writes the
 * case and its audit row, at a few pool sizes, the best of them printed beside the api's figure.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '@app/config';
import { hashPassword } from '@app/identity';
import { luhnCheckDigit } from '@app/patients';
import { createApp } from '../apps/api/src/bootstrap';
import { benchDatabase, cpuSince, cpuSnapshot, fmt, percentile } from './support/bench-db';
import { findPgbench, pgbench, type PgbenchRun } from './support/pgbench';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const SUBMISSIONS = 4000;
// Not measured: the first requests open the pool's connections, prepare statements and wait for the JIT.
const WARMUP = 1000;
const QUEUE_CASES = 10_000;
const SOCKETS = 200;
const PGBENCH_POOL_SIZES = [2, 4, 8, 20, 40];

/**
 * One submission's rows in one prepared statement: the case (the same columns as the bare pg
 * transaction) and its audit row. Each client takes patients of its own, client_id * stride + k.
 */
const PGBENCH_SCRIPT = `\\set k :k + 1
\\set idx :client_id * :stride + :k
WITH c AS (
  INSERT INTO triage_case (region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order,
                           bookable, in_queue, score, reasons, due_date, status, triaged_by)
  SELECT CAST(:region AS uuid), b.patient_id, CAST(:centre AS uuid), 'joint-complaints', CAST(:version AS int), CAST(:answers AS jsonb),
         'routine', 5, true, true, 1, '[]', current_date + 90, 'awaiting_booking', CAST(:nurse AS uuid)
    FROM bench_pgbench_patient b WHERE b.k = :idx
  RETURNING id, patient_id)
INSERT INTO audit_event (actor_user_id, action, resource_type, resource_id, patient_id, outcome)
SELECT CAST(:nurse AS uuid), 'create', 'TriageCase', c.id::text, c.patient_id, 'success' FROM c;
`;

const answers = (i: number) => ({
  age_years: 30 + (i % 40),
  symptom_duration_weeks: i % 20,
  swollen_joint_count: i % 7,
  small_joint_swelling: i % 3 === 0,
  squeeze_test_positive: i % 5 === 0,
  morning_stiffness_minutes: (i * 7) % 90,
  fever: false,
  acute_hot_swollen_joint: false,
  immunosuppressed_or_prosthetic_joint: false,
  systemic_features: i % 11 === 0,
  inflammatory_back_pain: i % 4 === 0,
  psoriasis_or_ibd: false,
  ...(30 + (i % 40) >= 50 ? { temporal_symptoms: false, girdle_pain_stiffness: false } : {}),
});

async function seed(pool: Pool, patients: number) {
  const [{ id: regionId }] = (await pool.query(`INSERT INTO region (code, name) VALUES ('BENCH', 'Bench') RETURNING id`)).rows;
  const [{ id: centreId }] = (
    await pool.query(`INSERT INTO health_centre (region_id, name, road_distance_km) VALUES ($1, 'Bench hälsocentral', 100) RETURNING id`, [
      regionId,
    ])
  ).rows;
  const [{ id: clinicId }] = (
    await pool.query(
      `INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, 'Reuma', 'Sjukhus', 'rheumatology') RETURNING id`,
      [regionId],
    )
  ).rows;
  const hash = await hashPassword('bench password 1');
  const [{ id: nurseId }] = (
    await pool.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, health_centre_id) VALUES ('bench.nurse', 'N', $1, 'nurse', $2, $3) RETURNING id`,
      [hash, regionId, centreId],
    )
  ).rows;
  await pool.query(
    `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id) VALUES ('bench.spec', 'S', $1, 'specialist', $2, $3)`,
    [hash, regionId, clinicId],
  );
  // Issue 19: the pathway is live at the centre and the nurse is trained on it (as the upgrade leaves an installation).
  await pool.query(
    `INSERT INTO pathway_rollout (pathway_key, health_centre_id, state, live_from) VALUES ('joint-complaints', $1, 'live', current_date)`,
    [centreId],
  );
  await pool.query(`INSERT INTO pathway_training (pathway_key, user_id, method) VALUES ('joint-complaints', $1, 'upgrade')`, [nurseId]);
  const ids: string[] = [];
  for (let start = 0; start < patients; start += 5000) {
    const n = Math.min(5000, patients - start);
    const values: string[] = [];
    for (let i = start; i < start + n; i++) {
      // A valid number per patient: a thousand serials per birth date.
      const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10);
      const born = birth.replace(/-/g, '');
      const serial = String(i % 1000).padStart(3, '0');
      const pnr = `${born}${serial}${luhnCheckDigit(`${born.slice(2)}${serial}`)}`;
      values.push(`('${regionId}', '${pnr}', false, '${birth}', 'Patient ${i}', '${centreId}')`);
    }
    const rows = await pool.query(
      `INSERT INTO patient (region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id) VALUES ${values.join(',')}
       ON CONFLICT DO NOTHING RETURNING id`,
    );
    ids.push(...rows.rows.map((r) => r.id));
  }
  return { regionId, centreId, nurseId, patients: ids };
}

// The clients stand in for nurses' browsers on other machines, yet share this machine's cores with the
// api and PostgreSQL: so they are raw keep-alive sockets writing prepared requests and reading only the
// status line and Content-Length (node:http's client took about 0.3 ms more CPU per request).
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const net = require('node:net');
const url = new URL(workerData.base + '/api/v1/triage-cases');
function connection() {
  const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  let buffer = Buffer.alloc(0);
  let pending = null;
  socket.on('data', (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    if (!pending) return;
    const end = buffer.indexOf('\\r\\n\\r\\n');
    if (end < 0) return;
    const head = buffer.subarray(0, end).toString('latin1');
    const length = /\\r\\ncontent-length: *(\\d+)/i.exec(head);
    if (!length) return pending.reject(new Error('response without Content-Length: ' + head.split('\\r\\n')[0]));
    const total = end + 4 + Number(length[1]);
    if (buffer.length < total) return;
    buffer = buffer.subarray(total);
    const done = pending;
    pending = null;
    done.resolve(Number(head.slice(9, 12)));
  });
  socket.on('error', (e) => pending && pending.reject(e));
  return {
    send(request) {
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        socket.write(request);
      });
    },
    close() { socket.destroy(); },
  };
}
function request(body, token) {
  const data = Buffer.from(JSON.stringify(body));
  const head = 'POST ' + url.pathname + ' HTTP/1.1\\r\\nHost: ' + url.host + '\\r\\nContent-Type: application/json\\r\\nContent-Length: ' + data.length +
    '\\r\\nAuthorization: Bearer ' + token + '\\r\\nIdempotency-Key: ' + randomUUID() + '\\r\\n\\r\\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), data]);
}
(async () => {
  const { token, bodies, clients } = workerData;
  const requests = bodies.map((b) => request(b, token));
  const latencies = [];
  const starts = [];
  let failures = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    const conn = connection();
    while (next < requests.length) {
      const req = requests[next++];
      const s = performance.now();
      const status = await conn.send(req);
      latencies.push(performance.now() - s);
      starts.push(s - t0);
      if (status !== 201) failures++;
    }
    conn.close();
  }));
  parentPort.postMessage({ latencies, starts, failures, seconds: (performance.now() - t0) / 1000 });
})();
`;

function loadInWorker(
  base: string,
  token: string,
  bodies: unknown[],
): Promise<{ latencies: number[]; starts: number[]; failures: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { base, token, bodies, clients: CLIENTS } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function runPool<T>(items: T[], workers: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function runTriageBench() {
  const db = await benchDatabase('triage');
  const pool = new Pool({ connectionString: db.url, max: CLIENTS + 5 });
  // One synthetic nurse sends thousands of submissions a second: the per-user write limit is off here.
  const app = await createApp({
    config: loadConfig({ LOG_LEVEL: 'error', DEMO_DATA: 'false', WEB_DIST_DIR: '/nonexistent', WRITE_RATE_PER_MINUTE: '0' }),
    databaseUrl: db.url,
  });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  try {
    const s = await seed(pool, (WARMUP + SUBMISSIONS) * 2 + QUEUE_CASES + 10);
    let taken = 0;
    const take = (n: number) => s.patients.slice(taken, (taken += n));
    const [{ version }] = (
      await pool.query(`SELECT version FROM pathway_version WHERE pathway_key = 'joint-complaints' AND status = 'published'`)
    ).rows;

    // Bare pg: the same two rows (case + audit) per transaction, 20 clients.
    const bareTransaction = async (patientId: string) => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const r = await c.query(
          `INSERT INTO triage_case (region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order, bookable, in_queue, score, reasons, due_date, status, triaged_by)
           VALUES ($1, $2, $3, 'joint-complaints', $4, $5, 'routine', 5, true, true, 1, '[]', current_date + 90, 'awaiting_booking', $6) RETURNING id`,
          [s.regionId, patientId, s.centreId, version, JSON.stringify(answers(1)), s.nurseId],
        );
        await c.query(
          `INSERT INTO audit_event (actor_user_id, action, resource_type, resource_id, patient_id, outcome) VALUES ($1, 'create', 'TriageCase', $2, $3, 'success')`,
          [s.nurseId, r.rows[0].id, patientId],
        );
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    };
    await runPool(take(WARMUP), CLIENTS, bareTransaction);
    const barePatients = take(SUBMISSIONS);
    const bareCpu = cpuSnapshot();
    const bareStart = performance.now();
    await runPool(barePatients, CLIENTS, bareTransaction);
    const bareRate = SUBMISSIONS / ((performance.now() - bareStart) / 1000);
    const bareCpuUsed = cpuSince(bareCpu);

    const login = async (username: string) =>
      (
        (await (
          await fetch(`${base}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password: 'bench password 1' }),
          })
        ).json()) as { accessToken: string }
      ).accessToken;
    const nurse = await login('bench.nurse');
    const submissions = (patients: string[]) =>
      patients.map((patientId, i) => ({ patientId, pathwayKey: 'joint-complaints', answers: answers(i) }));
    // The clients run in a worker thread, as separate programs would: the api's thread only serves.
    const warm = await loadInWorker(base, nurse, submissions(take(WARMUP)));
    if (warm.failures > 0) throw new Error(`${warm.failures} warm-up submissions failed`);
    const apiPatients = take(SUBMISSIONS);
    const apiCpu = cpuSnapshot();
    const load = await loadInWorker(base, nurse, submissions(apiPatients));
    const latencies = load.latencies;
    const failures = load.failures;
    const apiRate = SUBMISSIONS / load.seconds;
    const apiCpuUsed = cpuSince(apiCpu);
    if (process.env.BENCH_TIMELINE) {
      const buckets = new Map<number, number[]>();
      load.starts.forEach((start, i) => {
        const b = Math.floor(start / 500);
        buckets.set(b, [...(buckets.get(b) ?? []), load.latencies[i]!]);
      });
      for (const [b, l] of buckets)
        console.log(`  ${b * 0.5}s n=${l.length} p50 ${fmt(percentile(l, 50))} p95 ${fmt(percentile(l, 95))} max ${fmt(Math.max(...l))}`);
    }

    // Queue at 10 000 open cases, inserted in bulk; then VACUUM ANALYZE, the state autovacuum keeps a
    // table in (statistics, and a visibility map so the count reads the queue's index only).
    const queuePatients = take(QUEUE_CASES);
    await pool.query(`UPDATE triage_case SET status = 'withdrawn' WHERE status = 'awaiting_booking'`);
    await pool.query(
      `INSERT INTO triage_case (region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order, bookable, in_queue, score, reasons, due_date, status, triaged_by, triaged_at)
       SELECT $1, p, $2, 'joint-complaints', $3, '{}'::jsonb, (ARRAY['urgent','early_arthritis','routine'])[1 + (n % 3)], 3 + (n % 3), true, true, n % 10, '[]',
              current_date - (n % 60)::int + (ARRAY[3,14,90])[1 + (n % 3)], 'awaiting_booking', $4, now() - make_interval(days => (n % 60)::int)
         FROM unnest($5::uuid[]) WITH ORDINALITY AS t(p, n)`,
      [s.regionId, s.centreId, version, s.nurseId, queuePatients],
    );
    await pool.query('VACUUM ANALYZE triage_case');
    const specialist = await login('bench.spec');
    const queueTimes: number[] = [];
    for (let k = 0; k < 300; k++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/queue?pathwayKey=joint-complaints&limit=50`, {
        headers: { authorization: `Bearer ${specialist}` },
      });
      const body = (await res.json()) as { total: number };
      if (k === 0 && body.total !== queuePatients.length) throw new Error(`queue total ${body.total}`);
      queueTimes.push(performance.now() - t0);
    }

    // Fan-out: 200 specialist sockets; time from sending a submission to each socket's queue.updated.
    const sockets: Socket[] = [];
    for (let k = 0; k < SOCKETS; k++) {
      const socket = io(`${base}/realtime`, {
        auth: { token: specialist },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('queue.updated', () => resolve());
        socket.once('connect_error', reject);
      });
      sockets.push(socket);
    }
    const fanout: number[] = [];
    const fresh = (
      await pool.query(`SELECT p.id FROM patient p WHERE NOT EXISTS (SELECT 1 FROM triage_case c WHERE c.patient_id = p.id) LIMIT 10`)
    ).rows.map((r) => r.id as string);
    for (const patientId of fresh) {
      const t0 = performance.now();
      const arrivals = sockets.map(
        (socket) =>
          new Promise<number>((resolve) => {
            const handler = (e: { reason: string }) => {
              if (e.reason !== 'submitted') return;
              socket.off('queue.updated', handler);
              resolve(performance.now() - t0);
            };
            socket.on('queue.updated', handler);
          }),
      );
      await fetch(`${base}/api/v1/triage-cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${nurse}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ patientId, pathwayKey: 'joint-complaints', answers: answers(3) }),
      });
      fanout.push(...(await Promise.all(arrivals)));
    }
    for (const socket of sockets) socket.close();

    // The database's own limit for the same rows: pgbench, one prepared statement per submission.
    const pgbenchBin = await findPgbench();
    let pgbenchRuns: PgbenchRun[] = [];
    let pgbenchSkipped: string | null = null;
    if (!pgbenchBin) {
      pgbenchSkipped = 'no pgbench found (set PGBENCH, or install postgresql-client; the embedded server ships none)';
    } else {
      // Every case so far withdrawn, so the seeded patients can be triaged again; a patient per client and transaction.
      await pool.query(`UPDATE triage_case SET status = 'withdrawn' WHERE status IN ('awaiting_booking', 'booked')`);
      await pool.query(
        `CREATE TABLE bench_pgbench_patient AS SELECT (row_number() OVER (ORDER BY id))::int AS k, id AS patient_id FROM patient`,
      );
      await pool.query(`ALTER TABLE bench_pgbench_patient ADD PRIMARY KEY (k)`);
      await pool.query('VACUUM ANALYZE triage_case, audit_event, bench_pgbench_patient');
      const patientCount = s.patients.length;
      const vars = (clients: number) => ({
        k: 0,
        stride: Math.floor(patientCount / clients) - 1,
        region: s.regionId,
        centre: s.centreId,
        version,
        nurse: s.nurseId,
        answers: JSON.stringify(answers(1)),
      });
      const reset = async () => {
        await pool.query(`UPDATE triage_case SET status = 'withdrawn' WHERE status = 'awaiting_booking'`);
        await pool.query('VACUUM ANALYZE triage_case');
      };
      try {
        await pgbench(pgbenchBin, db.url, PGBENCH_SCRIPT, { clients: 4, transactions: WARMUP, vars: vars(4) });
        await reset();
        for (const clients of PGBENCH_POOL_SIZES) {
          pgbenchRuns.push(await pgbench(pgbenchBin, db.url, PGBENCH_SCRIPT, { clients, transactions: SUBMISSIONS, vars: vars(clients) }));
          await reset();
        }
      } catch (e) {
        pgbenchRuns = [];
        pgbenchSkipped = `pgbench failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      }
    }
    const best = pgbenchRuns.reduce<PgbenchRun | null>((b, r) => (!b || r.tps > b.tps ? r : b), null);

    const figures = {
      databaseLimitTransactionsPerSecond: best?.tps ?? null,
      databaseLimitPoolSize: best?.clients ?? null,
      apiShareOfDatabaseLimit: best ? apiRate / best.tps : null,
      barePgTransactionsPerSecond: bareRate,
      apiSubmissionsPerSecond: apiRate,
      apiShareOfBarePg: apiRate / bareRate,
      apiP50Ms: percentile(latencies, 50),
      apiP95Ms: percentile(latencies, 95),
      apiFailures: failures,
      queueP50Ms: percentile(queueTimes, 50),
      queueP95Ms: percentile(queueTimes, 95),
      fanoutP50Ms: percentile(fanout, 50),
      fanoutP95Ms: percentile(fanout, 95),
    };
    console.log('\n== Triage submissions, queue and fan-out (embedded PostgreSQL, this machine) ==');
    if (best) {
      const all = pgbenchRuns.map((r) => `${r.clients}: ${fmt(r.tps, 0)}`).join(', ');
      console.log(
        `database limit, pgbench, one prepared statement (case + audit row), best pool size ${best.clients}: ` +
          `${fmt(best.tps, 0)} tx/s (pool sizes ${all})`,
      );
    } else {
      console.log(`database limit (pgbench): skipped, ${pgbenchSkipped}`);
    }
    console.log(`bare pg, case + audit row per transaction, ${CLIENTS} clients: ${fmt(bareRate, 0)} tx/s`);
    console.log(
      `api POST /triage-cases, ${CLIENTS} clients:          ${fmt(apiRate, 0)} /s ` +
        `(${fmt(figures.apiShareOfBarePg * 100)} % of bare pg; target >= 30 %` +
        `${best ? `; ${fmt((figures.apiShareOfDatabaseLimit ?? 0) * 100)} % of the database's limit` : ''})`,
    );
    console.log(`  latency p50 ${fmt(figures.apiP50Ms)} ms, p95 ${fmt(figures.apiP95Ms)} ms (target p95 < 50 ms); non-201: ${failures}`);
    const perItem = (seconds: number) => `${fmt((seconds * 1000) / SUBMISSIONS, 2)} ms`;
    console.log(
      `  CPU per submission: api thread ${perItem(apiCpuUsed.main)}, PostgreSQL ${perItem(apiCpuUsed.postgres)}, other threads (clients, GC) ${perItem(apiCpuUsed.otherThreads)}; ` +
        `bare pg per transaction: node ${perItem(bareCpuUsed.main)}, PostgreSQL ${perItem(bareCpuUsed.postgres)} (${os.cpus().length} cores shared by all)`,
    );
    console.log(
      `queue GET, ${QUEUE_CASES} open cases, page of 50: p50 ${fmt(figures.queueP50Ms)} ms, p95 ${fmt(figures.queueP95Ms)} ms (target p95 < 30 ms)`,
    );
    console.log(
      `queue.updated to ${SOCKETS} sockets, from sending the submission: p50 ${fmt(figures.fanoutP50Ms)} ms, p95 ${fmt(figures.fanoutP95Ms)} ms (target p95 < 200 ms)`,
    );
    return figures;
  } finally {
    await app.close();
    await pool.end();
    await db.stop();
  }
}

if (require.main === module) {
  runTriageBench().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
