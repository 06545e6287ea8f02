import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { hashPassword } from '@app/identity';
import { createRegion, login, loginAll, TEST_PASSWORD, type TestRegion } from './support/factories';
import { JOINT } from './support/joint-answers';
import { collect, connected, connectRealtime, nextEvent } from './support/sockets';
import { triageCase } from './support/cases';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * What the screens hear when a booking moves (issue 16, #2): a reschedule to another specialist's
 * session tells both specialists and the centre that the visit changed, not only the centre that the
 * case did; and the calendar of many sessions is read in a fixed number of queries.
 */
describe('Scheduling announcements and the calendar read (HTTP, socket.io, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  const tok: Record<string, string> = {};
  let second: { id: string; token: string };
  let day = 30;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'EV');
    Object.assign(tok, await loginAll(t, a));
    const { rows } = await t.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id)
       VALUES ('specialist2.ev', 'Andra specialisten', $1, 'specialist', $2, $3) RETURNING id`,
      [await hashPassword(TEST_PASSWORD), a.id, a.clinicId],
    );
    second = { id: rows[0].id, token: await login(t, 'specialist2.ev') };
  });
  afterAll(() => t.close());

  const session = async (specialistId: string) => {
    const date = new Date(Date.now() + day++ * 86_400_000).toISOString().slice(0, 10);
    const res = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: { specialistId, healthCentreId: a.centres.main, start: `${date}T09:00`, end: `${date}T11:00`, slotMinutes: 30, mode: 'remote' },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; slots: Array<{ id: string }> };
  };
  const openCase = async () => (await triageCase(t, tok.nurse!, a.centres.main)).caseId;

  it('tells both specialists, the centre and the visit that a rescheduled visit moved', async () => {
    const from = await session(a.users.specialist.id);
    const to = await session(second.id);
    const caseId = await openCase();
    const booked = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: from.slots[0]!.id } });
    expect(booked.status).toBe(201);
    const sockets = [
      connectRealtime(t.baseUrl, tok.specialist),
      connectRealtime(t.baseUrl, second.token),
      connectRealtime(t.baseUrl, tok.nurse),
    ];
    const unrelated = connectRealtime(t.baseUrl, tok.otherNurse);
    try {
      await Promise.all([...sockets, unrelated].map(connected));
      const heardByUnrelated = collect(unrelated, 'visit.updated');
      const heard = sockets.map((s) => nextEvent(s, 'visit.updated', (p: { visitId: string }) => p.visitId === booked.body.visitId));
      const moved = await t.http('POST', `/bookings/${booked.body.id}/reschedule`, { token: tok.nurse, body: { slotId: to.slots[1]!.id } });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ id: booked.body.id, slotId: to.slots[1]!.id, caseId, status: 'active' });
      for (const payload of await Promise.all(heard)) {
        expect(payload).toEqual({ visitId: booked.body.visitId, status: 'scheduled', healthCentreId: a.centres.main, caseId });
      }
      // The other centre's nurse hears nothing of it.
      await new Promise((r) => setTimeout(r, 200));
      expect(heardByUnrelated).toEqual([]);
      const visit = await t.db.query('SELECT specialist_id FROM visit WHERE id = $1', [booked.body.visitId]);
      expect(visit.rows[0].specialist_id).toBe(second.id);
    } finally {
      for (const s of [...sockets, unrelated]) s.close();
    }
  });

  it("offers and books a case only with a specialist of its pathway's specialty (a skin doctor never gets a joint case)", async () => {
    // The second specialist becomes a dermatologist only: the joint pathway names rheumatology.
    await t.db.query(`SELECT 1 FROM specialty WHERE key = 'dermatology'`);
    await t.db.query(`UPDATE user_specialty SET specialty_key = 'dermatology' WHERE user_id = $1`, [second.id]);
    try {
      const hers = await session(second.id);
      const his = await session(a.users.specialist.id);
      const free = await t.http('GET', `/slots?healthCentreId=${a.centres.main}&free=true&pathwayKey=${JOINT}`, { token: tok.nurse });
      expect(free.status).toBe(200);
      const offered = new Set(free.body.map((s: { sessionId: string }) => s.sessionId));
      expect(offered.has(his.id)).toBe(true);
      expect(offered.has(hers.id)).toBe(false);
      const refused = await t.http('POST', '/bookings', {
        token: tok.nurse,
        body: { caseId: await openCase(), slotId: hers.slots[0]!.id },
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'slot_other_specialty', details: [{ field: 'slotId', code: 'invalid' }] });
      const auto = await t.http('POST', '/scheduling/auto', {
        token: tok.admin,
        body: { pathwayKey: JOINT, from: new Date().toISOString(), to: new Date(Date.now() + 90 * 86_400_000).toISOString(), dryRun: true },
      });
      expect(auto.status).toBe(200);
      const hersSlots = new Set(hers.slots.map((x) => x.id));
      expect(auto.body.assignments.filter((x: { slotId: string }) => hersSlots.has(x.slotId))).toEqual([]);
      expect(auto.body.assignments.length).toBeGreaterThan(0);
    } finally {
      await t.db.query(`UPDATE user_specialty SET specialty_key = 'rheumatology' WHERE user_id = $1`, [second.id]);
    }
  });

  it('reads a calendar of many sessions with their slots and bookings in a fixed number of queries', async () => {
    const planned = [];
    for (let i = 0; i < 6; i++) planned.push(await session(i % 2 ? second.id : a.users.specialist.id));
    const caseId = await openCase();
    expect((await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: planned[0]!.slots[3]!.id } })).status).toBe(201);
    // Every statement the api sends during one calendar read, counted at TypeORM's PostgreSQL query runner.
    const queriesFor = async (to: Date) => {
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        const res = await t.http(
          'GET',
          `/clinic-sessions?healthCentreId=${a.centres.main}&from=${first.toISOString()}&to=${to.toISOString()}`,
          {
            token: tok.admin,
          },
        );
        expect(res.status).toBe(200);
        return { res, queries: spy.mock.calls.length };
      } finally {
        spy.mockRestore();
      }
    };
    // Both reads see the one booking (its patient is named in the audit row), one two sessions, the other six.
    const first = new Date(Date.now() + (day - 6) * 86_400_000 - 86_400_000);
    const two = await queriesFor(new Date(first.getTime() + 3 * 86_400_000));
    const { res, queries } = await queriesFor(new Date(first.getTime() + 8 * 86_400_000));
    expect(two.res.body.length).toBeLessThan(res.body.length);
    expect(queries).toBe(two.queries);
    const ids = planned.map((s) => s.id);
    const seen = res.body.filter((s: { id: string }) => ids.includes(s.id));
    expect(seen.map((s: { id: string }) => s.id)).toEqual(ids);
    expect(seen.map((s: { slots: unknown[] }) => s.slots.length)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(seen[0].slots[3].booking).toMatchObject({ caseId });
    expect(seen.flatMap((s: { slots: Array<{ booking?: unknown }> }) => s.slots.filter((x) => x.booking))).toHaveLength(1);
  });
});
