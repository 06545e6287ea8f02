import { type Notice, NOTICE_SENDER, NoticeDeliveryWorker, type NoticeSender } from '@app/scheduling';
import { createPatient, createRegion, login } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Patient-notice delivery (issue 15, #14) on two api instances over one PostgreSQL: notices are claimed
 * with a lease in a short statement, sent with no transaction open, and marked afterwards. The SMS
 * gateway is the only stand-in: each instance's sender is observed (and slowed, hung or failed) with
 * jest.spyOn; the database, the workers and /metrics are the real ones.
 */
describe('Patient notice delivery with a lease (two instances, real PostgreSQL)', () => {
  let a: TestApp;
  let b: TestApp;
  let patientId: string;
  const worker = (t: TestApp) => t.app.get(NoticeDeliveryWorker);
  const sender = (t: TestApp) => t.app.get<NoticeSender>(NOTICE_SENDER);

  const enqueue = async (n: number, attempts = 0): Promise<string[]> =>
    (
      await a.db.query(
        `INSERT INTO notice_outbox (patient_id, kind, channel, recipient, body, attempts)
         SELECT $1, 'booked', 'letter', NULL, 'Hej! Du har fått en tid.', $3 FROM generate_series(1, $2) RETURNING id`,
        [patientId, n, attempts],
      )
    ).rows.map((r) => String(r.id));
  const rows = async (ids: string[]) =>
    (
      await a.db.query(
        `SELECT id::text, status, attempts, lease_until, lease_token, last_error,
                next_attempt_at > now() + interval '5 seconds' AS backed_off
           FROM notice_outbox WHERE id = ANY($1::bigint[]) ORDER BY id`,
        [ids],
      )
    ).rows;

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ databaseUrl: a.databaseUrl });
    // Their own 2-second timers stay off: the test drives both workers.
    await Promise.all([worker(a).onApplicationShutdown(), worker(b).onApplicationShutdown()]);
    const region = await createRegion(a.db, 'NT');
    patientId = (await createPatient(a, await login(a, region.users.nurse.username), region.centres.main)).id;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await a.db.query(`UPDATE notice_outbox SET status = 'sent', lease_until = NULL, lease_token = NULL WHERE status = 'pending'`);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("#15.14: two instances' workers, each running twice at once, send every notice exactly once", async () => {
    const ids = await enqueue(40);
    const sent: string[] = [];
    for (const t of [a, b]) {
      jest.spyOn(sender(t), 'send').mockImplementation(async (n: Notice) => {
        sent.push(n.id);
        await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
      });
    }
    const handled = await Promise.all([a, b, a, b].map((app) => worker(app).deliverDue(100)));
    expect(handled.reduce((x, y) => x + y, 0)).toBe(40);
    expect(sent.map(String).sort()).toEqual([...ids].sort());
    expect((await rows(ids)).every((r) => r.status === 'sent' && r.attempts === 1 && r.lease_until === null)).toBe(true);
    // Both instances took part.
    expect(jest.mocked(sender(a).send).mock.calls.length).toBeGreaterThan(0);
    expect(jest.mocked(sender(b).send).mock.calls.length).toBeGreaterThan(0);
  });

  it('#15.14: a hanging sender holds no transaction or row lock open, its lease keeps the other instance off, it times out', async () => {
    const [id] = await enqueue(1);
    let started!: () => void;
    const inSend = new Promise<void>((r) => (started = r));
    jest.spyOn(sender(a), 'send').mockImplementation(() => {
      started();
      return new Promise<void>(() => undefined); // the gateway never answers
    });
    const bSend = jest.spyOn(sender(b), 'send');
    worker(a).sendTimeoutMs = 1500;
    try {
      const delivering = worker(a).deliverDue(10);
      await inSend;
      const activity = await a.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      );
      expect(activity.rows[0].n).toBe(0);
      // The row is not locked: another session takes its lock at once.
      await expect(a.db.query(`SELECT id FROM notice_outbox WHERE id = $1 FOR UPDATE NOWAIT`, [id])).resolves.toBeDefined();
      const [leased] = await rows([id!]);
      expect(leased).toMatchObject({ status: 'pending', attempts: 1 });
      expect(leased.lease_until.getTime()).toBeGreaterThan(Date.now() + 30_000);
      // The other instance leaves a leased notice alone.
      expect(await worker(b).deliverDue(10)).toBe(0);
      expect(bSend).not.toHaveBeenCalled();
      expect(await delivering).toBe(1);
    } finally {
      worker(a).sendTimeoutMs = 50_000;
    }
    const [after] = await rows([id!]);
    expect(after).toMatchObject({ status: 'pending', attempts: 1, lease_until: null, lease_token: null, backed_off: true });
    expect(after.last_error).toMatch(/timed out/);
  });

  it("#15.14: a crashed worker's notice is claimed again once its lease has expired, not before", async () => {
    const [expired, live] = await enqueue(2, 1);
    const lease = (id: string | undefined, until: string) =>
      a.db.query(`UPDATE notice_outbox SET lease_until = now() + $2::interval, lease_token = gen_random_uuid() WHERE id = $1`, [id, until]);
    await lease(expired, '-1 second');
    await lease(live, '1 minute');
    const sent: string[] = [];
    jest.spyOn(sender(b), 'send').mockImplementation(async (n: Notice) => void sent.push(String(n.id)));
    expect(await worker(b).deliverDue(10)).toBe(1);
    expect(sent).toEqual([expired]);
    expect(await rows([expired!, live!])).toEqual([
      expect.objectContaining({ id: expired, status: 'sent', attempts: 2, lease_until: null }),
      expect.objectContaining({ id: live, status: 'pending', attempts: 1, lease_until: expect.any(Date) }),
    ]);
  });

  it('#15.14: failures are retried with a back-off, given up after the last attempt, and counted in /metrics', async () => {
    const metric = async (name: string) => {
      const text = await (await fetch(`${a.baseUrl}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(name));
      return line ? Number(line.split(' ').pop()) : undefined;
    };
    const retriedBefore = (await metric('patient_notice_deliveries_total{outcome="retried"}')) ?? 0;
    const sentBefore = (await metric('patient_notice_deliveries_total{outcome="sent"}')) ?? 0;
    const [first] = await enqueue(1, 0);
    const [last] = await enqueue(1, 5);
    jest.spyOn(sender(a), 'send').mockRejectedValue(new Error('gateway down'));
    expect(await worker(a).deliverDue(10)).toBe(2);
    expect(await rows([first!, last!])).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 1, last_error: 'gateway down', backed_off: true, lease_until: null }),
      expect.objectContaining({ status: 'failed', attempts: 6, last_error: 'gateway down', lease_until: null }),
    ]);
    // Backed off: not due again yet.
    expect(await worker(a).deliverDue(10)).toBe(0);
    expect(await metric('patient_notice_deliveries_total{outcome="failed"}')).toBe(1);
    expect(await metric('patient_notice_deliveries_total{outcome="retried"}')).toBe(retriedBefore + 1);
    expect(await metric('patient_notice_deliveries_total{outcome="sent"}')).toBe(sentBefore);
    expect(await metric('patient_notices_undelivered{status="failed"}')).toBe(1);
  });
});
