import { randomUUID } from 'node:crypto';
import { createPatient, createRegion, login, type TestRegion, TEST_PASSWORD } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { connected, connectRealtime, nextEvent } from './support/sockets';
import { createTestApp, type HttpResponse, type TestApp } from './support/test-app';

const REFRESH = { 'x-ledtriage-refresh': '1' };

/** The refresh cookie a response set, as `name=value` for the Cookie header, and its attributes. */
function cookieOf(res: HttpResponse): { pair: string; attributes: string[] } {
  const header = res.headers.get('set-cookie');
  if (!header) throw new Error(`no Set-Cookie (status ${res.status})`);
  const [pair, ...attributes] = header.split(';').map((p) => p.trim());
  return { pair: pair!, attributes };
}

describe('Issue 18 #3: sessions with rotating refresh tokens (HTTP, sockets, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'SE');
    b = await createRegion(t.db, 'SF');
  });
  afterAll(() => t.close());

  const signIn = async (username: string) => {
    const res = await t.http('POST', '/auth/login', { body: { username, password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    return { accessToken: res.body.accessToken as string, cookie: cookieOf(res).pair, res };
  };
  const refresh = (cookie: string | null, headers: Record<string, string> = REFRESH, body: unknown = {}) =>
    t.http('POST', '/auth/refresh', { headers: { ...headers, ...(cookie ? { cookie } : {}) }, body });
  const sessionRow = async (accessToken: string) => {
    const sid = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).sid as string;
    return (await t.db.query('SELECT * FROM auth_session WHERE id = $1', [sid])).rows[0];
  };
  const me = (accessToken: string) => t.http('GET', '/auth/me', { token: accessToken });
  const setSession = async (accessToken: string, assignments: string) =>
    t.db.query(`UPDATE auth_session SET ${assignments} WHERE id = $1`, [(await sessionRow(accessToken)).id]);

  it('#18.3: sign-in keeps its answer and sets an httpOnly, Secure, SameSite=Strict cookie scoped to the refresh route', async () => {
    const { res } = await signIn(a.users.nurse.username);
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresAt', 'user']);
    const { pair, attributes } = cookieOf(res);
    expect(pair).toMatch(/^ledtriage_refresh=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/api/v1/auth/refresh', 'HttpOnly', 'Secure', 'SameSite=Strict']));
    const maxAge = Number(attributes.find((x) => x.startsWith('Max-Age='))!.slice(8));
    expect(maxAge).toBeGreaterThan(12 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
    const row = await sessionRow(res.body.accessToken);
    expect(row).toMatchObject({ method: 'password', ended_at: null, user_id: a.users.nurse.id });
    // Defaults fit a clinic day: 30 minutes idle, 12 hours in all.
    expect((row.idle_expires_at - row.created_at) / 60_000).toBeCloseTo(30, 0);
    expect((row.absolute_expires_at - row.created_at) / 3_600_000).toBeCloseTo(12, 1);
  });

  it('#18.3: a refresh answers a new access token and a new cookie; both work, and the refresh moves the idle deadline', async () => {
    const first = await signIn(a.users.nurse.username);
    await setSession(first.accessToken, `idle_expires_at = now() + interval '1 minute'`);
    const res = await refresh(first.cookie);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresAt']);
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const next = cookieOf(res).pair;
    expect(next).not.toBe(first.cookie);
    expect((await me(res.body.accessToken)).body.id).toBe(a.users.nurse.id);
    const row = await sessionRow(res.body.accessToken);
    expect(row.id).toBe((await sessionRow(first.accessToken)).id);
    expect((row.idle_expires_at - Date.now()) / 60_000).toBeGreaterThan(29);
    expect((await refresh(next)).status).toBe(200);
  });

  it('#18.3: a spent refresh cookie presented again -> 401, and the whole session ends (every token of it, on the record)', async () => {
    const first = await signIn(a.users.specialist.username);
    const other = await signIn(a.users.specialist.username);
    const renewed = await refresh(first.cookie);
    expect(renewed.status).toBe(200);
    const reused = await refresh(first.cookie);
    expect(reused.status).toBe(401);
    expect(reused.body.message).toMatch(/already used/);
    expect(cookieOf(reused).attributes).toContain('Max-Age=0');
    // The thief's renewed token and the rightful newest cookie are both dead now.
    expect((await me(renewed.body.accessToken)).status).toBe(401);
    expect((await me(first.accessToken)).status).toBe(401);
    expect((await refresh(cookieOf(renewed).pair)).status).toBe(401);
    expect(await sessionRow(first.accessToken)).toMatchObject({ end_reason: 'reuse' });
    const audit = await t.db.query(`SELECT * FROM audit_event WHERE resource_type = 'Session' AND resource_id = $1`, [
      (await sessionRow(first.accessToken)).id,
    ]);
    expect(audit.rows).toEqual([expect.objectContaining({ action: 'login', outcome: 'denied', actor_user_id: a.users.specialist.id })]);
    // Another device's session is not touched.
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await refresh(other.cookie)).status).toBe(200);
  });

  it('#18.3: an unknown or malformed cookie -> 401 and nothing changes; no cookie -> 401', async () => {
    const s = await signIn(a.users.nurse.username);
    for (const cookie of [null, 'ledtriage_refresh=' + 'A'.repeat(43), 'ledtriage_refresh=short', 'other=1']) {
      expect((await refresh(cookie)).status).toBe(401);
    }
    expect((await refresh(s.cookie)).status).toBe(200);
  });

  it('#18.3: CSRF cannot reach the refresh route: no custom header or a foreign Origin -> 403, and the cookie is not spent', async () => {
    const s = await signIn(a.users.nurse.username);
    const plain = await refresh(s.cookie, {});
    expect(plain.status).toBe(403);
    expect(plain.body.message).toContain('x-ledtriage-refresh');
    const foreign = await refresh(s.cookie, { ...REFRESH, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await refresh(s.cookie, { ...REFRESH, origin: 'null' })).status).toBe(403);
    expect(plain.headers.get('set-cookie')).toBeNull();
    // Still the live cookie: the same origin is accepted.
    expect((await refresh(s.cookie, { ...REFRESH, origin: t.baseUrl })).status).toBe(200);
  });

  it('#18.3: bad input to the refresh route -> 400 naming the field, the cookie not spent', async () => {
    const s = await signIn(a.users.nurse.username);
    for (const body of [{ idleSeconds: -1 }, { idleSeconds: 'soon' }, { extra: 1 }]) {
      const res = await refresh(s.cookie, REFRESH, body);
      expect(res.status).toBe(400);
    }
    expect((await refresh(s.cookie)).status).toBe(200);
  });

  it("#18.3: the idle deadline runs from the browser's last input: idle for the whole timeout -> 401, session ended", async () => {
    const s = await signIn(a.users.nurse.username);
    const almost = await refresh(s.cookie, REFRESH, { idleSeconds: 30 * 60 - 120 });
    expect(almost.status).toBe(200);
    const row = await sessionRow(almost.body.accessToken);
    expect((row.idle_expires_at - Date.now()) / 1000).toBeLessThan(121);
    const idle = await refresh(cookieOf(almost).pair, REFRESH, { idleSeconds: 30 * 60 });
    expect(idle.status).toBe(401);
    expect(await sessionRow(s.accessToken)).toMatchObject({ end_reason: 'idle' });
    expect((await me(almost.body.accessToken)).status).toBe(401);
  });

  it('#18.3: a session past its idle or absolute deadline ends: its access token and its cookie are refused', async () => {
    const idle = await signIn(a.users.nurse.username);
    await setSession(idle.accessToken, `idle_expires_at = now() - interval '1 second'`);
    expect((await me(idle.accessToken)).status).toBe(401);
    expect((await refresh(idle.cookie)).status).toBe(401);
    expect(await sessionRow(idle.accessToken)).toMatchObject({ end_reason: 'idle' });

    const old = await signIn(a.users.nurse.username);
    await t.db.query(
      `UPDATE auth_session SET created_at = now() - interval '13 hours', idle_expires_at = now() - interval '1 second',
              absolute_expires_at = now() - interval '1 second' WHERE id = $1`,
      [(await sessionRow(old.accessToken)).id],
    );
    expect((await refresh(old.cookie)).status).toBe(401);
    expect(await sessionRow(old.accessToken)).toMatchObject({ end_reason: 'absolute' });
  });

  it('#18.3: the absolute deadline never moves, however often the session is renewed', async () => {
    const s = await signIn(a.users.nurse.username);
    await setSession(s.accessToken, `idle_expires_at = now() + interval '5 minutes', absolute_expires_at = now() + interval '10 minutes'`);
    const res = await refresh(s.cookie);
    const after = await sessionRow(res.body.accessToken);
    expect((after.absolute_expires_at - Date.now()) / 60_000).toBeLessThan(10.1);
    expect(after.idle_expires_at.getTime()).toBeLessThanOrEqual(after.absolute_expires_at.getTime());
    expect(
      Number(
        cookieOf(res)
          .attributes.find((x) => x.startsWith('Max-Age='))!
          .slice(8),
      ),
    ).toBeLessThanOrEqual(600);
  });

  it("#18.3: sign out ends this device's session only; sign out everywhere ends all of them", async () => {
    const here = await signIn(a.users.specialist.username);
    const there = await signIn(a.users.specialist.username);
    const sessions = await t.http('GET', '/auth/sessions', { token: here.accessToken });
    expect(sessions.status).toBe(200);
    expect(sessions.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const out = await t.http('POST', '/auth/logout', { token: here.accessToken });
    expect(out.status).toBe(204);
    expect(cookieOf(out).attributes).toContain('Max-Age=0');
    expect((await me(here.accessToken)).status).toBe(401);
    expect((await refresh(here.cookie)).status).toBe(401);
    expect(await sessionRow(here.accessToken)).toMatchObject({ end_reason: 'logout' });
    expect((await me(there.accessToken)).status).toBe(200);

    const third = await signIn(a.users.specialist.username);
    expect((await t.http('POST', '/auth/logout-everywhere', { token: third.accessToken })).status).toBe(204);
    for (const s of [there, third]) {
      expect((await me(s.accessToken)).status).toBe(401);
      expect((await refresh(s.cookie)).status).toBe(401);
    }
    expect(await sessionRow(there.accessToken)).toMatchObject({ end_reason: 'logout_everywhere' });
  });

  it("#18.3: an admin ends a user's sessions (audited); another region's admin gets 404 and changes nothing", async () => {
    const admin = await login(t, a.users.admin.username);
    const otherAdmin = await login(t, b.users.admin.username);
    const s1 = await signIn(a.users.otherNurse.username);
    const s2 = await signIn(a.users.otherNurse.username);
    const foreign = await t.http('POST', `/users/${a.users.otherNurse.id}/end-sessions`, { token: otherAdmin });
    expect(foreign.status).toBe(404);
    expect((await me(s1.accessToken)).status).toBe(200);
    const res = await t.http('POST', `/users/${a.users.otherNurse.id}/end-sessions`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: a.users.otherNurse.id, endedSessions: 2 });
    for (const s of [s1, s2]) {
      expect((await me(s.accessToken)).status).toBe(401);
      expect((await refresh(s.cookie)).status).toBe(401);
    }
    const audit = await t.db.query(
      `SELECT * FROM audit_event WHERE resource_type = 'User' AND resource_id = $1 AND reason = 'sessions ended by an administrator'`,
      [a.users.otherNurse.id],
    );
    expect(audit.rows).toEqual([expect.objectContaining({ actor_user_id: a.users.admin.id, outcome: 'success' })]);
    const nurse = (await signIn(a.users.nurse.username)).accessToken;
    expect((await t.http('POST', `/users/${a.users.otherNurse.id}/end-sessions`, { token: nurse })).status).toBe(403);
  });

  it('#18.3: deactivating a user ends her sessions: her cookie no longer renews', async () => {
    const admin = await login(t, a.users.admin.username);
    const s = await signIn(a.users.otherNurse.username);
    expect((await t.http('POST', `/users/${a.users.otherNurse.id}/deactivate`, { token: admin })).status).toBe(200);
    expect((await refresh(s.cookie)).status).toBe(401);
    expect(await sessionRow(s.accessToken)).toMatchObject({ end_reason: 'revoked' });
    expect((await t.http('POST', `/users/${a.users.otherNurse.id}/activate`, { token: admin })).status).toBe(200);
  });

  describe('the socket across token expiries (ACCESS_TOKEN_TTL_SECONDS=3)', () => {
    let short: TestApp;
    beforeAll(async () => {
      short = await createTestApp({ databaseUrl: t.databaseUrl, env: { ACCESS_TOKEN_TTL_SECONDS: '3' } });
    });
    afterAll(() => short.close());

    const shortSignIn = async (username: string) => {
      const res = await short.http('POST', '/auth/login', { body: { username, password: TEST_PASSWORD } });
      return { accessToken: res.body.accessToken as string, cookie: cookieOf(res).pair };
    };
    const shortRefresh = async (cookie: string) => {
      const res = await short.http('POST', '/auth/refresh', { headers: { ...REFRESH, cookie }, body: {} });
      expect(res.status).toBe(200);
      return { accessToken: res.body.accessToken as string, cookie: cookieOf(res).pair };
    };

    it("#18.3: auth.renew with the next token keeps the socket past the first token's expiry, and its events keep coming", async () => {
      let s = await shortSignIn(a.users.specialist.username);
      const socket = connectRealtime(short.baseUrl, s.accessToken);
      await connected(socket);
      let disconnected = false;
      socket.on('disconnect', () => (disconnected = true));
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 2000));
        s = await shortRefresh(s.cookie);
        expect(await socket.emitWithAck('auth.renew', { token: s.accessToken })).toMatchObject({ ok: true });
      }
      expect(disconnected).toBe(false);
      const nurse = await shortSignIn(a.users.nurse.username);
      const heard = nextEvent(socket, 'queue.updated', (e: { caseId?: string }) => e.caseId !== undefined);
      const p = await createPatient(short, nurse.accessToken, a.centres.main);
      const c = await short.http('POST', '/triage-cases', {
        token: nurse.accessToken,
        body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers() },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(c.status).toBe(201);
      expect(await heard).toMatchObject({ caseId: c.body.id });
      socket.close();
    });

    it("#18.3: without a renewal the socket ends with its token; another user's token or junk does not renew it", async () => {
      const s = await shortSignIn(a.users.specialist.username);
      const nurse = await shortSignIn(a.users.nurse.username);
      const socket = connectRealtime(short.baseUrl, s.accessToken);
      await connected(socket);
      const ended = new Promise<void>((resolve) => socket.on('disconnect', () => resolve()));
      expect(await socket.emitWithAck('auth.renew', { token: nurse.accessToken })).toMatchObject({ ok: false, status: 403 });
      expect(await socket.emitWithAck('auth.renew', { token: 'junk' })).toMatchObject({ ok: false, status: 401 });
      expect(await socket.emitWithAck('auth.renew', {})).toMatchObject({ ok: false, status: 400 });
      const started = Date.now();
      await ended;
      expect(Date.now() - started).toBeLessThan(4000);
    });

    it("#18.3: signing out closes the session's sockets at once", async () => {
      const s = await shortSignIn(a.users.nurse.username);
      const socket = connectRealtime(short.baseUrl, s.accessToken);
      await connected(socket);
      const ended = new Promise<void>((resolve) => socket.on('disconnect', () => resolve()));
      expect((await short.http('POST', '/auth/logout', { token: s.accessToken })).status).toBe(204);
      await ended;
    });
  });
});
