import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { NoticeDeliveryWorker, ReminderJob } from '@app/scheduling';
import { VisitsService } from '@app/visits';
import { createPatient, createRegion, login, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { connected, connectRealtime, nextEvent } from './support/sockets';
import { createTestApp, createTestDatabase, type TestApp } from './support/test-app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers; a user's machine may have none, and then this suite says so and skips. */
async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.write('PING\r\n');
    });
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe("Two api instances on one PostgreSQL and the machine's Redis", () => {
  let a: TestApp;
  let b: TestApp;
  let region: TestRegion;
  let skip = false;

  beforeAll(async () => {
    if (!(await redisAnswers(REDIS_URL))) {
      skip = true;
      console.warn(`Two-instance tests SKIPPED: no Redis answers at ${REDIS_URL} (start one or set REDIS_URL).`);
      return;
    }
    const databaseUrl = await createTestDatabase();
    a = await createTestApp({ databaseUrl, env: { REDIS_URL } });
    b = await createTestApp({ databaseUrl, env: { REDIS_URL } });
    region = await createRegion(a.db, 'TI');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('delivers queue.updated for a submission through instance A to a socket on instance B', async () => {
    if (skip) return;
    const specialistOnB = connectRealtime(b.baseUrl, await login(b, region.users.specialist.username));
    const greeted = nextEvent(specialistOnB, 'queue.updated', (e) => e.reason === 'connected');
    await connected(specialistOnB);
    await greeted;
    const nurse = await login(a, region.users.nurse.username);
    const p = await createPatient(a, nurse, region.centres.main);
    const arrival = nextEvent(specialistOnB, 'queue.updated', (e) => e.reason === 'submitted');
    const res = await a.http('POST', '/triage-cases', {
      token: nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
    });
    expect(res.status).toBe(201);
    expect(await arrival).toMatchObject({ caseId: res.body.id });
    specialistOnB.close();
  });

  it('runs a job that is due once exactly once with both instances up', async () => {
    if (skip) return;
    const admin = await login(a, region.users.admin.username);
    const nurse = await login(a, region.users.nurse.username);
    // A visit booked through instance A in a 30-minute session starting `hoursAhead` from now.
    const bookVisit = async (hoursAhead: number) => {
      const start = new Date(Date.now() + hoursAhead * 3600_000);
      const session = await a.http('POST', '/clinic-sessions', {
        token: admin,
        body: {
          specialistId: region.users.specialist.id,
          healthCentreId: region.centres.main,
          start: start.toISOString(),
          end: new Date(start.getTime() + 1800_000).toISOString(),
          slotMinutes: 30,
          mode: 'remote',
        },
      });
      const p = await createPatient(a, nurse, region.centres.main);
      const c = await a.http('POST', '/triage-cases', {
        token: nurse,
        headers: { 'idempotency-key': randomUUID() },
        body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      });
      const booking = await a.http('POST', '/bookings', { token: nurse, body: { caseId: c.body.id, slotId: session.body.slots[0].id } });
      return { visitId: booking.body.visitId as string, bookingId: booking.body.id as string, slotId: session.body.slots[0].id as string };
    };
    const visits: string[] = [];
    for (let i = 0; i < 4; i++) {
      const v = await bookVisit(i + 1);
      visits.push(v.visitId);
      await a.db.query(
        `UPDATE slot SET start_at = now() - interval '4 hours' - make_interval(mins => $2), end_at = now() - interval '3 hours' - make_interval(mins => $2) WHERE id = $1`,
        [v.slotId, i * 40],
      );
    }
    const [fromA, fromB] = await Promise.all([a.app.get(VisitsService).sweepNoShows(), b.app.get(VisitsService).sweepNoShows()]);
    expect(fromA + fromB).toBe(4);
    const audits = await a.db.query(
      `SELECT resource_id, count(*)::int AS n FROM audit_event WHERE reason = 'no-show: nobody joined' AND resource_id = ANY($1) GROUP BY 1`,
      [visits],
    );
    expect(audits.rows.map((r) => r.n)).toEqual([1, 1, 1, 1]);

    // Reminders for visits tomorrow, run by both instances at once: one per visit.
    const tomorrow: string[] = [];
    for (let i = 0; i < 3; i++) {
      const v = await bookVisit(10 + i);
      // Booked two days ago, so a reminder is due (a booking made inside the window gets none).
      await a.db.query(`UPDATE booking SET created_at = now() - interval '2 days' WHERE id = $1`, [v.bookingId]);
      tomorrow.push(v.visitId);
    }
    const [remindedA, remindedB] = await Promise.all([a.app.get(ReminderJob).sendDue(), b.app.get(ReminderJob).sendDue()]);
    // (Each instance's own timer may have taken some first.)
    expect(remindedA + remindedB).toBeLessThanOrEqual(3);
    expect(await Promise.all([a.app.get(ReminderJob).sendDue(), b.app.get(ReminderJob).sendDue()])).toEqual([0, 0]);
    const reminders = await a.db.query(`SELECT body FROM notice_outbox WHERE kind = 'reminder'`);
    expect(reminders.rows).toHaveLength(3);
    expect(
      (await a.db.query(`SELECT count(*)::int AS n FROM visit WHERE id = ANY($1) AND reminded_at IS NOT NULL`, [tomorrow])).rows[0].n,
    ).toBe(3);
    expect(reminders.rows[0].body).toMatch(/^Hej .*! Påminnelse: du har videobesök med specialistläkare /);

    // The notices of those bookings and cancellations, delivered by both workers at once (and by their
    // own 2-second timers, which may have taken some already): each exactly once.
    const [sentA, sentB] = await Promise.all([
      a.app.get(NoticeDeliveryWorker).deliverDue(100),
      b.app.get(NoticeDeliveryWorker).deliverDue(100),
    ]);
    const rows = (await a.db.query(`SELECT status, attempts FROM notice_outbox`)).rows;
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(sentA + sentB).toBeLessThanOrEqual(rows.length);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
