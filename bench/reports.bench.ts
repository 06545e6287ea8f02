/**
 * Issue 9 figures: the reports over a year of a region with 1 000 000 visits in all. The data set is
 * generated in SQL (generate_series) straight into the normalised tables, through every trigger the
 * product has (the reporting table is filled by its own triggers); then each report runs RUNS times
 * over one year through the HTTP api, as an admin calls it (audit row included).
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { loadConfig } from '@app/config';
import { hashPassword } from '@app/identity';
import { REPORTS } from '@app/reporting';
import { createApp } from '../apps/api/src/bootstrap';
import { benchDatabase, fmt, percentile } from './support/bench-db';

const CENTRES = 50;
/** 50 centres x 2 sessions a day x 16 slots of 15 minutes = 1 600 visits a day; 625 days = 1 000 000 visits. */
const DAYS = 625;
const FIRST_DAY = '2025-01-01';
const SLOTS_PER_SESSION = 16;
const RUNS = 20;
const WARMUP = 2;
const TARGET_MS = 500;
const PERIOD = { from: '2025-07-01', to: '2026-06-30' };
const PASSWORD = 'bench password 1';

async function step(label: string, work: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await work();
  console.log(`  ${label}: ${fmt((performance.now() - t0) / 1000)} s`);
}

