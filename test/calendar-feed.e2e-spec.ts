import { createHash, randomUUID } from 'node:crypto';
import { safeUrl } from '../apps/api/src/log-privacy';
import { activeAgreement, createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { createTestApp, type TestApp } from './support/test-app';

/** Issue 15, #15: a secret, revocable calendar feed URL that calendar applications can subscribe to. */
describe('Calendar feed URLs (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let r: TestRegion;
  let tok: Record<string, string>;
  let sessionId: string;
  let otherSessionId: string;
  let patientName: string;
  /** A feed read as a calendar application does it: a plain GET, no Authorization header. */
  const subscribe = async (path: string) => {
    const res = await fetch(`${t.baseUrl}${path}`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  beforeAll(async () => {
    t = await createTestApp();
    r = await createRegion(t.db, 'CF');
    tok = await loginAll(t, r);
    const plan = (healthCentreId: string, day: string) =>
      t.http('POST', '/clinic-sessions', {
        token: tok.admin,
        body: {
          specialistId: r.users.specialist.id,
          healthCentreId,
          start: `${day}T09:00`,
          end: `${day}T11:00`,
          slotMinutes: 30,
          mode: 'remote',
        },
      });
    const session = await plan(r.centres.main, '2027-04-12');
    sessionId = session.body.id;
    const other = await plan(r.centres.other, '2027-04-13');
    otherSessionId = other.body.id;
    const p = await createPatient(t, tok.nurse!, r.centres.main);
    patientName = (await t.db.query('SELECT name FROM patient WHERE id = $1', [p.id])).rows[0].name;
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
    });
    const booked = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: session.body.slots[1].id } });
    expect(booked.status).toBe(201);
  });
  afterAll(() => t.close());

  it('#15.15: a specialist creates a secret feed URL serving her sessions without a Bearer token or patient names, audited', async () => {
    const before = await t.http('GET', '/calendar/feed', { token: tok.specialist });
    expect(before.body).toEqual({ active: false, createdAt: null, lastUsedAt: null });
    const created = await t.http('POST', '/calendar/feed', { token: tok.specialist });
    expect(created.status).toBe(201);
    expect(created.body.path).toMatch(/^\/api\/v1\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    const token = created.body.path.split('/').pop().replace('.ics', '');
    expect(Buffer.from(token, 'base64url')).toHaveLength(32); // 256 bits
    // Only its hash is stored.
    const stored = await t.db.query('SELECT token_sha256 FROM calendar_feed_token WHERE user_id = $1', [r.users.specialist.id]);
    expect(stored.rows[0].token_sha256.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    // The token is a credential: the request log masks it (a segment with capitals is never logged).
    expect(safeUrl(created.body.path)).toBe('/api/v1/calendar/feed/[redacted]');

    const feed = await subscribe(created.body.path);
    expect(feed.status).toBe(200);
    expect(feed.type).toMatch(/^text\/calendar/);
    expect(feed.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(feed.text).toContain(`UID:${sessionId}@ledtriage`);
    expect(feed.text).toContain(`UID:${otherSessionId}@ledtriage`);
    expect(feed.text).toContain('Videobesök (bokat)');
    expect(feed.text).not.toContain(patientName);
    expect(feed.text).not.toContain('Patient');

    const audit = await t.db.query(
      `SELECT action, actor_user_id, resource_id, outcome FROM audit_event WHERE resource_type = 'CalendarFeed' ORDER BY occurred_at`,
    );
    const me = r.users.specialist.id;
    expect(audit.rows).toEqual([{ action: 'read', actor_user_id: me, resource_id: me, outcome: 'success' }]);
    const info = await t.http('GET', '/calendar/feed', { token: tok.specialist });
    expect(info.body).toEqual({ active: true, createdAt: expect.any(String), lastUsedAt: expect.any(String) });
  });

  it('#15.15: renewing ends the old URL at once, revoking ends the new one; unknown and malformed tokens are 404', async () => {
    const first = (await t.http('POST', '/calendar/feed', { token: tok.specialist })).body.path as string;
    expect((await subscribe(first)).status).toBe(200);
    const second = await t.http('POST', '/calendar/feed', { token: tok.specialist });
    expect(second.status).toBe(201);
    expect(second.body.path).not.toBe(first);
    expect((await subscribe(first)).status).toBe(404);
    expect((await subscribe(second.body.path)).status).toBe(200);
    expect((await t.http('DELETE', '/calendar/feed', { token: tok.specialist })).status).toBe(204);
    expect((await subscribe(second.body.path)).status).toBe(404);
    expect((await t.http('DELETE', '/calendar/feed', { token: tok.specialist })).status).toBe(404);
    expect((await t.http('GET', '/calendar/feed', { token: tok.specialist })).body.active).toBe(false);
    for (const bad of ['x.ics', `${'A'.repeat(43)}.ics`, `${'A'.repeat(43)}`, `${'A'.repeat(44)}.ics`]) {
      expect((await subscribe(`/api/v1/calendar/feed/${bad}`)).status).toBe(404);
    }
    expect((await subscribe('/api/v1/calendar/feed/%00.ics')).status).toBe(400); // NUL characters, as on every route
    // Creating, renewing and revoking are audited.
    const changes = await t.db.query(
      `SELECT action FROM audit_event WHERE resource_type = 'CalendarFeedUrl' AND actor_user_id = $1 ORDER BY occurred_at, id`,
      [r.users.specialist.id],
    );
    expect(changes.rows.map((x) => x.action)).toEqual(['create', 'update', 'update', 'delete']);
    // Managing the URL needs a sign-in.
    expect((await t.http('POST', '/calendar/feed')).status).toBe(401);
  });

  it("#15.15: a nurse's URL serves her centre's sessions only, and ends when she is deactivated", async () => {
    const path = (await t.http('POST', '/calendar/feed', { token: tok.nurse })).body.path as string;
    const feed = await subscribe(path);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain(`UID:${sessionId}@ledtriage`);
    expect(feed.text).not.toContain(otherSessionId);
    await t.db.query('UPDATE app_user SET active = false WHERE id = $1', [r.users.nurse.id]);
    expect((await subscribe(path)).status).toBe(404);
    await t.db.query('UPDATE app_user SET active = true WHERE id = $1', [r.users.nurse.id]);
  });

  it("#15.15: a specialist's feed also has her sessions at another region's centre under an agreement, as her calendar does", async () => {
    const receiver = await createRegion(t.db, 'CG');
    const tr = await loginAll(t, receiver);
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    await activeAgreement(t, { region: r, adminToken: tok.admin! }, { region: receiver, adminToken: tr.admin });
    const away = await t.http('POST', '/clinic-sessions', {
      token: tr.admin,
      body: {
        specialistId: r.users.specialist.id,
        healthCentreId: receiver.centres.main,
        start: `${day(20)}T13:00`,
        end: `${day(20)}T14:00`,
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    expect(away.status).toBe(201);
    const calendar = await t.http('GET', `/clinic-sessions?from=${day(19)}T00:00&to=${day(21)}T00:00`, { token: tok.specialist });
    expect(calendar.body.map((s: { id: string }) => s.id)).toContain(away.body.id);
    const created = await t.http('POST', '/calendar/feed', { token: tok.specialist });
    const feed = await subscribe(created.body.path);
    expect(feed.text).toContain(`UID:${away.body.id}@ledtriage`);
    expect(feed.text).toContain(`UID:${sessionId}@ledtriage`);
    // The provider's admin does not see it: it is the receiving region's session.
    const providerAdmin = await t.http('GET', `/clinic-sessions?from=${day(19)}T00:00&to=${day(21)}T00:00`, { token: tok.admin });
    expect(providerAdmin.body.map((s: { id: string }) => s.id)).not.toContain(away.body.id);
  });
});
