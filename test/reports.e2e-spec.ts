import { randomUUID } from 'node:crypto';
import { seedDemoHistory } from '../apps/api/src/demo/demo-history';
import { createRegion, login, loginAll, personnummer, type TestRegion } from './support/factories';
import { JOINT } from './support/joint-answers';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Reports over a small data set written with SQL, whose figures are worked out by hand below.
 * Times carry their Stockholm offset (+01:00 until 29 March 2026, +02:00 after).
 */
const CATEGORY_ORDER: Record<string, number> = { urgent: 3, early_arthritis: 4, routine: 5 };

interface Held {
  region: TestRegion;
  centre: string;
  start: string;
  sessionMinutes?: number;
  mode?: 'remote' | 'onsite';
  status?: 'completed' | 'no_show' | 'scheduled';
  category?: string;
  triagedAt: string;
  due: string;
  specialistId?: string;
  agreementId?: string;
}

describe('Reports for admins (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let c: TestRegion;
  const tok: Record<string, string> = {};
  let pathwayVersion: number;
  const patients = new Map<string, string>();
  const visits: Record<string, string> = {};

  const room = async (centre: string) =>
    (await t.db.query('SELECT id FROM health_centre_room WHERE health_centre_id = $1', [centre])).rows[0].id as string;

  const session = async (o: {
    region: TestRegion;
    centre: string;
    start: string;
    minutes: number;
    mode: 'remote' | 'onsite';
    specialistId?: string;
    agreementId?: string;
    status?: string;
  }) => {
    const start = new Date(o.start);
    const end = new Date(start.getTime() + o.minutes * 60_000);
    const { rows } = await t.db.query(
      `INSERT INTO clinic_session (region_id, specialist_id, health_centre_id, room_id, mode, period, slot_minutes, status, agreement_id)
       VALUES ($1, $2, $3, $4, $5, tstzrange($6, $7, '[)'), 30, $8, $9) RETURNING id`,
      [
        o.region.id,
        o.specialistId ?? o.region.users.specialist.id,
        o.centre,
        await room(o.centre),
        o.mode,
        start,
        end,
        o.status ?? 'planned',
        o.agreementId ?? null,
      ],
    );
    return { id: rows[0].id as string, start };
  };

  /** One visit in its own session: triage case, session, slot, booking and visit, written directly. */
  const held = async (o: Held): Promise<string> => {
    const r = o.region;
    let patientId = patients.get(r.id);
    if (!patientId) {
      const pnr = personnummer('19600101').replace('-', '');
      patientId = (
        await t.db.query(
          `INSERT INTO patient (region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id) VALUES ($1, $2, false, '1960-01-01', 'Rapport Patient', $3) RETURNING id`,
          [r.id, pnr, r.centres.main],
        )
      ).rows[0].id as string;
      patients.set(r.id, patientId);
    }
    const category = o.category ?? 'early_arthritis';
    const [kase] = (
      await t.db.query(
        `INSERT INTO triage_case (region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order, bookable, in_queue,
                                  score, reasons, due_date, status, triaged_at, triaged_by)
         VALUES ($1, $2, $3, $4, $5, '{}', $6, $7, true, true, 0, '[]', $8, 'completed', $9, $10) RETURNING id`,
        [r.id, patientId, r.centres.main, JOINT, pathwayVersion, category, CATEGORY_ORDER[category], o.due, o.triagedAt, r.users.nurse.id],
      )
    ).rows;
    const s = await session({
      region: r,
      centre: o.centre,
      start: o.start,
      minutes: o.sessionMinutes ?? 30,
      mode: o.mode ?? 'remote',
      specialistId: o.specialistId,
      agreementId: o.agreementId,
    });
    const [slot] = (
      await t.db.query(`INSERT INTO slot (session_id, health_centre_id, start_at, end_at) VALUES ($1, $2, $3, $4) RETURNING id`, [
        s.id,
        o.centre,
        s.start,
        new Date(s.start.getTime() + 30 * 60_000),
      ])
    ).rows;
    const [booking] = (
      await t.db.query(`INSERT INTO booking (slot_id, case_id, created_by) VALUES ($1, $2, $3) RETURNING id`, [
        slot.id,
        kase.id,
        r.users.nurse.id,
      ])
    ).rows;
    const [visit] = (
      await t.db.query(
        `INSERT INTO visit (booking_id, case_id, health_centre_id, specialist_id, status, room_name) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [booking.id, kase.id, o.centre, o.specialistId ?? r.users.specialist.id, o.status ?? 'completed', `visit-${randomUUID()}`],
      )
    ).rows;
    return visit.id as string;
  };

  const answer = (visitId: string, createdAt: string, region: TestRegion) =>
    t.db.query(
      `INSERT INTO visit_outcome (visit_id, case_id, health_centre_id, author_id, summary, plan, created_at)
       SELECT v.id, v.case_id, v.health_centre_id, $2, 'Svar.', 'discharged', $3 FROM visit v WHERE v.id = $1`,
      [visitId, region.users.specialist.id, createdAt],
    );

  const report = (token: string, id: string, from: string, to: string, headers: Record<string, string> = {}) =>
    t.http('GET', `/reports/${id}?from=${from}&to=${to}`, { token, headers });

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'RA');
    b = await createRegion(t.db, 'RB');
    c = await createRegion(t.db, 'RC');
    Object.assign(tok, await loginAll(t, a));
    tok.bAdmin = await login(t, b.users.admin.username);
    tok.cAdmin = await login(t, c.users.admin.username);
    pathwayVersion = (await t.db.query(`SELECT version FROM pathway_version WHERE pathway_key = $1 AND status = 'published'`, [JOINT]))
      .rows[0].version;
    await t.db.query('UPDATE health_centre SET travel_minutes = 120 WHERE id = $1', [a.centres.main]);
    await t.db.query('UPDATE health_centre SET travel_minutes = 60 WHERE id = $1', [a.centres.other]);

    // March 2026 in region A. main centre: 150 km, 120 min; other: 80 km, 60 min.
    // early_arthritis (14 days): waits 4, 10 (in time) and 28 (late) -> median 10, p90 10 + 0.8 * 18 = 24.4, 66.7 % in time.
    visits.ea1 = await held({
      region: a,
      centre: a.centres.main,
      start: '2026-03-05T09:00:00+01:00',
      triagedAt: '2026-03-01T10:00:00+01:00',
      due: '2026-03-15',
    });
    visits.ea2 = await held({
      region: a,
      centre: a.centres.main,
      start: '2026-03-12T09:00:00+01:00',
      triagedAt: '2026-03-02T10:00:00+01:00',
      due: '2026-03-16',
    });
    visits.ea3 = await held({
      region: a,
      centre: a.centres.main,
      start: '2026-03-20T08:00:00+01:00',
      sessionMinutes: 480,
      mode: 'onsite',
      triagedAt: '2026-02-20T10:00:00+01:00',
      due: '2026-03-06',
    });
    visits.eaNoShow = await held({
      region: a,
      centre: a.centres.main,
      start: '2026-03-13T09:00:00+01:00',
      status: 'no_show',
      triagedAt: '2026-03-03T10:00:00+01:00',
      due: '2026-03-17',
    });
    // urgent (3 days): triaged 00:30 Stockholm on 10 March (23:30 UTC on the 9th), seen on the 11th: 1 day; and 4 days (late).
    visits.u1 = await held({
      region: a,
      centre: a.centres.other,
      start: '2026-03-11T08:00:00+01:00',
      category: 'urgent',
      triagedAt: '2026-03-09T23:30:00Z',
      due: '2026-03-13',
    });
    visits.u2 = await held({
      region: a,
      centre: a.centres.other,
      start: '2026-03-19T09:00:00+01:00',
      category: 'urgent',
      triagedAt: '2026-03-15T10:00:00+01:00',
      due: '2026-03-18',
    });
    // routine: 23:30 on 31 March (Stockholm) is in March; 00:30 on 1 April is not.
    visits.r1 = await held({
      region: a,
      centre: a.centres.main,
      start: '2026-03-31T23:30:00+02:00',
      category: 'routine',
      triagedAt: '2026-03-01T10:00:00+01:00',
      due: '2026-05-30',
    });
    visits.r2 = await held({
      region: a,
      centre: a.centres.main,
      start: '2026-04-01T00:30:00+02:00',
      category: 'routine',
      triagedAt: '2026-03-01T11:00:00+01:00',
      due: '2026-05-30',
    });
    // Answers: one in March per centre; r1's answer written 00:10 on 1 April counts for April.
    await answer(visits.ea1, '2026-03-05T10:00:00+01:00', a);
    await answer(visits.u1, '2026-03-11T09:00:00+01:00', a);
    await answer(visits.r1, '2026-04-01T00:10:00+02:00', a);
    // More on-site time in March: 4.5 hours planned, 4 hours cancelled (not counted); 8 + 4.5 = 12.5 hours in all.
    await session({ region: a, centre: a.centres.main, start: '2026-03-25T08:00:00+01:00', minutes: 270, mode: 'onsite' });
    await session({
      region: a,
      centre: a.centres.main,
      start: '2026-03-26T08:00:00+01:00',
      minutes: 240,
      mode: 'onsite',
      status: 'cancelled',
    });

    // February 2026: region B's clinic serves region A's main centre under an agreement (B provides, A receives).
    const [agreement] = (
      await t.db.query(
        `INSERT INTO region_agreement (title, provider_region_id, provider_clinic_id, receiver_region_id, capacity_share, valid_from, valid_to,
                                       price_remote_visit, price_onsite_day, price_no_show, status, proposed_by, accepted_by, accepted_at)
         VALUES ('Reumatologi RB till RA', $1, $2, $3, 0.4, '2026-01-01', '2026-12-31', 1500, 12000, 500, 'active', $4, $5, now()) RETURNING id`,
        [b.id, b.clinicId, a.id, b.users.admin.id, a.users.admin.id],
      )
    ).rows;
    await t.db.query(`INSERT INTO region_agreement_centre (agreement_id, receiver_region_id, health_centre_id) VALUES ($1, $2, $3)`, [
      agreement.id,
      a.id,
      a.centres.main,
    ]);
    await t.db.query(`INSERT INTO region_agreement_pathway (agreement_id, pathway_key) VALUES ($1, $2)`, [agreement.id, JOINT]);
    // A proposal never accepted: not invoiced.
    await t.db.query(
      `INSERT INTO region_agreement (title, provider_region_id, provider_clinic_id, receiver_region_id, capacity_share, valid_from, valid_to,
                                     price_remote_visit, price_onsite_day, price_no_show, proposed_by)
       VALUES ('Förslag RB till RA', $1, $2, $3, 0.2, '2026-01-01', '2026-12-31', 1, 1, 1, $4)`,
      [b.id, b.clinicId, a.id, b.users.admin.id],
    );
    const under = {
      region: a,
      centre: a.centres.main,
      specialistId: b.users.specialist.id,
      agreementId: agreement.id,
      triagedAt: '2026-02-01T10:00:00+01:00',
      due: '2026-02-15',
    };
    // 2 video visits x 1500 + 2 on-site days x 12000 + 1 video no-show x 500 = 27 500.
    await held({ ...under, start: '2026-02-10T09:00:00+01:00' });
    await held({ ...under, start: '2026-02-11T09:00:00+01:00' });
    await held({ ...under, start: '2026-02-12T09:00:00+01:00', status: 'no_show' });
    await held({ ...under, start: '2026-02-17T08:00:00+01:00', sessionMinutes: 240, mode: 'onsite' });
    await session({ ...under, start: '2026-02-17T13:00:00+01:00', minutes: 120, mode: 'onsite' });
    await session({ ...under, start: '2026-02-18T09:00:00+01:00', minutes: 180, mode: 'onsite' });
    await session({ ...under, start: '2026-02-19T09:00:00+01:00', minutes: 180, mode: 'onsite', status: 'cancelled' });
  });
  afterAll(() => t.close());

  it('lists the reports with Swedish and English titles', async () => {
    const res = await t.http('GET', '/reports', { token: tok.admin });
    expect(res.status).toBe(200);
    expect(res.body.map((r: { id: string }) => r.id)).toEqual([
      'waiting-times',
      'centre-activity',
      'travel-avoided',
      'locum-weeks',
      'agreement-invoice',
      'patient-notices',
      'staffing',
    ]);
    for (const r of res.body) {
      expect(r.title).toEqual({ sv: expect.any(String), en: expect.any(String) });
      expect(r.description).toEqual({ sv: expect.any(String), en: expect.any(String) });
    }
  });

  it('waiting times: count, target, share in time, median and 90th percentile per category, in Stockholm dates', async () => {
    const res = await report(tok.admin!, 'waiting-times', '2026-03-01', '2026-03-31');
    expect(res.status).toBe(200);
    expect(res.body.columns.map((col: { key: string }) => col.key)).toEqual([
      'pathway',
      'category',
      'categoryLabel',
      'visits',
      'dueDays',
      'withinTargetPercent',
      'medianDays',
      'p90Days',
    ]);
    expect(res.body.columns.find((col: { key: string }) => col.key === 'withinTargetPercent')).toMatchObject({
      type: 'percent',
      title: { sv: 'Inom måltid' },
    });
    const rows = res.body.rows.map(({ pathway, categoryLabel, ...rest }: Record<string, unknown>) => {
      expect(pathway).toEqual(expect.any(String));
      expect(categoryLabel).toEqual(expect.any(String));
      return rest;
    });
    expect(rows).toEqual([
      { category: 'urgent', visits: 2, dueDays: 3, withinTargetPercent: 50, medianDays: 2.5, p90Days: 3.7 },
      { category: 'early_arthritis', visits: 3, dueDays: 14, withinTargetPercent: 66.7, medianDays: 10, p90Days: 24.4 },
      { category: 'routine', visits: 1, dueDays: 90, withinTargetPercent: 100, medianDays: 30, p90Days: 30 },
    ]);
    // The same figures as PostgreSQL's own percentile_cont over every visit.
    const { rows: check } = await t.db.query(
      `SELECT category, percentile_cont(0.5) WITHIN GROUP (ORDER BY clinic_date - triage_date) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY clinic_date - triage_date) AS p90
         FROM report_visit WHERE region_id = $1 AND clinic_date BETWEEN '2026-03-01' AND '2026-03-31' AND status = 'completed' GROUP BY category`,
      [a.id],
    );
    for (const row of check) {
      const mine = res.body.rows.find((r: { category: string }) => r.category === row.category);
      expect(mine.medianDays).toBeCloseTo(row.p50, 6);
      expect(mine.p90Days).toBeCloseTo(row.p90, 6);
    }
  });

  it('centre activity: completed visits, no-shows and answers per centre and Stockholm month', async () => {
    const res = await report(tok.admin!, 'centre-activity', '2026-03-01', '2026-04-30');
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { healthCentre: 'RA Norra hälsocentral', month: '2026-03-01', completed: 4, noShows: 1, noShowPercent: 20, answers: 1 },
      { healthCentre: 'RA Norra hälsocentral', month: '2026-04-01', completed: 1, noShows: 0, noShowPercent: 0, answers: 1 },
      { healthCentre: 'RA Södra hälsocentral', month: '2026-03-01', completed: 2, noShows: 0, noShowPercent: 0, answers: 1 },
      { healthCentre: 'RA Södra hälsocentral', month: '2026-04-01', completed: 0, noShows: 0, noShowPercent: null, answers: 0 },
    ]);
  });

  it('travel avoided: round trips by road from the centres of completed video visits', async () => {
    const res = await report(tok.admin!, 'travel-avoided', '2026-03-01', '2026-03-31');
    expect(res.status).toBe(200);
    // 3 at 150 km / 120 min and 2 at 80 km / 60 min, there and back: 1 220 km, 16 hours, 1 220 x 0.12 kg.
    expect(res.body.rows).toEqual([{ month: '2026-03-01', remoteVisits: 5, kmAvoided: 1220, hoursAvoided: 16, co2Kg: 146.4 }]);
  });

  it('locum weeks: on-site hours and weeks, priced only once the region has a weekly locum rate', async () => {
    const before = await report(tok.admin!, 'locum-weeks', '2026-03-01', '2026-03-31');
    expect(before.body.rows).toEqual([{ month: '2026-03-01', sessions: 2, hours: 12.5, weeks: 0.31, locumCost: null }]);
    expect((await t.http('GET', '/reports/settings', { token: tok.admin })).body).toMatchObject({
      externalLocumWeeklyCost: null,
      currency: 'SEK',
    });

    const bad = await t.http('PUT', '/reports/settings', { token: tok.admin, body: { externalLocumWeeklyCost: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('externalLocumWeeklyCost');
    const put = await t.http('PUT', '/reports/settings', { token: tok.admin, body: { externalLocumWeeklyCost: 50000 } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ externalLocumWeeklyCost: 50000, currency: 'SEK', updatedAt: expect.any(String) });
    expect((await t.http('GET', '/reports/settings', { token: tok.admin })).body.externalLocumWeeklyCost).toBe(50000);

    // 12.5 / 40 weeks x 50 000.
    const after = await report(tok.admin!, 'locum-weeks', '2026-03-01', '2026-03-31');
    expect(after.body.rows).toEqual([{ month: '2026-03-01', sessions: 2, hours: 12.5, weeks: 0.31, locumCost: 15625 }]);
    // Another region's rate is its own.
    expect((await t.http('GET', '/reports/settings', { token: tok.bAdmin })).body.externalLocumWeeklyCost).toBeNull();
  });

  it('agreement invoice: video visits, on-site days and no-shows times the prices, for the provider and the receiver alike', async () => {
    const expected = {
      agreement: 'Reumatologi RB till RA',
      provider: 'Region RB',
      receiver: 'Region RA',
      month: '2026-02-01',
      remoteVisits: 2,
      remoteVisitPrice: 1500,
      remoteVisitAmount: 3000,
      onsiteDays: 2,
      onsiteDayPrice: 12000,
      onsiteDayAmount: 24000,
      noShows: 1,
      noShowPrice: 500,
      noShowAmount: 500,
      total: 27500,
      currency: 'SEK',
    };
    for (const token of [tok.admin!, tok.bAdmin!]) {
      const res = await report(token, 'agreement-invoice', '2026-02-01', '2026-02-28');
      expect(res.status).toBe(200);
      expect(res.body.rows).toEqual([expected]);
    }
    // A month of the agreement without activity is a row of zeros; a third region sees no agreement.
    const jan = await report(tok.admin!, 'agreement-invoice', '2026-01-01', '2026-01-31');
    expect(jan.body.rows).toEqual([expect.objectContaining({ month: '2026-01-01', remoteVisits: 0, onsiteDays: 0, noShows: 0, total: 0 })]);
    expect((await report(tok.cAdmin!, 'agreement-invoice', '2026-01-01', '2026-12-31')).body.rows).toEqual([]);
  });

  it('shows another region none of these figures', async () => {
    const march = ['2026-02-01', '2026-04-30'] as const;
    const waiting = await report(tok.bAdmin!, 'waiting-times', ...march);
    expect(waiting.body.rows).toEqual([]);
    const activity = await report(tok.bAdmin!, 'centre-activity', ...march);
    expect(activity.body.rows.length).toBeGreaterThan(0);
    for (const row of activity.body.rows) {
      expect(row.healthCentre).toMatch(/^RB /);
      expect([row.completed, row.noShows, row.answers]).toEqual([0, 0, 0]);
    }
    const travel = await report(tok.bAdmin!, 'travel-avoided', ...march);
    expect(travel.body.rows.every((r: { remoteVisits: number; kmAvoided: number }) => r.remoteVisits === 0 && r.kmAvoided === 0)).toBe(
      true,
    );
    const locum = await report(tok.cAdmin!, 'locum-weeks', ...march);
    expect(locum.body.rows.every((r: { sessions: number; hours: number }) => r.sessions === 0 && r.hours === 0)).toBe(true);
    const all = JSON.stringify([waiting.body, activity.body, travel.body, locum.body]);
    expect(all).not.toContain('RA ');
  });

  it('answers CSV (RFC 4180, UTF-8 with a byte order mark, Swedish titles) to Accept: text/csv', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/reports/centre-activity?from=2026-03-01&to=2026-03-31`, {
      headers: { authorization: `Bearer ${tok.admin}`, accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="centre-activity_2026-03-01_2026-03-31.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Hälsocentral,Månad,Genomförda besök,Uteblivna besök,Andel uteblivna,Skickade svar\r\n' +
        'RA Norra hälsocentral,2026-03-01,4,1,20,1\r\n' +
        'RA Södra hälsocentral,2026-03-01,2,0,0,1\r\n',
    );
    // JSON stays the default, and is what a browser's usual Accept gets.
    const json = await report(tok.admin!, 'centre-activity', '2026-03-01', '2026-03-31', { accept: 'application/json, text/plain, */*' });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('leaves an audit row for every run', async () => {
    await report(tok.admin!, 'travel-avoided', '2025-12-01', '2025-12-31');
    const { rows } = await t.db.query(
      `SELECT action, resource_type, resource_id, outcome, actor_role, region_id, detail FROM audit_event
        WHERE actor_user_id = $1 AND resource_type = 'Report' ORDER BY id DESC LIMIT 1`,
      [a.users.admin.id],
    );
    expect(rows[0]).toEqual({
      action: 'execute',
      resource_type: 'Report',
      resource_id: 'travel-avoided',
      outcome: 'success',
      actor_role: 'admin',
      region_id: a.id,
      detail: { from: '2025-12-01', to: '2025-12-31' },
    });
  });

  it('refuses a missing, malformed or reversed period, one over five years, and an unknown report', async () => {
    const missing = await t.http('GET', '/reports/waiting-times?from=2026-01-01', { token: tok.admin });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([{ field: 'to', reason: expect.any(String), code: 'required' }]);
    const malformed = await report(tok.admin!, 'waiting-times', '2026-02-30', '2026-03-31');
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toEqual([{ field: 'from', reason: 'must be a date that exists', code: 'invalid' }]);
    expect((await report(tok.admin!, 'waiting-times', '1/1/2026', '2026-03-31')).status).toBe(400);
    const reversed = await report(tok.admin!, 'waiting-times', '2026-03-31', '2026-03-01');
    expect(reversed.status).toBe(422);
    expect(reversed.body.details).toEqual([{ field: 'to', reason: 'must be on or after from', code: 'invalid' }]);
    expect((await report(tok.admin!, 'waiting-times', '2021-01-01', '2025-12-31')).status).toBe(200);
    const long = await report(tok.admin!, 'waiting-times', '2021-01-01', '2026-01-01');
    expect(long.status).toBe(422);
    expect(long.body.details[0].field).toBe('to');
    const unknown = await report(tok.admin!, 'no-such-report', '2026-01-01', '2026-01-31');
    expect(unknown.status).toBe(404);
  });

  it('#15.9: refuses periods in year 0000 or 0001 (or past 2099) with 400 naming the field, instead of a 500', async () => {
    for (const [from, to, field] of [
      ['0000-01-01', '2026-01-31', 'from'],
      ['0001-01-01', '0001-12-31', 'from'],
      ['2026-01-01', '0001-01-01', 'to'],
      ['2026-01-01', '2100-01-01', 'to'],
    ] as const) {
      const res = await report(tok.admin!, 'waiting-times', from, to);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(
        expect.arrayContaining([{ field, reason: 'must lie between 2000-01-01 and 2099-12-31', code: 'invalid' }]),
      );
    }
    expect((await report(tok.admin!, 'centre-activity', '2000-01-01', '2004-12-31')).status).toBe(200);
  });

  it('is for admins only', async () => {
    for (const role of ['nurse', 'specialist'] as const) {
      const token = tok[role]!;
      expect((await t.http('GET', '/reports', { token })).status).toBe(403);
      expect((await report(token, 'waiting-times', '2026-03-01', '2026-03-31')).status).toBe(403);
      expect((await t.http('GET', '/reports/settings', { token })).status).toBe(403);
      expect((await t.http('PUT', '/reports/settings', { token, body: { externalLocumWeeklyCost: 1 } })).status).toBe(403);
    }
    expect((await t.http('GET', '/reports')).status).toBe(401);
  });

  it('gives the demo region a past year that every report shows, once', async () => {
    const d = await createRegion(t.db, 'RD');
    const db = { query: async (sql: string, params?: unknown[]) => (await t.db.query(sql, params)).rows };
    const first = await seedDemoHistory(db, d.id);
    expect(first.visits).toBeGreaterThan(800);
    expect((await seedDemoHistory(db, d.id)).visits).toBe(0);
    const token = await login(t, d.users.admin.username);
    const today = new Date();
    const from = new Date(today.getTime() - 366 * 86_400_000).toISOString().slice(0, 10);
    const to = today.toISOString().slice(0, 10);
    const waiting = await report(token, 'waiting-times', from, to);
    expect(waiting.body.rows.map((r: { category: string }) => r.category).sort()).toEqual(['early_arthritis', 'routine', 'urgent']);
    const activity = await report(token, 'centre-activity', from, to);
    const sum = (rows: Array<Record<string, number>>, key: string) => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
    expect(sum(activity.body.rows, 'completed')).toBeGreaterThan(700);
    expect(sum(activity.body.rows, 'noShows')).toBeGreaterThan(10);
    expect(sum(activity.body.rows, 'answers')).toBe(sum(activity.body.rows, 'completed'));
    expect(sum((await report(token, 'travel-avoided', from, to)).body.rows, 'kmAvoided')).toBeGreaterThan(0);
    expect(sum((await report(token, 'locum-weeks', from, to)).body.rows, 'sessions')).toBeGreaterThan(5);
    // Nothing of the history waits in the queue or in a centre's unread answers.
    expect(
      (
        await t.db.query(`SELECT count(*)::int AS n FROM triage_case WHERE region_id = $1 AND status IN ('awaiting_booking', 'booked')`, [
          d.id,
        ])
      ).rows[0].n,
    ).toBe(0);
    expect(
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM visit_outcome o JOIN health_centre hc ON hc.id = o.health_centre_id WHERE hc.region_id = $1 AND o.read_at IS NULL`,
          [d.id],
        )
      ).rows[0].n,
    ).toBe(0);
  });

  it('keeps the reporting table in step with visits, bookings, sessions and re-triage', async () => {
    const period = ['2026-06-01', '2026-06-30'] as const;
    const waiting = async () => (await report(tok.admin!, 'waiting-times', ...period)).body.rows;
    const id = await held({
      region: a,
      centre: a.centres.other,
      start: '2026-06-10T09:00:00+02:00',
      status: 'scheduled',
      triagedAt: '2026-06-01T10:00:00+02:00',
      due: '2026-06-15',
    });
    expect(await waiting()).toEqual([]);
    await t.db.query(`UPDATE visit SET status = 'completed' WHERE id = $1`, [id]);
    expect(await waiting()).toEqual([
      expect.objectContaining({ category: 'early_arthritis', visits: 1, medianDays: 9, withinTargetPercent: 100 }),
    ]);
    await t.db.query(
      `UPDATE triage_case SET category = 'urgent', category_order = 3, due_date = '2026-06-04' FROM visit v WHERE v.id = $1 AND triage_case.id = v.case_id`,
      [id],
    );
    expect(await waiting()).toEqual([expect.objectContaining({ category: 'urgent', visits: 1, withinTargetPercent: 0 })]);
    // Moved to a slot in July: out of June.
    const later = await session({ region: a, centre: a.centres.other, start: '2026-07-01T09:00:00+02:00', minutes: 30, mode: 'remote' });
    const [slot] = (
      await t.db.query(
        `INSERT INTO slot (session_id, health_centre_id, start_at, end_at) VALUES ($1, $2, $3, $3::timestamptz + interval '30 minutes') RETURNING id`,
        [later.id, a.centres.other, later.start],
      )
    ).rows;
    await t.db.query(`UPDATE booking SET slot_id = $2 FROM visit v WHERE v.id = $1 AND booking.id = v.booking_id`, [id, slot.id]);
    expect(await waiting()).toEqual([]);
    const july = await report(tok.admin!, 'travel-avoided', '2026-07-01', '2026-07-31');
    expect(july.body.rows).toEqual([expect.objectContaining({ remoteVisits: 1, kmAvoided: 160 })]);
    await t.db.query(`UPDATE clinic_session SET mode = 'onsite' WHERE id = $1`, [later.id]);
    expect((await report(tok.admin!, 'travel-avoided', '2026-07-01', '2026-07-31')).body.rows).toEqual([
      expect.objectContaining({ remoteVisits: 0 }),
    ]);
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM (
         SELECT visit_id, region_id, health_centre_id, clinic_date, status, mode, agreement_id, pathway_key, category, due_date, triage_date, answer_date FROM report_visit
         EXCEPT SELECT * FROM report_visit_source) d`,
    );
    expect(rows[0].n).toBe(0);
    // The day counts agree with the visits they were kept from, through all those changes.
    const days = await t.db.query(
      `WITH expected AS (
         SELECT region_id, health_centre_id, day, sum(completed)::int AS completed, sum(no_shows)::int AS no_shows,
                sum(remote_completed)::int AS remote_completed, sum(answers)::int AS answers
           FROM (SELECT region_id, health_centre_id, clinic_date AS day, (status = 'completed')::int AS completed, (status = 'no_show')::int AS no_shows,
                        (status = 'completed' AND mode = 'remote')::int AS remote_completed, 0 AS answers FROM report_visit
                 UNION ALL SELECT region_id, health_centre_id, answer_date, 0, 0, 0, 1 FROM report_visit WHERE answer_date IS NOT NULL) x
          GROUP BY 1, 2, 3),
       kept AS (SELECT region_id, health_centre_id, day, completed, no_shows, remote_completed, answers FROM report_centre_day
                 WHERE completed <> 0 OR no_shows <> 0 OR remote_completed <> 0 OR answers <> 0)
       SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM kept) a)::int AS missing,
              (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM expected) b)::int AS extra,
              (SELECT count(*) FROM kept)::int AS kept`,
    );
    expect(days.rows[0]).toMatchObject({ missing: 0, extra: 0 });
    expect(days.rows[0].kept).toBeGreaterThan(0);
  });

  it("#15.13: waiting times come from a days-waited histogram kept in step with the visits, with percentile_cont's figures", async () => {
    // Forty visits in August with waits 0..39 days spread over three categories, then changes to some of them.
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const day = 1 + (i % 28);
      const start = new Date(Date.UTC(2026, 7, day, 6 + Math.floor(i / 28), 0));
      const triaged = new Date(start.getTime() - ((i * 7) % 40) * 86_400_000);
      ids.push(
        await held({
          region: a,
          centre: i % 2 ? a.centres.main : a.centres.other,
          start: start.toISOString(),
          triagedAt: triaged.toISOString(),
          category: ['urgent', 'early_arthritis', 'routine'][i % 3],
          due: new Date(start.getTime() + ((i % 5) - 2) * 86_400_000).toISOString().slice(0, 10),
          status: i < 4 ? 'scheduled' : i % 9 === 0 ? 'no_show' : 'completed',
        }),
      );
    }
    await t.db.query(`UPDATE visit SET status = 'completed' WHERE id = ANY($1)`, [ids.slice(0, 4)]);
    await t.db.query(`UPDATE triage_case SET category = 'urgent' FROM visit v WHERE v.id = ANY($1) AND triage_case.id = v.case_id`, [
      ids.slice(10, 16),
    ]);
    await t.db.query(`DELETE FROM visit WHERE id = ANY($1)`, [ids.slice(30, 33)]);
    const histogram = await t.db.query(
      `WITH expected AS (
         SELECT region_id, clinic_date AS day, pathway_key, category, wait_days, count(*)::int AS visits,
                (count(*) FILTER (WHERE due_date IS NOT NULL))::int AS with_due, (count(*) FILTER (WHERE in_time))::int AS in_time
           FROM report_visit WHERE status = 'completed' GROUP BY 1, 2, 3, 4, 5),
       kept AS (SELECT region_id, day, pathway_key, category, wait_days, visits, with_due, in_time FROM report_wait_day
                 WHERE visits <> 0 OR with_due <> 0 OR in_time <> 0)
       SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM kept) a)::int AS missing,
              (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM expected) b)::int AS extra,
              (SELECT count(*) FROM kept)::int AS kept`,
    );
    expect(histogram.rows[0]).toMatchObject({ missing: 0, extra: 0 });
    expect(histogram.rows[0].kept).toBeGreaterThan(20);
    const res = await report(tok.admin!, 'waiting-times', '2026-08-01', '2026-08-31');
    expect(res.status).toBe(200);
    const { rows: check } = await t.db.query(
      `SELECT category, count(*)::int AS visits,
              round(100.0 * count(*) FILTER (WHERE in_time) / count(*) FILTER (WHERE due_date IS NOT NULL), 1)::float8 AS within,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_days) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_days) AS p90
         FROM report_visit WHERE region_id = $1 AND clinic_date BETWEEN '2026-08-01' AND '2026-08-31' AND status = 'completed'
        GROUP BY category`,
      [a.id],
    );
    expect(check.length).toBe(3);
    expect(res.body.rows.length).toBe(3);
    for (const row of check) {
      const mine = res.body.rows.find((r: { category: string }) => r.category === row.category);
      expect(mine).toMatchObject({ visits: row.visits, withinTargetPercent: row.within });
      expect(mine.medianDays).toBeCloseTo(row.p50, 1);
      expect(mine.p90Days).toBeCloseTo(row.p90, 1);
    }
    // The statement reads the histogram, not every visit.
    const plan = await t.db.query(`EXPLAIN ${(await import('@app/reporting')).REPORTS.find((r) => r.id === 'waiting-times')!.sql}`, [
      a.id,
      '2026-08-01',
      '2026-08-31',
    ]);
    const text = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('report_wait_day');
    expect(text).not.toContain('report_visit');
  });
});