async function generate(pool: Pool): Promise<void> {
  const hash = await hashPassword(PASSWORD);
  const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);
  await step('organisation', async () => {
    await q(`INSERT INTO region (id, code, name) VALUES ('00000000-0000-4000-8000-000000000001', 'BENCH', 'Region Bench'),
                                                     ('00000000-0000-4000-8000-000000000002', 'PROV', 'Region Provider')`);
    await q(`INSERT INTO clinic (id, region_id, name, hospital_name, specialty) VALUES
               ('00000000-0000-4000-8000-000000000011', '00000000-0000-4000-8000-000000000001', 'Reuma', 'Sjukhus', 'rheumatology'),
               ('00000000-0000-4000-8000-000000000012', '00000000-0000-4000-8000-000000000002', 'Reuma', 'Grannsjukhus', 'rheumatology')`);
    await q(`INSERT INTO health_centre (region_id, name, road_distance_km, travel_minutes)
             SELECT '00000000-0000-4000-8000-000000000001', 'Hälsocentral ' || lpad(c::text, 2, '0'), 2 + (c * 37) % 240, 5 + (c * 37) % 240 * 0.8
               FROM generate_series(0, ${CENTRES - 1}) c`);
    await q(`INSERT INTO health_centre_room (health_centre_id, name) SELECT id, 'Videorum 1' FROM health_centre`);
    await q(`INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id)
             SELECT 'bench.spec' || c, 'Specialist ' || c, NULL, 'specialist', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000011'
               FROM generate_series(0, ${CENTRES - 1}) c`);
    await q(`INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id) VALUES
               ('bench.provider', 'Provider', NULL, 'specialist', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000012')`);
    await q(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id) VALUES
               ('bench.admin', 'Admin', $1, 'admin', '00000000-0000-4000-8000-000000000001'),
               ('bench.padmin', 'Provider admin', $1, 'admin', '00000000-0000-4000-8000-000000000002')`,
      [hash],
    );
    await q(`INSERT INTO app_user (username, display_name, role, region_id, health_centre_id)
             SELECT 'bench.nurse' || lpad(right(name, 2), 2, '0'), 'Nurse', 'nurse', region_id, id FROM health_centre`);
    await q(`INSERT INTO patient (region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id)
             SELECT hc.region_id, '19' || lpad((row_number() OVER ())::text, 10, '0'), false, '1950-01-01', 'Patient', hc.id
               FROM health_centre hc CROSS JOIN generate_series(0, 999) p`);
    await q(`CREATE UNLOGGED TABLE bench_patient AS
             SELECT health_centre_id, (row_number() OVER (PARTITION BY health_centre_id ORDER BY id) - 1)::int AS k, id FROM patient`);
    await q(`ALTER TABLE bench_patient ADD PRIMARY KEY (health_centre_id, k)`);
    // The provider region lends a specialist for the mornings at centre 00.
    await q(`INSERT INTO region_agreement (id, title, provider_region_id, provider_clinic_id, receiver_region_id, capacity_share, valid_from, valid_to,
                                           price_remote_visit, price_onsite_day, price_no_show, status, proposed_by, accepted_by, accepted_at)
             SELECT '00000000-0000-4000-8000-000000000021', 'Bench-avtal', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000012',
                    '00000000-0000-4000-8000-000000000001', 1, '2024-01-01', '2027-12-31', 1500, 12000, 500, 'active',
                    (SELECT id FROM app_user WHERE username = 'bench.padmin'), (SELECT id FROM app_user WHERE username = 'bench.admin'), now()`);
    await q(`INSERT INTO region_agreement_centre (agreement_id, receiver_region_id, health_centre_id)
             SELECT '00000000-0000-4000-8000-000000000021', region_id, id FROM health_centre WHERE name = 'Hälsocentral 00'`);
    await q(
      `INSERT INTO region_agreement_pathway (agreement_id, pathway_key) VALUES ('00000000-0000-4000-8000-000000000021', 'joint-complaints')`,
    );
  });
  await step(`${DAYS * CENTRES * 2} sessions`, () =>
    q(
      `INSERT INTO clinic_session (region_id, specialist_id, health_centre_id, room_id, mode, period, slot_minutes, agreement_id)
       SELECT hc.region_id,
              CASE WHEN c = 0 AND half = 0 THEN pr.id ELSE sp.id END,
              hc.id, rm.id,
              CASE WHEN (d + c) % 5 = 0 THEN 'onsite' ELSE 'remote' END,
              tstzrange((($1::date + d) + make_time(CASE WHEN half = 0 THEN 8 ELSE 13 END, 0, 0)) AT TIME ZONE 'Europe/Stockholm',
                        (($1::date + d) + make_time(CASE WHEN half = 0 THEN 12 ELSE 17 END, 0, 0)) AT TIME ZONE 'Europe/Stockholm', '[)'),
              15,
              CASE WHEN c = 0 AND half = 0 THEN '00000000-0000-4000-8000-000000000021'::uuid END
         FROM generate_series(0, ${DAYS - 1}) d
        CROSS JOIN generate_series(0, ${CENTRES - 1}) c
        CROSS JOIN generate_series(0, 1) half
         JOIN health_centre hc ON hc.name = 'Hälsocentral ' || lpad(c::text, 2, '0')
         JOIN health_centre_room rm ON rm.health_centre_id = hc.id
         JOIN app_user sp ON sp.username = 'bench.spec' || c
         JOIN app_user pr ON pr.username = 'bench.provider'`,
      [FIRST_DAY],
    ),
  );
  await step('1 000 000 slots', () =>
    q(`INSERT INTO slot (session_id, health_centre_id, start_at, end_at)
       SELECT s.id, s.health_centre_id, lower(s.period) + make_interval(mins => i * 15), lower(s.period) + make_interval(mins => (i + 1) * 15)
         FROM clinic_session s CROSS JOIN generate_series(0, ${SLOTS_PER_SESSION - 1}) i`),
  );
  // One case per slot: category by number, a wait before the visit that fits the category (some late).
  await step('plan of 1 000 000 visits', async () => {
    await q(`CREATE UNLOGGED TABLE bench_plan AS
             SELECT sl.id AS slot_id, sl.start_at, sl.health_centre_id, s.region_id, s.specialist_id, n, s.agreement_id IS NOT NULL AS under_agreement,
                    gen_random_uuid() AS case_id, gen_random_uuid() AS booking_id, gen_random_uuid() AS visit_id,
                    CASE WHEN n % 10 = 0 THEN 'urgent' WHEN n % 10 < 4 THEN 'early_arthritis' ELSE 'routine' END AS category,
                    CASE WHEN n % 10 = 0 THEN n % 6 WHEN n % 10 < 4 THEN 3 + n % 25 ELSE 10 + n % 110 END AS wait_days,
                    CASE WHEN n % 20 = 0 THEN 'no_show' WHEN n % 50 = 1 THEN 'cancelled' ELSE 'completed' END AS status
               FROM (SELECT sl.*, row_number() OVER (ORDER BY sl.start_at, sl.id) AS n FROM slot sl) sl
               JOIN clinic_session s ON s.id = sl.session_id`);
    await q(`ALTER TABLE bench_plan ADD PRIMARY KEY (slot_id)`);
  });
  await step('1 000 000 triage cases', () =>
    q(`INSERT INTO triage_case (id, region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order,
                                bookable, in_queue, score, reasons, due_date, status, triaged_at, triaged_by)
       SELECT p.case_id, p.region_id, pt.id, p.health_centre_id, 'joint-complaints', pv.version, '{}', p.category,
              CASE p.category WHEN 'urgent' THEN 3 WHEN 'early_arthritis' THEN 4 ELSE 5 END, true, true, 0, '[]',
              ((p.start_at - make_interval(days => p.wait_days::int, hours => 2)) AT TIME ZONE 'Europe/Stockholm')::date
                + CASE p.category WHEN 'urgent' THEN 3 WHEN 'early_arthritis' THEN 14 ELSE 90 END,
              CASE WHEN p.status = 'completed' THEN 'completed' ELSE 'withdrawn' END,
              p.start_at - make_interval(days => p.wait_days::int, hours => 2), nu.id
         FROM bench_plan p
         JOIN pathway_version pv ON pv.pathway_key = 'joint-complaints' AND pv.status = 'published'
         JOIN app_user nu ON nu.health_centre_id = p.health_centre_id
         JOIN bench_patient pt ON pt.health_centre_id = p.health_centre_id AND pt.k = p.n % 1000`),
  );
  // Bookings under the agreement last, after ANALYZE: the capacity trigger sums the week's bookings per
  // booking, which must be planned with the index on bookings, not with a seq scan of a table that looks empty.
  const bookings = (agreement: boolean) =>
    q(
      `INSERT INTO booking (id, slot_id, case_id, status, created_by, cancelled_at, cancel_reason)
       SELECT p.booking_id, p.slot_id, p.case_id, CASE WHEN p.status = 'completed' THEN 'active' ELSE 'cancelled' END, nu.id,
              CASE WHEN p.status = 'completed' THEN NULL ELSE p.start_at END, CASE WHEN p.status = 'completed' THEN NULL ELSE p.status END
         FROM bench_plan p JOIN app_user nu ON nu.health_centre_id = p.health_centre_id
        WHERE p.under_agreement = $1`,
      [agreement],
    );
  await step('1 000 000 bookings', async () => {
    await bookings(false);
    await q('ANALYZE booking, slot, clinic_session, triage_case');
    await bookings(true);
  });
  await step('1 000 000 visits (the reporting table filled by its trigger)', () =>
    q(`INSERT INTO visit (id, booking_id, case_id, health_centre_id, specialist_id, status, room_name, started_at, ended_at)
       SELECT visit_id, booking_id, case_id, health_centre_id, specialist_id, status, 'visit-' || replace(visit_id::text, '-', ''),
              CASE WHEN status = 'completed' THEN start_at END, CASE WHEN status <> 'cancelled' THEN start_at + interval '15 minutes' END
         FROM bench_plan`),
  );
  await step('answers to the completed visits', () =>
    q(`INSERT INTO visit_outcome (visit_id, case_id, health_centre_id, author_id, summary, plan, created_at, read_at)
       SELECT visit_id, case_id, health_centre_id, specialist_id, 'Svar.', 'discharged', start_at + interval '1 hour', start_at + interval '1 day'
         FROM bench_plan WHERE status = 'completed'`),
  );
  await step('vacuum analyze', async () => {
    await q('DROP TABLE bench_plan, bench_patient');
    await q('VACUUM ANALYZE');
  });
  const counts = (await q(`SELECT (SELECT count(*) FROM visit)::int AS visits, (SELECT count(*) FROM report_visit)::int AS held`)).rows[0];
  console.log(`  ${counts.visits.toLocaleString('en-US')} visits, ${counts.held.toLocaleString('en-US')} completed or no-show`);
}

export async function runReportsBench(): Promise<void> {
  console.log('\n# Reports (issue 9): one region, 1 000 000 visits over 625 days, each report over one year via HTTP');
  const db = await benchDatabase('reports');
  const app = await createApp({
    config: loadConfig({ LOG_LEVEL: 'error', DEMO_DATA: 'false', WEB_DIST_DIR: '/nonexistent' }),
    databaseUrl: db.url,
  });
  await app.listen(0, '127.0.0.1');
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    await generate(pool);
    const login = async (username: string) =>
      (
        (await (
          await fetch(`${base}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password: PASSWORD }),
          })
        ).json()) as { accessToken: string }
      ).accessToken;
    const admin = await login('bench.admin');
    await fetch(`${base}/api/v1/reports/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ externalLocumWeeklyCost: 95000 }),
    });
    console.log(`\n  period ${PERIOD.from} .. ${PERIOD.to} (${RUNS} runs after ${WARMUP} warm-up runs; target p95 < ${TARGET_MS} ms)`);
    console.log('  | report | rows | p50 ms | p95 ms | p95 / target |');
    console.log('  |---|---|---|---|---|');
    for (const report of REPORTS) {
      const url = `${base}/api/v1/reports/${report.id}?from=${PERIOD.from}&to=${PERIOD.to}`;
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const res = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
        const body = (await res.json()) as { rows: unknown[] };
        if (res.status !== 200) throw new Error(`${report.id}: ${res.status} ${JSON.stringify(body)}`);
        if (i >= WARMUP) times.push(performance.now() - t0);
        rows = body.rows.length;
      }
      const p95 = percentile(times, 95);
      if (process.env.REPORTS_BENCH_EXPLAIN === '1') {
        const regionId = '00000000-0000-4000-8000-000000000001';
        const client = await pool.connect();
        try {
          await client.query(`SET work_mem = '64MB'`);
          const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${report.sql}`, [
            regionId,
            PERIOD.from,
            PERIOD.to,
            ...(report.extraParams ?? []),
          ]);
          console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
          await client.query('RESET work_mem');
        } finally {
          client.release();
        }
      }
      console.log(`  | ${report.id} | ${rows} | ${fmt(percentile(times, 50))} | ${fmt(p95)} | ${fmt(p95 / TARGET_MS, 2)} |`);
    }
  } finally {
    await pool.end();
    await app.close();
    await db.stop();
  }
}
