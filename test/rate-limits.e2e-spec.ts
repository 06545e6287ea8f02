import { createRegion, loginAll, personnummer, TestRegion } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** The limit counts per clock minute: start a burst early in a minute so it does not straddle two. */
async function earlyInAMinute(): Promise<void> {
  const s = new Date().getUTCSeconds();
  if (s > 45) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
}

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
