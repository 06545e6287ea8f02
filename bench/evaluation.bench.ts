/**
 * Issue 19, item 5 figures: the evaluation of one pathway over 1 000 000 cases (one region, 50 health
 * centres, 625 days). The data set is generated in SQL (generate_series) straight into the normalised
 * tables: cases, sessions, slots, bookings, visits (most held, some no-shows, some still ahead), answers
 * with triage feedback, re-triages, and a go-live date per centre in the middle of the period. The bulk load
 * runs with triggers off (session_replication_role = replica: a row trigger per visit made it take half an
 * hour) and then fills the evaluation's sums with `evaluation_rebuild()`, the function the migration uses
 * on an existing installation (test/evaluation.e2e-spec.ts checks that the triggers keep the same sums);
 * the reports' tables are left empty (bench/reports.bench.ts loads through them). Then the evaluation runs
 * RUNS times per shape through the HTTP api, as an admin calls it (audit row included), and p95 is printed
 * beside the target (500 ms).
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Pool, type PoolClient } from 'pg';
import { loadConfig } from '@app/config';
import { hashPassword } from '@app/identity';
import { createApp } from '../apps/api/src/bootstrap';
import { benchDatabase, fmt, percentile } from './support/bench-db';

const CENTRES = 50;
/** 50 centres x 2 sessions a day x 16 slots = 1 600 cases a day; 625 days = 1 000 000 cases. */
const DAYS = 625;
const FIRST_DAY = '2025-01-01';
const SLOTS_PER_SESSION = 16;
const RUNS = 20;
const WARMUP = 2;
const TARGET_MS = 500;
const PASSWORD = 'bench password 1';
/** Per centre: more than the cases still open at once (one open case per patient and pathway). */
const PATIENTS = 2000;
const REGION = '00000000-0000-4000-8000-000000000001';
const PATHWAY = 'joint-complaints';

async function step(label: string, work: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await work();
  console.log(`  ${label}: ${fmt((performance.now() - t0) / 1000)} s`);
}

export async function generateEvaluationData(pool: Pool): Promise<void> {
  const hash = await hashPassword(PASSWORD);
  const client = await pool.connect();
  try {
    await load(client, hash);
  } finally {
    client.release();
  }
}

