import { createPatient, createRegion, login, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { type Installation, type InstallationProcess, startInstallation, startInstallationProcess } from './support/second-installation';

/**
 * Issue 21, "Done when": the receiving installation is an api process of its own, killed with SIGKILL
 * while referrals and steps are in flight in both directions, and started again; every message
 * arrives once, in order per referral, and both ends agree.
 */
describe("Federation: the receiving installation's process killed mid-stream (issue 21)", () => {
  let a: Installation;
  let b: InstallationProcess;
  let ra: TestRegion;
  let rb: TestRegion;

  beforeAll(async () => {
    [a, b] = await Promise.all([startInstallation(), startInstallationProcess()]);
    ra = await createRegion(a.db, 'PA');
    rb = await createRegion(b.db, 'PB');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('#21.4: SIGKILL of the receiver mid-stream loses and duplicates nothing, in either direction', async () => {
    const [adminA, nurseA] = [await login(a as never, ra.users.admin.username), await login(a as never, ra.users.nurse.username)];
    const [adminB, specB] = [await login(b as never, rb.users.admin.username), await login(b as never, rb.users.specialist.username)];
    const partner = (i: Installation | InstallationProcess, token: string, name: string, baseUrl: string) =>
      i.http('POST', '/federation/partners', { token, body: { name, baseUrl } });
    expect((await partner(a, adminA, 'Region PB', b.baseUrl)).status).toBe(201);
    expect((await partner(b, adminB, 'Region PA', a.baseUrl)).status).toBe(201);
    const service = await b.http('POST', '/federation/services', {
      token: adminB,
      body: { title: 'Reumatologisk bedömning', specialty: 'rheumatology', pathwayKey: JOINT, turnaroundDays: 14, pricePerReferral: 900 },
    });
    expect(service.status).toBe(201);
    expect((await a.http('GET', '/federation/offers', { token: nurseA })).body).toHaveLength(1);

    const refer = async () => {
      const p = await createPatient(a as never, nurseA, ra.centres.main);
      const body = { serviceId: service.body.id, patientId: p.id, answers: jointAnswers() };
      const res = await a.http('POST', '/referrals', { token: nurseA, body });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await refer());
    // Accept the first ones at B, so steps flow back to A while B dies.
    const until = async (what: string, fn: () => Promise<boolean>, ms = 60_000) => {
      const end = Date.now() + ms;
      while (!(await fn())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const count = async (i: { db: Installation['db'] }, sql: string) => (await i.db.query(sql)).rows[0].n as number;
    await until('B to have the first referrals', async () => (await count(b, 'SELECT count(*)::int AS n FROM federation_referral')) >= 3);
    const first = await b.db.query('SELECT id FROM federation_referral ORDER BY sent_at LIMIT 3');
    const firstAtB: string[] = first.rows.map((r: { id: string }) => r.id);
    for (const id of firstAtB) expect((await b.http('POST', `/referrals/${id}/accept`, { token: specB })).status).toBe(200);

    await b.kill();
    for (let i = 0; i < 10; i++) ids.push(await refer());
    const failed = 'SELECT count(*)::int AS n FROM federation_outbox WHERE attempts > 0';
    await until('A to see the deliveries fail', async () => (await count(a, failed)) > 0);
    const waiting = (await a.http('GET', '/federation/outbox', { token: adminA })).body[0];
    expect(waiting.waiting).toBeGreaterThanOrEqual(1);

    await b.start();
    await a.http('POST', '/federation/outbox/retry', { token: adminA, body: {} });
    await b.http('POST', '/federation/outbox/retry', { token: adminB, body: {} });
    await until(
      'every referral received at both ends',
      async () => {
        const atA = await a.db.query(`SELECT count(*)::int AS n FROM federation_referral WHERE status IN ('received', 'accepted')`);
        const pendingA = await a.db.query(`SELECT count(*)::int AS n FROM federation_outbox WHERE delivered_at IS NULL`);
        const pendingB = await b.db.query(`SELECT count(*)::int AS n FROM federation_outbox WHERE delivered_at IS NULL`);
        return atA.rows[0].n === ids.length && pendingA.rows[0].n === 0 && pendingB.rows[0].n === 0;
      },
      90_000,
    );

    const atB = await b.db.query(`SELECT id, status FROM federation_referral ORDER BY id`);
    expect(atB.rows.map((r: { id: string }) => r.id)).toEqual([...ids].sort());
    const atA = await a.db.query(`SELECT id, status FROM federation_referral ORDER BY id`);
    expect(atA.rows).toEqual(atB.rows);
    const accepted = atA.rows.filter((r: { status: string }) => r.status === 'accepted').map((r: { id: string }) => r.id);
    expect(accepted.sort()).toEqual([...firstAtB].sort());
    // Exactly once at each receiver: one stored message id per message sent.
    const sentByA = (await a.db.query(`SELECT count(*)::int AS n FROM federation_outbox`)).rows[0].n;
    const takenByB = (await b.db.query(`SELECT count(*)::int AS n FROM federation_inbound`)).rows[0].n;
    const sentByB = (await b.db.query(`SELECT count(*)::int AS n FROM federation_outbox`)).rows[0].n;
    const takenByA = (await a.db.query(`SELECT count(*)::int AS n FROM federation_inbound`)).rows[0].n;
    // (B's messages include the news of its new service: B had registered A before offering it.)
    expect([takenByB, takenByA]).toEqual([sentByA, sentByB]);
  }, 240_000);
});
