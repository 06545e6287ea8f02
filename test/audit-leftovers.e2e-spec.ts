import { bookedVisit } from './support/cases';
import { earlyInAMinute } from './support/clock-minute';
import { createRegion, login, loginAll, TEST_PASSWORD, type TestRegion } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

type Tokens = Record<keyof TestRegion['users'], string>;

/**
 * Issue 16 #1, the leftovers: marking an answer read and cancelling a clinic session go through the access
 * primitive (a denied row and 404 for another centre's or region's id, a success row for one's own), and the
 * interpreter's link pages are rate limited as the patient's are (HTTP, real PostgreSQL).
 */
describe('Audit leftovers: answers marked read, sessions cancelled, interpreter links limited', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let ta: Tokens;
  let tb: Tokens;

  beforeAll(async () => {
    t = await createTestApp({ env: { PATIENT_LINK_RATE_PER_MINUTE: '3', PUBLIC_BASE_URL: 'https://vard.example' } });
    a = await createRegion(t.db, 'AL');
    b = await createRegion(t.db, 'BL');
    ta = await loginAll(t, a);
    tb = await loginAll(t, b);
  }, 60_000);
  afterAll(() => t?.close());

  /** The audit rows a request wrote, oldest first. */
  async function auditOf<R>(send: () => Promise<R>): Promise<{ res: R; rows: Array<Record<string, unknown>> }> {
    const [{ max }] = (await t.db.query('SELECT coalesce(max(id), 0) AS max FROM audit_event')).rows;
    const res = await send();
    const { rows } = await t.db.query(
      `SELECT action, resource_type, resource_id, patient_id, outcome, reason, actor_user_id, detail FROM audit_event WHERE id > $1 ORDER BY id`,
      [max],
    );
    return { res, rows };
  }

  /** An answer (svar) to a booked visit at the region's main centre, as the specialist's outcome leaves it. */
  async function answer(r: TestRegion, tok: Tokens, hoursAhead: number) {
    const v = await bookedVisit(t, r, tok, hoursAhead);
    const { rows } = await t.db.query(
      `INSERT INTO visit_outcome (visit_id, case_id, health_centre_id, author_id, summary, plan)
       VALUES ($1, $2, $3, $4, 'Artros', 'discharged') RETURNING id`,
      [v.visitId, v.caseId, r.centres.main, r.users.specialist.id],
    );
    return { ...v, outcomeId: rows[0].id as string };
  }

  it("marking an answer read: another region's or another centre's answer is 404 with one denied row; one's own a success row", async () => {
    const own = await answer(a, ta, 30);
    const theirs = await answer(b, tb, 30);
    for (const [token, id, who] of [
      [ta.nurse, theirs.outcomeId, a.users.nurse.id],
      [ta.otherNurse, own.outcomeId, a.users.otherNurse.id],
    ] as const) {
      const { res, rows } = await auditOf(() => t.http('POST', `/inbox/${id}/read`, { token }));
      expect(res.status).toBe(404);
      expect(rows).toEqual([
        expect.objectContaining({
          action: 'update',
          resource_type: 'VisitOutcome',
          resource_id: id,
          outcome: 'denied',
          patient_id: null,
          actor_user_id: who,
        }),
      ]);
    }
    expect((await t.db.query('SELECT read_at FROM visit_outcome WHERE id = ANY($1)', [[own.outcomeId, theirs.outcomeId]])).rows).toEqual([
      { read_at: null },
      { read_at: null },
    ]);

    const { res, rows } = await auditOf(() => t.http('POST', `/inbox/${own.outcomeId}/read`, { token: ta.nurse }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: own.outcomeId, readAt: expect.any(String) });
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'update',
        resource_type: 'VisitOutcome',
        resource_id: own.outcomeId,
        outcome: 'success',
        patient_id: own.patientId,
        actor_user_id: a.users.nurse.id,
      }),
    ]);
  });

  it("cancelling a session: another region's is 404 with one denied row, another specialist's 403 with one; one's own releases and audits", async () => {
    const own = await bookedVisit(t, a, ta, 50);
    const [{ session_id: ownSession }] = (await t.db.query('SELECT session_id FROM slot WHERE id = $1', [own.slotId])).rows;
    const theirs = await bookedVisit(t, b, tb, 50);
    const [{ session_id: theirSession }] = (await t.db.query('SELECT session_id FROM slot WHERE id = $1', [theirs.slotId])).rows;

    const outside = await auditOf(() =>
      t.http('POST', `/clinic-sessions/${theirSession}/cancel`, { token: ta.admin, body: { reason: 'Sjuk' } }),
    );
    expect(outside.res.status).toBe(404);
    expect(outside.rows).toEqual([
      expect.objectContaining({
        action: 'update',
        resource_type: 'ClinicSession',
        resource_id: theirSession,
        outcome: 'denied',
        actor_user_id: a.users.admin.id,
      }),
    ]);

    // A second specialist of the same region sees the session (she books in it) but does not cancel it.
    const created = await t.http('POST', '/users', {
      token: ta.admin,
      body: {
        username: 'al.specialist2',
        password: TEST_PASSWORD,
        role: 'specialist',
        clinicId: a.clinicId,
        displayName: 'Andra Reumatologen',
      },
    });
    expect(created.status).toBe(201);
    const other = await login(t, 'al.specialist2');
    const notHers = await auditOf(() =>
      t.http('POST', `/clinic-sessions/${ownSession}/cancel`, { token: other, body: { reason: 'Sjuk' } }),
    );
    expect(notHers.res.status).toBe(403);
    expect(notHers.rows).toEqual([
      expect.objectContaining({
        resource_type: 'ClinicSession',
        resource_id: ownSession,
        outcome: 'denied',
        actor_user_id: created.body.id,
      }),
    ]);
    expect((await t.db.query('SELECT status FROM clinic_session WHERE id = ANY($1)', [[ownSession, theirSession]])).rows).toEqual([
      { status: 'planned' },
      { status: 'planned' },
    ]);

    const { res, rows } = await auditOf(() =>
      t.http('POST', `/clinic-sessions/${ownSession}/cancel`, { token: ta.admin, body: { reason: 'Reumatologen sjuk' } }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ownSession, status: 'cancelled', releasedCases: [own.caseId] });
    const [{ booking_id: bookingId }] = (await t.db.query('SELECT booking_id FROM visit WHERE id = $1', [own.visitId])).rows;
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'update',
        resource_type: 'Booking',
        resource_id: bookingId,
        patient_id: own.patientId,
        outcome: 'success',
      }),
      expect.objectContaining({
        action: 'update',
        resource_type: 'ClinicSession',
        resource_id: ownSession,
        outcome: 'success',
        detail: { change: 'cancel', reason: 'Reumatologen sjuk', releasedBookings: [bookingId] },
      }),
    ]);
  });

  it("the interpreter's link pages are rate limited per client address as the patient's: 429 with Retry-After", async () => {
    const v = await bookedVisit(t, a, ta, 70);
    const booked = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: ta.nurse, body: { language: 'so' } });
    expect(booked.status).toBe(201);
    const token = /\/i\/([A-Za-z0-9_-]{43})$/.exec(booked.body.link as string)![1]!;
    await earlyInAMinute();
    await t.db.query('DELETE FROM patient_link_rate');
    const statuses: number[] = [];
    for (const path of [`/i/${'B'.repeat(43)}`, `/i/${token}`, `/i/${token}`]) statuses.push((await t.http('GET', path)).status);
    expect(statuses).toEqual([404, 200, 200]);
    const refused = await t.http('GET', `/i/${token}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The join too: the link is not used up by a refused attempt.
    expect((await t.http('POST', `/i/${token}/join`)).status).toBe(429);
    expect((await t.db.query('SELECT used_at FROM visit_interpreter WHERE visit_id = $1', [v.visitId])).rows).toEqual([{ used_at: null }]);
    // One budget with the patient's links.
    expect((await t.http('GET', `/p/${'C'.repeat(43)}`)).status).toBe(429);
  });
});
