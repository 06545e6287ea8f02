import { randomUUID } from 'node:crypto';
import { createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { earlyInAMinute } from './support/clock-minute';
import { createTestApp, type TestApp } from './support/test-app';

const daysAhead = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('List reads: one audit row per list, bounded ranges, limits of their own (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let r: TestRegion;
  let tok: Record<string, string>;
  const patients: string[] = [];
  const cases: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    r = await createRegion(t.db, 'LR');
    tok = await loginAll(t, r);
    const date = daysAhead(5);
    const session = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: r.users.specialist.id,
        healthCentreId: r.centres.main,
        start: `${date}T09:00`,
        end: `${date}T11:00`,
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    expect(session.status).toBe(201);
    // Three booked cases (with an answer each), and a fourth left in the queue.
    for (let i = 0; i < 4; i++) {
      const p = await createPatient(t, tok.nurse!, r.centres.main);
      const c = await t.http('POST', '/triage-cases', {
        token: tok.nurse,
        body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(c.status).toBe(201);
      patients.push(p.id);
      cases.push(c.body.id);
      if (i === 3) break;
      const booking = await t.http('POST', '/bookings', {
        token: tok.nurse,
        body: { caseId: c.body.id, slotId: session.body.slots[i].id },
      });
      expect(booking.status).toBe(201);
      // An answer in the inbox (a visit that has taken place is not needed for the read).
      await t.db.query(
        `INSERT INTO visit_outcome (visit_id, case_id, health_centre_id, author_id, summary, plan) VALUES ($1, $2, $3, $4, 'Artros', 'discharged')`,
        [booking.body.visitId, c.body.id, r.centres.main, r.users.specialist.id],
      );
    }
  }, 60_000);
  afterAll(() => t.close());

  /** The audit rows a request writes, as (resource type, patient, detail). */
  async function auditOf(send: () => Promise<{ status: number }>) {
    const [{ max }] = (await t.db.query('SELECT coalesce(max(id), 0) AS max FROM audit_event')).rows;
    const res = await send();
    expect(res.status).toBe(200);
    const { rows } = await t.db.query(
      `SELECT resource_type, resource_id, patient_id, action, actor_user_id, detail FROM audit_event WHERE id > $1 ORDER BY id`,
      [max],
    );
    return rows;
  }

  it("#15.7: audits the calendar, the case list, the queue, the day's visits and the inbox as one row each, naming the patients", async () => {
    const reads: Array<[string, string, () => Promise<{ status: number }>]> = [
      [
        'calendar',
        tok.admin!,
        () => t.http('GET', `/clinic-sessions?from=${daysAhead(4)}T00:00&to=${daysAhead(6)}T00:00`, { token: tok.admin }),
      ],
      ['cases', tok.nurse!, () => t.http('GET', '/triage-cases', { token: tok.nurse })],
      [
        'queue',
        tok.specialist!,
        () => t.http('GET', `/queue?pathwayKey=${JOINT}&healthCentreId=${r.centres.main}`, { token: tok.specialist }),
      ],
      ['visits', tok.nurse!, () => t.http('GET', `/visits?date=${daysAhead(5)}`, { token: tok.nurse })],
      ['inbox', tok.nurse!, () => t.http('GET', '/inbox', { token: tok.nurse })],
    ];
    for (const [list, , send] of reads) {
      const rows = await auditOf(send);
      expect([list, rows.length]).toEqual([list, 1]);
      expect(rows[0]).toMatchObject({ action: 'read', resource_id: null, patient_id: null, detail: expect.objectContaining({ list }) });
      // The booked cases left the queue; every other list shows the three booked patients.
      const expected = list === 'queue' ? patients.slice(3) : patients.slice(0, 3);
      expect([...rows[0].detail.patientIds].sort()).toEqual(expect.arrayContaining([...expected].sort()));
      expect(rows[0].detail.count).toBe(rows[0].detail.ids.length);
    }
    // A patient's audit trail finds the list reads that showed her.
    const trail = await t.http('GET', `/audit-events?patientId=${patients[0]}`, { token: tok.admin });
    expect(trail.body.map((e: { detail: { list?: string } | null }) => e.detail?.list).filter(Boolean)).toEqual(
      expect.arrayContaining(['calendar', 'cases', 'visits', 'inbox']),
    );
  });

  it("#15.7: bounds the calendar's range (400 naming the field) and the page sizes, and changes nothing", async () => {
    const [{ n: before }] = (await t.db.query('SELECT count(*)::int AS n FROM audit_event')).rows;
    const century = await t.http('GET', '/clinic-sessions?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z', { token: tok.admin });
    expect(century.status).toBe(400);
    expect(century.body.details).toEqual([expect.objectContaining({ field: 'to', reason: expect.stringContaining('366 days') })]);
    const backwards = await t.http('GET', `/slots?from=${daysAhead(9)}T00:00&to=${daysAhead(2)}T00:00`, { token: tok.nurse });
    expect(backwards.status).toBe(400);
    expect(backwards.body.details).toEqual([expect.objectContaining({ field: 'to' })]);
    for (const path of ['/triage-cases?limit=501', `/queue?pathwayKey=${JOINT}&limit=100000`, '/audit-events?limit=5000']) {
      const res = await t.http('GET', path, { token: path.startsWith('/audit') ? tok.admin : tok.specialist });
      expect([path, res.status, res.body.details?.[0]?.field]).toEqual([path, 400, 'limit']);
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM audit_event')).rows[0].n).toBe(before);
  });

  describe('with the production limits', () => {
    let prod: TestApp;
    let strict: TestApp;
    beforeAll(async () => {
      // The defaults of production: 120 changes, 1 200 previews and 600 list reads per user and minute.
      prod = await createTestApp({
        databaseUrl: t.databaseUrl,
        env: { WRITE_RATE_PER_MINUTE: '120', PREVIEW_RATE_PER_MINUTE: '1200', READ_RATE_PER_MINUTE: '600' },
      });
      strict = await createTestApp({
        databaseUrl: t.databaseUrl,
        env: { WRITE_RATE_PER_MINUTE: '120', PREVIEW_RATE_PER_MINUTE: '4', READ_RATE_PER_MINUTE: '3' },
      });
    });
    afterAll(async () => {
      await strict?.close();
      await prod?.close();
    });

    it('#15.8: lets a nurse preview 200 times a minute (over the 120 changes) with her changes still counted apart', async () => {
      await earlyInAMinute();
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, (_, j) =>
            prod.http('POST', `/pathways/${JOINT}/evaluate`, {
              token: tok.otherNurse,
              body: { answers: jointAnswers({ swollen_joint_count: (i + j) % 5 }) },
            }),
          ),
        );
        statuses.push(...batch.map((b) => b.status));
      }
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      // Changes have their own count: the previews used none of it.
      const [{ writes }] = (
        await t.db.query(
          `SELECT coalesce(sum(writes) FILTER (WHERE kind = 'write'), 0)::int AS writes FROM write_rate WHERE user_id = $1`,
          [r.users.otherNurse.id],
        )
      ).rows;
      expect(writes).toBe(0);
    });

    it('#15.8: still refuses previews past their own limit with 429 and Retry-After', async () => {
      await earlyInAMinute();
      const statuses = [];
      for (let i = 0; i < 6; i++)
        statuses.push(await strict.http('POST', `/pathways/${JOINT}/evaluate`, { token: tok.nurse, body: { answers: jointAnswers() } }));
      expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 200, 429, 429]);
      expect(statuses[4]!.body.message).toMatch(/4 previews a minute/);
      expect(Number(statuses[4]!.headers.get('retry-after'))).toBeGreaterThan(0);
      // A change is not a preview: still allowed.
      expect(
        (
          await strict.http('POST', '/patients', {
            token: tok.nurse,
            body: { personnummer: '19121212-1212', name: 'Tolvan Tolvansson', healthCentreId: r.centres.main },
          })
        ).status,
      ).not.toBe(429);
    });

    it('#15.7: counts expensive list reads against a limit of their own, not cheap reads', async () => {
      // A user who has read no list yet this minute.
      const fresh = (await loginAll(t, await createRegion(t.db, 'LS'))).specialist!;
      await earlyInAMinute();
      const lists = [];
      for (let i = 0; i < 4; i++) lists.push((await strict.http('GET', '/triage-cases', { token: fresh })).status);
      expect(lists).toEqual([200, 200, 200, 429]);
      const refused = await strict.http('GET', `/clinic-sessions`, { token: fresh });
      expect(refused.status).toBe(429);
      expect(refused.body.message).toMatch(/3 list reads a minute/);
      expect((await strict.http('GET', '/health-centres', { token: fresh })).status).toBe(200);
      expect((await strict.http('GET', '/auth/me', { token: fresh })).status).toBe(200);
    });
  });
});
