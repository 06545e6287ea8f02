import { createRegion, loginAll, personnummer, type TestRegion, TEST_PASSWORD } from './support/factories';
import { earlyInAMinute } from './support/clock-minute';
import { createTestApp, type TestApp } from './support/test-app';

describe('Per-user write limits, shared by every api instance (HTTP, real PostgreSQL)', () => {
  let a: TestApp;
  let b: TestApp;
  let r: TestRegion;
  let tok: Record<string, string>;

  beforeAll(async () => {
    a = await createTestApp({ env: { WRITE_RATE_PER_MINUTE: '5' } });
    // A second instance on the same database.
    b = await createTestApp({ databaseUrl: a.databaseUrl, env: { WRITE_RATE_PER_MINUTE: '5' } });
    r = await createRegion(a.db, 'WL');
    tok = await loginAll(a, r);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const register = (t: TestApp, token: string, centre = r.centres.main) =>
    t.http('POST', '/patients', { token, body: { personnummer: personnummer('19800101'), name: 'Test Patient', healthCentreId: centre } });

  it('refuses the writes past the limit with 429 and Retry-After, across instances and under concurrency, and stores none of them', async () => {
    await earlyInAMinute();
    const before = Number((await a.db.query('SELECT count(*) FROM patient')).rows[0].count);
    // Ten at once, half through each instance: exactly five pass.
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => register(i % 2 ? b : a, tok.nurse!)));
    const statuses = burst.map((x) => x.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429, 429, 429]);
    const refused = burst.find((x) => x.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.message).toMatch(/5 changes a minute/);
    expect(Number((await a.db.query('SELECT count(*) FROM patient')).rows[0].count)).toBe(before + 5);

    // Reads are not limited; another user has her own count.
    expect((await a.http('GET', '/triage-cases', { token: tok.nurse })).status).toBe(200);
    expect((await register(b, tok.otherNurse!, r.centres.other)).status).toBe(201);
  });
});

describe('#15.10 sign-in limits: per username and address, a back-off instead of a lock (HTTP, real PostgreSQL)', () => {
  let direct: TestApp;
  let proxied: TestApp;
  let r: TestRegion;
  const env = { LOGIN_MAX_FAILURES: '3', LOGIN_BACKOFF_SECONDS: '30', LOGIN_WINDOW_SECONDS: '900' };

  beforeAll(async () => {
    // No proxy configured (the default), and a second instance behind a proxy on loopback.
    direct = await createTestApp({ env });
    proxied = await createTestApp({ databaseUrl: direct.databaseUrl, env: { ...env, TRUSTED_PROXIES: '127.0.0.1' } });
    r = await createRegion(direct.db, 'SL');
  });
  afterAll(async () => {
    await proxied.close();
    await direct.close();
  });

  const attempt = (t: TestApp, username: string, password: string, from?: string) =>
    t.http('POST', '/auth/login', { body: { username, password }, headers: from ? { 'x-forwarded-for': from } : {} });
  /** Moves a username's attempts into the past, as if that many seconds had gone by. */
  const elapse = (username: string, seconds: number) =>
    direct.db.query(`UPDATE login_attempt SET attempted_at = attempted_at - make_interval(secs => $2) WHERE username_key = $1`, [
      username,
      seconds,
    ]);

  it('#15.10: failures from one address do not lock the nurse out of her own; the refused address is told when to try again', async () => {
    const nurse = r.users.nurse.username;
    for (let i = 0; i < 3; i++) expect((await attempt(proxied, nurse, `guess-${i}`, '203.0.113.7')).status).toBe(401);
    const refused = await attempt(proxied, nurse, TEST_PASSWORD, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(refused.body).toMatchObject({
      message: expect.stringMatching(/try again in \d+ seconds/),
      retryAfterSeconds: expect.any(Number),
    });
    expect(Date.parse(refused.body.retryAt) - Date.now()).toBeGreaterThan(25_000);
    // The nurse at her own address signs in at once: no account lock.
    expect((await attempt(proxied, nurse, TEST_PASSWORD, '198.51.100.2')).status).toBe(200);
  });

  it('#15.10: each further failure doubles the wait, up to the window, and a success starts the count again', async () => {
    const username = r.users.specialist.username;
    for (let i = 0; i < 3; i++) expect((await attempt(proxied, username, `guess-${i}`, '203.0.113.8')).status).toBe(401);
    expect(Number((await attempt(proxied, username, 'x', '203.0.113.8')).headers.get('retry-after'))).toBeGreaterThan(25);
    await elapse(username, 31);
    expect((await attempt(proxied, username, 'guess-3', '203.0.113.8')).status).toBe(401);
    const second = await attempt(proxied, username, 'x', '203.0.113.8');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(55);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    await elapse(username, 61);
    expect((await attempt(proxied, username, TEST_PASSWORD, '203.0.113.8')).status).toBe(200);
    expect((await attempt(proxied, username, 'wrong again', '203.0.113.8')).status).toBe(401);
  });

  it('#15.10: believes X-Forwarded-For only from a configured proxy: without one, a forged header changes neither the count nor the audit', async () => {
    const username = r.users.otherNurse.username;
    for (let i = 0; i < 3; i++) expect((await attempt(direct, username, `guess-${i}`, `192.0.2.${i + 1}`)).status).toBe(401);
    // A new forged address per request no longer resets the count: all of them were 127.0.0.1.
    expect((await attempt(direct, username, TEST_PASSWORD, '192.0.2.99')).status).toBe(429);
    const stored = await direct.db.query('SELECT DISTINCT client_ip AS ip FROM login_attempt WHERE username_key = $1', [username]);
    expect(stored.rows).toEqual([{ ip: '127.0.0.1' }]);
    // Behind the configured proxy the header names the client, in the attempts and in the audit log.
    const admin = r.users.admin.username;
    const signedIn = await attempt(proxied, admin, TEST_PASSWORD, '198.51.100.77');
    expect(signedIn.status).toBe(200);
    expect((await proxied.db.query('SELECT client_ip AS ip FROM login_attempt WHERE username_key = $1', [admin])).rows).toEqual([
      { ip: '198.51.100.77' },
    ]);
    const p = await proxied.http('POST', '/patients', {
      token: signedIn.body.accessToken,
      headers: { 'x-forwarded-for': '198.51.100.77' },
      body: { personnummer: personnummer('19750505'), name: 'Audit Adress', healthCentreId: r.centres.main },
    });
    expect(p.status).toBe(201);
    const audit = await proxied.db.query(`SELECT client_ip AS ip FROM audit_event WHERE resource_id = $1 AND action = 'create'`, [
      p.body.id,
    ]);
    expect(audit.rows).toEqual([{ ip: '198.51.100.77' }]);
  });

  it('#15.10: a guesser spread over many addresses meets the back-off per username after ten times the failures', async () => {
    const username = r.users.nurse.username;
    await direct.db.query(`DELETE FROM login_attempt WHERE username_key = $1`, [username]);
    // 30 failures (3 x 10), each from its own address, stored as the api stores them (argon2 on each would take long).
    await direct.db.query(
      `INSERT INTO login_attempt (username_key, client_ip, succeeded) SELECT $1, '10.9.0.' || g, false FROM generate_series(1, 30) g`,
      [username],
    );
    const refused = await attempt(proxied, username, TEST_PASSWORD, '10.9.1.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(25);
    await elapse(username, 31);
    expect((await attempt(proxied, username, TEST_PASSWORD, '10.9.1.1')).status).toBe(200);
  });
});
