import { randomUUID } from 'node:crypto';
import { HousekeepingJob } from '@app/operations';
import { createTestApp, type TestApp } from './support/test-app';

/** Issue 15, #16: sign-in attempts and per-user request counters were never deleted. */
describe('Housekeeping (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_WINDOW_SECONDS: '900' } });
  });
  afterAll(() => t.close());

  it('#15.16: deletes sign-in attempts past twice the login window and request counters of past minutes, and keeps the rest', async () => {
    await t.db.query(
      `INSERT INTO login_attempt (username_key, client_ip, succeeded, attempted_at)
       SELECT 'hk.user' || (i % 7), '10.0.0.' || (i % 5), i % 3 = 0, now() - make_interval(secs => i * 60 + 30)
         FROM generate_series(0, 99) i`,
    );
    const user = randomUUID();
    await t.db.query(
      `INSERT INTO write_rate (user_id, window_start, writes)
       SELECT $1, date_trunc('minute', now()) - make_interval(mins => i), 3 FROM generate_series(0, 9) i`,
      [user],
    );
    const pruned = await t.app.get(HousekeepingJob).pruneNow();
    // Attempts 0.5 .. 99.5 minutes old: the 70 older than 30 minutes go.
    expect(pruned.loginAttempts).toBe(70);
    const kept = await t.db.query(
      `SELECT max(now() - attempted_at) <= interval '30 minutes' AS recent, count(*)::int AS n
         FROM login_attempt WHERE username_key LIKE 'hk.%'`,
    );
    expect(kept.rows[0]).toEqual({ recent: true, n: 30 });
    // Counters of this minute and the one before stay (the limit and Retry-After read them).
    expect(pruned.rateCounters).toBeGreaterThanOrEqual(7);
    const counters = await t.db.query(`SELECT count(*)::int AS n FROM write_rate WHERE user_id = $1`, [user]);
    expect(counters.rows[0].n).toBeGreaterThanOrEqual(2);
    expect(counters.rows[0].n).toBeLessThanOrEqual(3);
    expect(await t.app.get(HousekeepingJob).pruneNow()).toEqual({ loginAttempts: 0, rateCounters: 0 });
  });
});
