import { randomUUID } from 'node:crypto';
import { TokenVerifier } from 'livekit-server-sdk';
import { createPatient, createRegion, loginAll, TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { startLiveKitStandIn } from './support/livekit-standin';
import { createTestApp, TestApp } from './support/test-app';

const LK_KEY = 'APIinterpreter';
const LK_SECRET = 'interpreter-secret-that-is-long-enough-for-hmac';

/** A visit in a 30-minute slot `hoursAhead` from now at the region's main centre. */
async function bookedVisit(t: TestApp, r: TestRegion, tok: Record<string, string>, hoursAhead: number) {
  const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + hoursAhead * 3600_000);
  const session = await t.http('POST', '/clinic-sessions', {
    token: tok.admin,
    body: {
      specialistId: r.users.specialist.id, healthCentreId: r.centres.main, start: start.toISOString(),
      end: new Date(start.getTime() + 1800_000).toISOString(), slotMinutes: 30, mode: 'remote',
    },
  });
  expect(session.status).toBe(201);
  const p = await createPatient(t, tok.nurse!, r.centres.main);
  const c = await t.http('POST', '/triage-cases', {
    token: tok.nurse, body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) }, headers: { 'idempotency-key': randomUUID() },
  });
  const booking = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: session.body.slots[0].id } });
  expect(booking.status).toBe(201);
  return { visitId: booking.body.visitId as string, patientId: p.id, start };
}

const tokenOf = (link: string) => /\/i\/([A-Za-z0-9_-]{43})$/.exec(link)![1]!;

/**
 * Issue 22, item 3: an interpreter for a visit, joining from outside by a one-time link valid around the
 * visit's time; with LiveKit a token for the visit's room (its third participant). Against the LiveKit
 * room-service stand-in; the embedded mode's refusal is checked on a second app.
 */
describe('An interpreter joins a visit by a one-time link (LiveKit stand-in, real PostgreSQL)', () => {
  let t: TestApp;
  let standIn: Awaited<ReturnType<typeof startLiveKitStandIn>>;
  let r: TestRegion;
  let tok: Record<string, string>;

  beforeAll(async () => {
    standIn = await startLiveKitStandIn(LK_KEY, LK_SECRET);
    t = await createTestApp({
      env: { LIVEKIT_URL: standIn.url, LIVEKIT_API_KEY: LK_KEY, LIVEKIT_API_SECRET: LK_SECRET, VISIT_JOIN_OPENS_MINUTES: '60', PUBLIC_BASE_URL: 'https://vard.example' },
    });
    r = await createRegion(t.db, 'IN');
    tok = await loginAll(t, r);
  });
  afterAll(async () => {
    await t?.close();
    await standIn?.close();
  });

  it('#22.3 the centre books an interpreter in the patient\'s language; the link works once, in the visit\'s window, as a room token; audited', async () => {
    const v = await bookedVisit(t, r, tok, 0.5);
    // No language recorded and none given: 422 naming it.
    const none = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: {} });
    expect(none.status).toBe(422);
    expect(none.body.details).toEqual([{ field: 'language', reason: 'required: the patient has no interpreter language recorded' }]);
    await t.http('PUT', `/patients/${v.patientId}`, { token: tok.nurse, body: { interpreterLanguage: 'so' } });
    // Another centre's nurse, another role: refused.
    expect((await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.otherNurse, body: {} })).status).toBe(404);
    expect((await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.admin, body: {} })).status).toBe(403);
    const booked = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: {} });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ visitId: v.visitId, language: 'so', link: expect.stringMatching(/^https:\/\/vard\.example\/i\/[A-Za-z0-9_-]{43}$/) });
    expect(new Date(booked.body.validFrom).getTime()).toBe(v.start.getTime() - 3600_000);

    const token = tokenOf(booked.body.link);
    const join = await t.http('POST', `/i/${token}/join`);
    expect(join.status).toBe(200);
    expect(join.body).toMatchObject({ mode: 'livekit', language: 'so' });
    const claims = await new TokenVerifier(LK_KEY, LK_SECRET).verify(join.body.token);
    expect(claims.sub).toBe(`interpreter-${v.visitId}`);
    expect(claims.video).toMatchObject({ room: join.body.room, roomJoin: true, canPublish: true, canSubscribe: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    // The room the specialist joins is the same one (at most three participants).
    const spec = await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.specialist });
    expect(spec.body.room).toBe(join.body.room);
    expect(standIn.calls.find((c) => c.method === 'CreateRoom' && c.body.name === join.body.room)?.body).toMatchObject({ maxParticipants: 3 });
    // One-time.
    expect((await t.http('POST', `/i/${token}/join`)).status).toBe(410);
    expect((await t.http('POST', `/i/${'A'.repeat(43)}/join`)).status).toBe(404);
    const audit = await t.db.query(
      `SELECT actor_username, actor_role, action, resource_type, patient_id FROM audit_event WHERE resource_id = $1 AND resource_type IN ('Visit', 'VisitInterpreter') AND action <> 'read' ORDER BY id`,
      [v.visitId],
    );
    expect(audit.rows).toEqual(expect.arrayContaining([
      { actor_username: r.users.nurse.username, actor_role: 'nurse', action: 'create', resource_type: 'VisitInterpreter', patient_id: v.patientId },
      { actor_username: 'interpreter:link', actor_role: 'interpreter', action: 'execute', resource_type: 'Visit', patient_id: v.patientId },
    ]));
  });

  it('#22.3 a link is refused before the window opens; booking again replaces the link; the specialist may book', async () => {
    const v = await bookedVisit(t, r, tok, 5);
    const first = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.specialist, body: { language: 'ar' } });
    expect(first.status).toBe(201);
    const early = await t.http('POST', `/i/${tokenOf(first.body.link)}/join`);
    expect(early.status).toBe(409);
    expect(early.body.opensAt).toBe(first.body.validFrom);
    const second = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: { language: 'ti' } });
    expect(second.body.language).toBe('ti');
    expect((await t.http('POST', `/i/${tokenOf(first.body.link)}/join`)).status).toBe(404);
    expect((await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: { language: 'Somali' } })).status).toBe(400);
  });

  it('#22.3 the embedded peer-to-peer mode says plainly that an interpreter needs LiveKit', async () => {
    const p2p = await createTestApp({ databaseUrl: t.databaseUrl, env: { VISIT_JOIN_OPENS_MINUTES: '60' } });
    try {
      const v = await bookedVisit(t, r, tok, 0.5 + 10);
      const booked = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: { language: 'fa' } });
      // Inside the window (the visit is hours away; its window is moved, not the clock).
      await t.db.query(`UPDATE visit_interpreter SET valid_from = now() - interval '1 minute' WHERE visit_id = $1`, [v.visitId]);
      const res = await p2p.http('POST', `/i/${tokenOf(booked.body.link)}/join`);
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/LiveKit/);
      expect((await t.db.query('SELECT used_at FROM visit_interpreter WHERE visit_id = $1', [v.visitId])).rows[0].used_at).toBeNull();
    } finally {
      await p2p.close();
    }
  });
});