async function load(client: PoolClient, hash: string): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
  await q('SET session_replication_role = replica');
  await step('organisation', async () => {
    await q(`INSERT INTO region (id, code, name) VALUES ('${REGION}', 'BENCH', 'Region Bench')`);
    await q(`INSERT INTO clinic (id, region_id, name, hospital_name, specialty) VALUES
               ('00000000-0000-4000-8000-000000000011', '${REGION}', 'Reuma', 'Sjukhus', 'rheumatology')`);
    await q(`INSERT INTO health_centre (region_id, name, road_distance_km, travel_minutes)
             SELECT '${REGION}', 'Hälsocentral ' || lpad(c::text, 2, '0'), 2 + (c * 37) % 240, 5 + (c * 37) % 240 * 0.8
               FROM generate_series(0, ${CENTRES - 1}) c`);
    await q(`INSERT INTO health_centre_room (health_centre_id, name) SELECT id, 'Videorum 1' FROM health_centre`);
    await q(`INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id)
             SELECT 'bench.spec' || c, 'Specialist ' || c, NULL, 'specialist', '${REGION}', '00000000-0000-4000-8000-000000000011'
               FROM generate_series(0, ${CENTRES - 1}) c`);
    await q(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id) VALUES ('bench.admin', 'Admin', $1, 'admin',
        '${REGION}')`,
      [hash],
    );
    await q(`INSERT INTO app_user (username, display_name, role, region_id, health_centre_id)
             SELECT 'bench.nurse' || right(name, 2), 'Nurse', 'nurse', region_id, id FROM health_centre`);
    await q(`INSERT INTO patient (region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id)
             SELECT hc.region_id, '19' || lpad((row_number() OVER ())::text, 10, '0'), false, '1950-01-01', 'Patient', hc.id
               FROM health_centre hc CROSS JOIN generate_series(0, ${PATIENTS - 1}) p`);
    await q(`CREATE UNLOGGED TABLE bench_patient AS
             SELECT health_centre_id, (row_number() OVER (PARTITION BY health_centre_id ORDER BY id) - 1)::int AS k, id FROM patient`);
    await q(`ALTER TABLE bench_patient ADD PRIMARY KEY (health_centre_id, k)`);
    // Every centre went live on the pathway somewhere in the period's middle (the centres in a staggered rollout).
    await q(
      `INSERT INTO pathway_rollout (pathway_key, health_centre_id, state, live_from)
             SELECT '${PATHWAY}', id, 'live', $1::date + 200 + (row_number() OVER (ORDER BY name))::int * 3 FROM health_centre
             ON CONFLICT (pathway_key, health_centre_id) DO UPDATE SET state = 'live', live_from = EXCLUDED.live_from`,
      [FIRST_DAY],
    );
  });
  await step(`${DAYS * CENTRES * 2} sessions`, () =>
    q(
      `INSERT INTO clinic_session (region_id, specialist_id, health_centre_id, room_id, mode, period, slot_minutes)
       SELECT hc.region_id, sp.id, hc.id, rm.id, CASE WHEN (d + c) % 5 = 0 THEN 'onsite' ELSE 'remote' END,
              tstzrange((($1::date + d) + make_time(CASE WHEN half = 0 THEN 8 ELSE 13 END, 0, 0)) AT TIME ZONE 'Europe/Stockholm',
                        (($1::date + d) + make_time(CASE WHEN half = 0 THEN 12 ELSE 17 END, 0, 0)) AT TIME ZONE 'Europe/Stockholm', '[)'),
              15
         FROM generate_series(0, ${DAYS - 1}) d
        CROSS JOIN generate_series(0, ${CENTRES - 1}) c
        CROSS JOIN generate_series(0, 1) half
         JOIN health_centre hc ON hc.name = 'Hälsocentral ' || lpad(c::text, 2, '0')
         JOIN health_centre_room rm ON rm.health_centre_id = hc.id
         JOIN app_user sp ON sp.username = 'bench.spec' || c`,
      [FIRST_DAY],
    ),
  );
  await step('1 000 000 slots', () =>
    q(`INSERT INTO slot (session_id, health_centre_id, start_at, end_at)
       SELECT s.id, s.health_centre_id, lower(s.period) + make_interval(mins => i * 15),
         lower(s.period) + make_interval(mins => (i + 1) * 15)
         FROM clinic_session s CROSS JOIN generate_series(0, ${SLOTS_PER_SESSION - 1}) i`),
  );
  // One case per slot. Categories by number; 15 % stay in primary care (not bookable, no visit); of the
  // booked, 5 % no-show, 2 % cancelled, the last weeks' still scheduled; 3 % re-triaged; feedback on a third.
  await step('plan of 1 000 000 cases', async () => {
    await q(
      `CREATE UNLOGGED TABLE bench_plan AS
             SELECT sl.id AS slot_id, sl.start_at, sl.health_centre_id, s.region_id, s.specialist_id, n, cn,
                    gen_random_uuid() AS case_id, gen_random_uuid() AS booking_id, gen_random_uuid() AS visit_id,
                    CASE WHEN n % 20 < 3 THEN 'primary_care' WHEN n % 10 = 3 THEN 'urgent' WHEN n % 10 < 7 THEN 'early_arthritis'
                      ELSE 'routine' END
                      AS category,
                    CASE WHEN n % 10 = 3 THEN n % 6 WHEN n % 10 < 7 THEN 3 + n % 25 ELSE 10 + n % 110 END AS wait_days,
                    CASE WHEN sl.start_at > $1::date + ${DAYS - 21} THEN 'scheduled' WHEN n % 20 = 5 THEN 'no_show'
                         WHEN n % 50 = 7 THEN 'cancelled' ELSE 'completed' END AS status
               FROM (SELECT sl.*, row_number() OVER (ORDER BY sl.start_at, sl.id) AS n,
                            row_number() OVER (PARTITION BY sl.health_centre_id ORDER BY sl.start_at, sl.id) AS cn FROM slot sl) sl
               JOIN clinic_session s ON s.id = sl.session_id`,
      [FIRST_DAY],
    );
    await q(`ALTER TABLE bench_plan ADD PRIMARY KEY (slot_id)`);
  });
  await step('1 000 000 triage cases', () =>
    q(`INSERT INTO triage_case (id, region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category,
                                category_order, bookable, in_queue, score, reasons, due_date, status, triaged_at, triaged_by,
                                original_category, serving_region_id)
       SELECT p.case_id, p.region_id, pt.id, p.health_centre_id, '${PATHWAY}', pv.version, '{}', p.category,
              CASE p.category WHEN 'urgent' THEN 3 WHEN 'early_arthritis' THEN 4 WHEN 'routine' THEN 5 ELSE 6 END,
              p.category <> 'primary_care', p.category <> 'primary_care', 0, '[]',
              CASE WHEN p.category <> 'primary_care' THEN ((p.start_at - make_interval(days => p.wait_days::int, hours => 2))
                     AT TIME ZONE 'Europe/Stockholm')::date + CASE p.category WHEN 'urgent' THEN 3 WHEN 'early_arthritis' THEN 14
                       ELSE 90 END END,
              CASE WHEN p.category = 'primary_care' THEN 'redirected' WHEN p.status = 'completed' THEN 'completed'
                   WHEN p.status = 'scheduled' THEN 'booked' ELSE 'withdrawn' END,
              p.start_at - make_interval(days => p.wait_days::int, hours => 2), nu.id,
              CASE WHEN p.n % 33 = 0 AND p.category <> 'primary_care' THEN 'routine' END, p.region_id
         FROM bench_plan p
         JOIN pathway_version pv ON pv.pathway_key = '${PATHWAY}' AND pv.status = 'published'
         JOIN app_user nu ON nu.health_centre_id = p.health_centre_id
         JOIN bench_patient pt ON pt.health_centre_id = p.health_centre_id AND pt.k = p.cn % ${PATIENTS}`),
  );
  await step('bookings', async () => {
    await q(`INSERT INTO booking (id, slot_id, case_id, status, created_by, cancelled_at, cancel_reason)
             SELECT p.booking_id, p.slot_id, p.case_id, CASE WHEN p.status = 'cancelled' THEN 'cancelled' ELSE 'active' END, nu.id,
                    CASE WHEN p.status = 'cancelled' THEN p.start_at END, CASE WHEN p.status = 'cancelled' THEN 'cancelled' END
               FROM bench_plan p JOIN app_user nu ON nu.health_centre_id = p.health_centre_id
              WHERE p.category <> 'primary_care'`);
  });
  await step('visits', () =>
    q(`INSERT INTO visit (id, booking_id, case_id, health_centre_id, specialist_id, status, room_name, started_at, ended_at)
       SELECT visit_id, booking_id, case_id, health_centre_id, specialist_id, status, 'visit-' || replace(visit_id::text, '-', ''),
              CASE WHEN status = 'completed' THEN start_at END, CASE WHEN status IN ('completed', 'no_show')
                THEN start_at + interval '15 minutes' END
         FROM bench_plan WHERE category <> 'primary_care'`),
  );
  await step('answers, and triage feedback on a third of them', async () => {
    await q(`INSERT INTO visit_outcome (visit_id, case_id, health_centre_id, author_id, summary, plan, created_at, read_at)
             SELECT visit_id, case_id, health_centre_id, specialist_id, 'Svar.', 'discharged', start_at + interval '1 hour',
               start_at + interval '1 day'
               FROM bench_plan WHERE status = 'completed' AND category <> 'primary_care'`);
    await q(`INSERT INTO triage_feedback (case_id, visit_outcome_id, region_id, pathway_key, pathway_version, verdict, author_id,
      created_at)
             SELECT o.case_id, o.id, p.region_id, '${PATHWAY}', 1,
                    CASE (p.n / 3) % 9 WHEN 0 THEN 'should_have_been_more_urgent' WHEN 3 THEN 'should_have_stayed_in_primary_care'
                         WHEN 6 THEN 'should_have_been_less_urgent' ELSE 'appropriate' END,
                    o.author_id, o.created_at
               FROM visit_outcome o JOIN bench_plan p ON p.visit_id = o.visit_id WHERE p.n % 3 = 0`);
  });
  await q('SET session_replication_role = origin');
  await step("the evaluation's sums (evaluation_rebuild)", () => q('SELECT evaluation_rebuild()'));
  await step('vacuum analyze', async () => {
    await q('DROP TABLE bench_plan, bench_patient');
    await q('VACUUM ANALYZE');
  });
  const counts = (
    await q(`SELECT (SELECT count(*) FROM triage_case)::int AS cases, (SELECT count(*) FROM visit)::int AS visits,
                                  (SELECT count(*) FROM triage_feedback)::int AS feedback`)
  ).rows[0];
  console.log(
    `  ${counts.cases.toLocaleString('en-US')} cases, ${counts.visits.toLocaleString('en-US')} visits, ` +
      `${counts.feedback.toLocaleString('en-US')} with feedback`,
  );
}

export async function runEvaluationBench(): Promise<void> {
  console.log('\n# Evaluation (issue 19): one pathway, 1 000 000 cases at 50 centres over 625 days, via HTTP');
  const db = await benchDatabase('evaluation');
  const app = await createApp({
    config: loadConfig({ LOG_LEVEL: 'error', DEMO_DATA: 'false', WEB_DIST_DIR: '/nonexistent' }),
    databaseUrl: db.url,
  });
  await app.listen(0, '127.0.0.1');
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    await generateEvaluationData(pool);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench.admin', password: PASSWORD }),
    });
    const admin = ((await login.json()) as { accessToken: string }).accessToken;
    const centre = (await pool.query(`SELECT id FROM health_centre WHERE name = 'Hälsocentral 07'`)).rows[0].id as string;
    const shapes: Array<[string, string]> = [
      ['every centre, all time (1 000 000 cases)', ''],
      ['every centre, one year', 'from=2025-07-01&to=2026-06-30'],
      ['every centre, since each go-live', 'sinceGoLive=true'],
      ['one centre, all time (20 000 cases)', `healthCentreId=${centre}`],
    ];
    console.log(`\n  (${RUNS} runs after ${WARMUP} warm-up runs each; target p95 < ${TARGET_MS} ms)`);
    console.log('  | evaluation | cases counted | p50 ms | p95 ms | target ms | p95 / target |');
    console.log('  |---|---|---|---|---|---|');
    for (const [label, query] of shapes) {
      const times: number[] = [];
      let cases = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/pathways/${PATHWAY}/evaluation?${query}`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        const body = (await res.json()) as { centres: Array<{ casesSent: number }> };
        if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(body)}`);
        if (i >= WARMUP) times.push(performance.now() - t0);
        cases = body.centres.reduce((n, c) => n + c.casesSent, 0);
      }
      const p95 = percentile(times, 95);
      console.log(
        `  | ${label} | ${cases.toLocaleString('en-US')} | ${fmt(percentile(times, 50))} | ${fmt(p95)} | ${TARGET_MS} | ` +
          `${fmt(p95 / TARGET_MS, 2)} |`,
      );
    }
  } finally {
    await pool.end();
    await app.close();
    await db.stop();
  }
}
