/**
 * Issue 21 figures: referrals between two installations on this machine (two apis, two embedded
 * PostgreSQL servers). N referrals are sent through A's api with C at a time; each is signed, sent
 * by A's outbox, checked and stored by B, which answers with its receipt. Measured: referral
 * messages per second from the first send to the last receipt, and the p95 from send (A's outbox row)
 * to receipt (B's stored message id). The comparison point is the receiver's database alone: the same
 * rows a receipt writes (message id, referral, receipt in the outbox, audit row), C transactions at a
 * time, straight into B's database.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { loadConfig } from '@app/config';
import { hashPassword } from '@app/identity';
import { createApp } from '../apps/api/src/bootstrap';
import { jointAnswers } from '../apps/api/src/demo/joint-answers';
import { benchDatabase, fmt, percentile } from './support/bench-db';

const N = Number(process.env.FEDERATION_BENCH_N ?? 400);
const CONCURRENCY = 8;
const PASSWORD = 'bench password 1';

interface Side {
  app: INestApplication;
  base: string;
  pool: Pool;
  stop(): Promise<void>;
}

async function side(name: string, code: string): Promise<Side & { regionId: string; centreId: string }> {
  const db = await benchDatabase(`federation_${name}`);
  const pool = new Pool({ connectionString: db.url, max: CONCURRENCY + 2 });
  const hash = await hashPassword(PASSWORD);
  const [region] = (await pool.query(`INSERT INTO region (code, name) VALUES ($1, $2) RETURNING id`, [code, `Region ${code}`])).rows;
  const one = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0] as { id: string };
  const clinic = await one(
    `INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, 'Reuma', 'Sjukhus', 'rheumatology') RETURNING id`,
    [region.id],
  );
  const centre = await one(`INSERT INTO health_centre (region_id, name, road_distance_km) VALUES ($1, 'Hälsocentral', 100) RETURNING id`, [
    region.id,
  ]);
  await pool.query(
    `INSERT INTO app_user (username, display_name, password_hash, role, region_id, health_centre_id, clinic_id) VALUES
       ($1 || '.admin', 'Admin', $2, 'admin', $3, NULL, NULL), ($1 || '.nurse', 'Nurse', $2, 'nurse', $3, $4, NULL),
       ($1 || '.spec', 'Specialist', $2, 'specialist', $3, NULL, $5)`,
    [name, hash, region.id, centre.id, clinic.id],
  );
  const config = loadConfig({
    LOG_LEVEL: 'error',
    DEMO_DATA: 'false',
    WEB_DIST_DIR: '/nonexistent',
    JOB_INTERVAL_SECONDS: '1',
    WRITE_RATE_PER_MINUTE: '0',
    READ_RATE_PER_MINUTE: '0',
    PREVIEW_RATE_PER_MINUTE: '0',
  });
  const app = await createApp({ config, databaseUrl: db.url });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return {
    app,
    base,
    pool,
    regionId: region.id,
    centreId: centre.id,
    async stop() {
      await app.close();
      await pool.end();
      await db.stop();
    },
  };
}

async function call<T = any>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

const login = async (base: string, username: string) =>
  (await call<{ accessToken: string }>(base, 'POST', '/auth/login', undefined, { username, password: PASSWORD })).accessToken;

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function runFederationBench(): Promise<void> {
  console.log(`\n== Federation (issue 21): ${N} referrals from installation A to installation B, ${CONCURRENCY} at a time ==`);
  const a = await side('a', 'FA');
  const b = await side('b', 'FB');
  try {
    const [adminA, adminB, nurse] = [await login(a.base, 'a.admin'), await login(b.base, 'b.admin'), await login(a.base, 'a.nurse')];
    await call(a.base, 'POST', '/federation/partners', adminA, { name: 'Region FB', baseUrl: b.base });
    await call(b.base, 'POST', '/federation/partners', adminB, { name: 'Region FA', baseUrl: a.base });
    const service = await call<{ id: string }>(b.base, 'POST', '/federation/services', adminB, {
      title: 'Reumatologisk bedömning',
      specialty: 'rheumatology',
      pathwayKey: 'joint-complaints',
      turnaroundDays: 14,
      pricePerReferral: 1500,
    });
    await call(a.base, 'GET', '/federation/offers', nurse);
    const patients = (
      await a.pool.query(
        `INSERT INTO patient (region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id)
       SELECT $1, '19' || lpad(g::text, 10, '0'), false, '1960-01-01', 'Patient ' || g, $2 FROM generate_series(1, $3) g RETURNING id`,
        [a.regionId, a.centreId, N],
      )
    ).rows.map((r: { id: string }) => r.id);

    const t0 = performance.now();
    await pool(patients, CONCURRENCY, async (patientId) => {
      await call(a.base, 'POST', '/referrals', nurse, { serviceId: service.id, patientId, answers: jointAnswers() });
    });
    const sentAt = performance.now();
    for (;;) {
      const {
        rows: [r],
      } = await b.pool.query(`SELECT count(*)::int AS n FROM federation_inbound WHERE kind = 'referral'`);
      if (r.n >= N) break;
      if (performance.now() - t0 > 600_000) throw new Error(`only ${r.n} of ${N} referrals arrived in 10 minutes`);
      await new Promise((res) => setTimeout(res, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    // Send (A's outbox row, written with the referral) to receipt (B's stored message id): one machine, one clock.
    const sent = new Map<string, number>(
      (
        await a.pool.query(`SELECT message_id, extract(epoch FROM created_at) * 1000 AS t FROM federation_outbox WHERE kind = 'referral'`)
      ).rows.map((r: { message_id: string; t: string }) => [r.message_id, Number(r.t)]),
    );
    const received = await b.pool.query(
      `SELECT message_id, extract(epoch FROM received_at) * 1000 AS t FROM federation_inbound WHERE kind = 'referral'`,
    );
    const latencies = received.rows.map((r: { message_id: string; t: string }) => Number(r.t) - sent.get(r.message_id)!);
    const dupes = (await b.pool.query(`SELECT count(*)::int - count(DISTINCT id)::int AS d FROM federation_referral`)).rows[0].d;
    console.log(
      `  sending (${N} POST /referrals): ${fmt((sentAt - t0) / 1000)} s; all received after ${fmt(seconds)} s; duplicates at B: ${dupes}`,
    );
    console.log(`  referral messages per second, send to receipt: ${fmt(N / seconds)}`);
    const [p50, p95] = [percentile(latencies, 50), percentile(latencies, 95)];
    console.log(`  send to receipt: p50 ${fmt(p50)} ms, p95 ${fmt(p95)} ms, max ${fmt(Math.max(...latencies))} ms`);

    // The comparison point: the receiver's database writing the same rows with no api, signature or network.
    const [partnerB] = (await b.pool.query('SELECT id FROM federation_partner')).rows;
    const [bundle] = (await b.pool.query('SELECT bundle FROM federation_referral LIMIT 1')).rows;
    const dbLatencies: number[] = [];
    const d0 = performance.now();
    await pool(
      Array.from({ length: N }, (_, i) => i),
      CONCURRENCY,
      async () => {
        const c = await b.pool.connect();
        const s = performance.now();
        try {
          const id = randomUUID();
          await c.query('BEGIN');
          await c.query(
            `INSERT INTO federation_inbound (message_id, partner_id, kind, referral_id, sent_at) VALUES ($1, $2, 'referral', $3, now())`,
            [randomUUID(), partnerB.id, id],
          );
          await c.query(
            `INSERT INTO federation_referral (id, direction, region_id, partner_id, service_id, service_title, patient, referrer, answers,
                                            bundle, status, price, currency, sent_at)
           VALUES ($1, 'incoming', $2, $3, $4, 'Reumatologisk bedömning', '{"name":"x"}', '{}', $5, $6, 'received', 1500, 'SEK', now())`,
            [id, b.regionId, partnerB.id, service.id, JSON.stringify(jointAnswers()), bundle.bundle],
          );
          await c.query(
            `INSERT INTO federation_outbox (message_id, partner_id, referral_id, kind, body, delivered_at)
           VALUES ($1, $2, $3, 'received', '{}', now())`,
            [randomUUID(), partnerB.id, id],
          );
          await c.query(
            `INSERT INTO audit_event (actor_username, action, resource_type, resource_id, outcome)
           VALUES ('partner:bench', 'create', 'FederatedReferral', $1, 'success')`,
            [id],
          );
          await c.query('COMMIT');
        } finally {
          c.release();
        }
        dbLatencies.push(performance.now() - s);
      },
    );
    const dbSeconds = (performance.now() - d0) / 1000;
    const dbP95 = percentile(dbLatencies, 95);
    const dbRate = fmt(N / dbSeconds);
    console.log(`  receiver's database alone (the same rows, ${CONCURRENCY} at a time): ${dbRate} per second, p95 ${fmt(dbP95)} ms`);
    const share = fmt((N / seconds / (N / dbSeconds)) * 100);
    console.log(`  ratio: between installations ${share} % of the database's own rate; p95 ${fmt(p95 / dbP95)}x`);
  } finally {
    await a.stop();
    await b.stop();
  }
}

if (require.main === module) {
  runFederationBench().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
