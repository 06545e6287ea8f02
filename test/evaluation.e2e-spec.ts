import { randomUUID } from 'node:crypto';
import { createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 19, item 5: the evaluation per pathway and centre against a hand-built data set. Region EV's main
 * centre (150 km from the hospital) went live ten days ago: four cases since (three queued, one kept in
 * primary care), one from before go-live; visits: one completed remotely with feedback, one no-show, one
 * still scheduled; one case re-triaged.
 */
describe('Evaluation per pathway and health centre (issue 19)', () => {
  let t: TestApp;
  let a: TestRegion;
  let tok: Record<'nurse' | 'otherNurse' | 'specialist' | 'admin', string>;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  let hour = 1;
  /** Each booked case's due date less its visit's nominal day (the visit may fall a day later near midnight). */
  const beforeDue: number[] = [];
  const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

  beforeAll(async () => {
    t = await createTestApp({ env: { VISIT_JOIN_OPENS_MINUTES: '1440' } });
    a = await createRegion(t.db, 'EV');
    tok = await loginAll(t, a);
    await t.db.query(`UPDATE pathway_rollout SET live_from = current_date - 10 WHERE pathway_key = $1 AND health_centre_id = $2`, [
      JOINT,
      a.centres.main,
    ]);

    const triage = async (answers: Record<string, unknown>) => {
      const p = await createPatient(t, tok.nurse, a.centres.main);
      const c = await t.http('POST', '/triage-cases', {
        token: tok.nurse,
        body: { patientId: p.id, pathwayKey: JOINT, answers },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(c.status).toBe(201);
      return c.body as { id: string; dueDate: string | null; bookable: boolean };
    };
    const book = async (caseId: string, daysAhead: number) => {
      const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + daysAhead * 86_400_000 + hour++ * 3600_000);
      const session = await t.http('POST', '/clinic-sessions', {
        token: tok.admin,
        body: {
          specialistId: a.users.specialist.id,
          healthCentreId: a.centres.main,
          start: start.toISOString(),
          end: new Date(start.getTime() + 1800_000).toISOString(),
          slotMinutes: 30,
          mode: 'remote',
        },
      });
      const b = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: session.body.slots[0].id } });
      expect(b.status).toBe(201);
      return b.body.visitId as string;
    };
    const queued = jointAnswers({ swollen_joint_count: 3 });
    const c1 = await triage(queued);
    const v1 = await book(c1.id, 0);
    beforeDue.push(dayNumber(c1.dueDate!) - dayNumber(day(0)));
    expect(
      (
        await t.http('POST', `/visits/${v1}/outcome`, {
          token: tok.specialist,
          body: { summary: 'Tidig RA.', plan: 'discharged', triageFeedback: { verdict: 'appropriate' } },
        })
      ).status,
    ).toBe(201);
    const c2 = await triage(queued);
    const v2 = await book(c2.id, 4);
    beforeDue.push(dayNumber(c2.dueDate!) - dayNumber(day(4)));
    await t.db.query(`UPDATE visit SET status = 'no_show' WHERE id = $1`, [v2]);
    const c3 = await triage(queued);
    await book(c3.id, 6);
    beforeDue.push(dayNumber(c3.dueDate!) - dayNumber(day(6)), -1);
    const c4 = await triage(jointAnswers());
    expect(c4.bookable).toBe(false);
    const c5 = await triage(queued);
    expect(
      (
        await t.http('POST', `/triage-cases/${c5.id}/retriage`, {
          token: tok.specialist,
          body: { category: 'urgent', reason: 'Vaskulitmisstanke' },
        })
      ).status,
    ).toBe(200);
    // Before go-live: a case triaged 20 days ago, seen 5 days ago, after its due date (arranged in the database: the past
    // cannot be booked).
    await t.db.query(`UPDATE triage_case SET triaged_at = now() - interval '20 days', due_date = current_date - 6 WHERE id = $1`, [c5.id]);
    const pastVisit = await book(c5.id, 1);
    await t.db.query(
      `UPDATE slot SET start_at = start_at - interval '6 days', end_at = end_at - interval '6 days'
        WHERE id = (SELECT b.slot_id FROM visit v JOIN booking b ON b.id = v.booking_id WHERE v.id = $1)`,
      [pastVisit],
    );
  }, 120_000);
  afterAll(() => t?.close());

  it('#19.5: the figures of the hand-built set, for the period and since go-live, in JSON', async () => {
    const res = await t.http('GET', `/pathways/${JOINT}/evaluation?healthCentreId=${a.centres.main}`, { token: tok.admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ pathwayKey: JOINT, from: '2000-01-01', to: day(0) });
    expect(res.body.centres).toHaveLength(1);
    const c = res.body.centres[0];
    expect(c).toMatchObject({
      healthCentreId: a.centres.main,
      state: 'live',
      liveFrom: day(-10),
      casesSent: 5,
      bookable: 4,
      booked: 4,
      shareBooked: 1,
      feedback: {
        appropriate: 1,
        should_have_stayed_in_primary_care: 0,
        should_have_been_more_urgent: 0,
        should_have_been_less_urgent: 0,
        total: 1,
      },
      retriaged: 1,
      retriageRate: 0.2,
      noShows: 1,
      noShowRate: 0.5,
      remoteVisitsCompleted: 1,
      travelAvoidedKm: 300,
      casesSinceGoLive: 4,
    });
    expect(Object.values(c.categories as Record<string, number>).reduce((x, y) => x + y, 0)).toBe(5);
    expect(c.categories.urgent).toBe(1);
    // Days to the visit: 0, 4 and 6 since go-live, 15 before it (a slot a few hours ahead may fall on the next day near midnight).
    expect(c.waitingDays.beforeGoLive).toBeGreaterThanOrEqual(15);
    expect(c.waitingDays.beforeGoLive).toBeLessThanOrEqual(16);
    expect(c.waitingDays.sinceGoLive).toBeGreaterThanOrEqual(3.33);
    expect(c.waitingDays.sinceGoLive).toBeLessThanOrEqual(4.34);
    expect(c.meanDaysToVisit).toBeGreaterThanOrEqual(6.25);
    expect(c.meanDaysToVisit).toBeLessThanOrEqual(7.25);
    expect(c.shareWithinDueDate).toBe(0.75);
    // Seen on average this many days before the due date (c5 a day late).
    const nominal = beforeDue.reduce((x, y) => x + y, 0) / 4;
    expect(c.meanDaysBeforeDueDate).toBeGreaterThanOrEqual(Math.round((nominal - 0.75) * 100) / 100);
    expect(c.meanDaysBeforeDueDate).toBeLessThanOrEqual(Math.round(nominal * 100) / 100);
    expect(c.feedbackShares).toEqual({
      appropriate: 1,
      should_have_stayed_in_primary_care: 0,
      should_have_been_more_urgent: 0,
      should_have_been_less_urgent: 0,
    });
    // One centre asked for: all of them together is that centre.
    const { healthCentreId, healthCentreName, state, liveFrom, ...figures } = c;
    void [healthCentreId, healthCentreName, state, liveFrom];
    expect(res.body.total).toEqual(figures);
  });

  it('#19.5: every centre with all of them together; since go-live counts each centre from its own date', async () => {
    const all = await t.http('GET', `/pathways/${JOINT}/evaluation`, { token: tok.admin });
    expect(all.status).toBe(200);
    expect(all.body.centres.map((c: { healthCentreId: string }) => c.healthCentreId).sort()).toEqual(
      [a.centres.main, a.centres.other].sort(),
    );
    expect(all.body.total).toMatchObject({
      casesSent: 5,
      booked: 4,
      retriaged: 1,
      noShows: 1,
      remoteVisitsCompleted: 1,
      travelAvoidedKm: 300,
    });
    const since = await t.http('GET', `/pathways/${JOINT}/evaluation?sinceGoLive=true`, { token: tok.admin });
    expect(since.body.sinceGoLive).toBe(true);
    const main = since.body.centres.find((c: { healthCentreId: string }) => c.healthCentreId === a.centres.main);
    // c5, triaged before go-live, is left out: four cases, none re-triaged, the one visit held in time.
    expect(main).toMatchObject({
      casesSent: 4,
      bookable: 3,
      booked: 3,
      retriaged: 0,
      retriageRate: 0,
      noShows: 1,
      remoteVisitsCompleted: 1,
    });
    expect(since.body.total.casesSent).toBe(4);
    expect(since.body.total.categories.urgent).toBeUndefined();
  });

  it('#19.5: a period narrows the cases; every centre of the region is listed; CSV like the other reports', async () => {
    const narrow = await t.http('GET', `/pathways/${JOINT}/evaluation?from=${day(-30)}&to=${day(-15)}`, { token: tok.admin });
    expect(narrow.status).toBe(200);
    expect(narrow.body.centres.map((c: { healthCentreId: string; casesSent: number }) => [c.healthCentreId, c.casesSent]).sort()).toEqual(
      [
        [a.centres.main, 1],
        [a.centres.other, 0],
      ].sort(),
    );
    const csv = await t.http('GET', `/pathways/${JOINT}/evaluation?healthCentreId=${a.centres.main}`, {
      token: tok.admin,
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, row] = (csv.body as string).replace('\uFEFF', '').split('\r\n');
    expect(header).toBe(
      'Hälsocentral,Läge,I drift från,Skickade fall,Bokningsbara,Bokade,Andel bokade,Dagar till besök (medel),' +
        'Andel inom förfallodag,Dagar före förfallodag (medel),Återkoppling: rätt,Återkoppling: borde stannat i primärvården,' +
        'Återkoppling: borde varit mer brådskande,Återkoppling: borde varit mindre brådskande,Återkoppling totalt,Andel omtriagerade,' +
        'Andel uteblivna,Undvikna resor (km),Väntetid före start (dagar),Väntetid sedan start (dagar)',
    );
    expect(row).toMatch(
      new RegExp(`^EV Norra hälsocentral,live,${day(-10)},5,4,4,1,[0-9.]+,0.75,-?[0-9.]+,1,0,0,0,1,0.2,0.5,300,1[56](\\.0)?,[34][0-9.]*$`),
    );
    // For Swedish Excel: semicolons and decimal commas; with every centre, a last row of all of them.
    const sv = await t.http('GET', `/pathways/${JOINT}/evaluation?csvStyle=excel-sv`, {
      token: tok.admin,
      headers: { accept: 'text/csv' },
    });
    const svLines = (sv.body as string).replace('\uFEFF', '').split('\r\n');
    expect(svLines[0]!.split(';')).toHaveLength(20);
    expect(svLines.find((l) => l.startsWith('EV Norra'))).toMatch(/^EV Norra hälsocentral;live;[0-9-]+;5;4;4;1;[0-9,]+;0,75;/);
    expect(svLines.find((l) => l.startsWith('EV Norra'))).toContain(';0,2;0,5;300;');
    expect(svLines[3]).toMatch(/^Alla hälsocentraler;;;5;4;4;1;/);
  });

  it("#19.5: bad parameters are 400 naming the field; a nurse is 403; another region's pathway is 404", async () => {
    const bad = await t.http('GET', `/pathways/${JOINT}/evaluation?from=2026-02-30`, { token: tok.admin });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'from' })]);
    const reversed = await t.http('GET', `/pathways/${JOINT}/evaluation?from=2026-02-01&to=2026-01-01`, { token: tok.admin });
    expect(reversed.status).toBe(400);
    expect(reversed.body.details).toEqual([expect.objectContaining({ field: 'to' })]);
    expect((await t.http('GET', `/pathways/${JOINT}/evaluation`, { token: tok.nurse })).status).toBe(403);
    expect((await t.http('GET', '/pathways/no-such-pathway/evaluation', { token: tok.admin })).status).toBe(404);
    const b = await createRegion(t.db, 'EW');
    expect((await t.http('GET', `/pathways/${JOINT}/evaluation?healthCentreId=${b.centres.main}`, { token: tok.admin })).status).toBe(404);
    const badFlag = await t.http('GET', `/pathways/${JOINT}/evaluation?sinceGoLive=yes`, { token: tok.admin });
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.details).toEqual([expect.objectContaining({ field: 'sinceGoLive' })]);
  });

  it('#19.5: the sums kept by triggers follow a reschedule and a cancellation, and equal a rebuild from the cases', async () => {
    const sums = async () =>
      (
        await t.db.query(
          `SELECT d.*, d.triaged_on::text AS triaged_on FROM evaluation_day d JOIN health_centre h ON h.id = d.health_centre_id
                          WHERE h.region_id = $1 AND d.cases <> 0 ORDER BY d.pathway_key, d.health_centre_id, d.triaged_on, d.category`,
          [a.id],
        )
      ).rows;
    const main = async () =>
      (await t.http('GET', `/pathways/${JOINT}/evaluation?healthCentreId=${a.centres.main}`, { token: tok.admin })).body.centres[0];
    const before = await main();
    const session = async (daysAhead: number) => {
      const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + daysAhead * 86_400_000 + 20 * 3600_000);
      const res = await t.http('POST', '/clinic-sessions', {
        token: tok.admin,
        body: {
          specialistId: a.users.specialist.id,
          healthCentreId: a.centres.main,
          start: start.toISOString(),
          end: new Date(start.getTime() + 1800_000).toISOString(),
          slotMinutes: 30,
          mode: 'remote',
        },
      });
      return res.body.slots[0].id as string;
    };
    const p = await createPatient(t, tok.nurse, a.centres.main);
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    const booking = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: await session(2) } });
    expect(booking.status).toBe(201);
    const booked = await main();
    expect(booked).toMatchObject({ casesSent: before.casesSent + 1, booked: before.booked + 1 });
    // Moved from two days ahead to twelve: ten more days of waiting in the sums.
    const moved = await t.http('POST', `/bookings/${booking.body.id}/reschedule`, {
      token: tok.nurse,
      body: { slotId: await session(12) },
    });
    expect(moved.status).toBe(200);
    const [{ visit_on: visitOn }] = (await t.db.query(`SELECT visit_on::text FROM evaluation_case WHERE case_id = $1`, [c.body.id])).rows;
    const [{ expected }] = (
      await t.db.query(
        `SELECT (s.start_at AT TIME ZONE 'Europe/Stockholm')::date::text AS expected FROM booking b JOIN slot s ON s.id = b.slot_id
          WHERE b.id = $1`,
        [booking.body.id],
      )
    ).rows;
    expect(visitOn).toBe(expected);
    const cancelled = await t.http('POST', `/bookings/${booking.body.id}/cancel`, { token: tok.nurse, body: {} });
    expect(cancelled.status).toBe(200);
    const after = await main();
    expect(after).toMatchObject({ casesSent: before.casesSent + 1, booked: before.booked, meanDaysToVisit: before.meanDaysToVisit });
    const kept = await sums();
    await t.db.query('SELECT evaluation_rebuild()');
    expect(await sums()).toEqual(kept);
  });
});
