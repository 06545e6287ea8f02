import { randomUUID } from 'node:crypto';
import { NoticeDeliveryWorker } from '@app/scheduling';
import { createPatient, createRegion, goLive, loginAll, type TestRegion } from './support/factories';
import { publishDraft } from './support/pathway-drafts';
import { goutPathway } from './support/gout-pathway';
import { JOINT, jointAnswers } from './support/joint-answers';
import { triageCase } from './support/cases';
import { createTestApp, type TestApp } from './support/test-app';

/** A date N days ahead, as YYYY-MM-DD, on a weekday-agnostic calendar. */
function daysAhead(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

describe('Scheduling: sessions, slots, bookings and notices (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  const tok: Record<string, string> = {};
  let dayOffset = 10;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'SA');
    Object.assign(tok, await loginAll(t, a));
  });
  afterAll(() => t.close());

  const session = async (overrides: Record<string, unknown> = {}) => {
    const date = daysAhead(dayOffset++);
    return t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: a.users.specialist.id,
        healthCentreId: a.centres.main,
        start: `${date}T09:00`,
        end: `${date}T12:00`,
        slotMinutes: 30,
        mode: 'remote',
        ...overrides,
      },
    });
  };
  const openCase = async (answers?: Record<string, unknown>) => (await triageCase(t, tok.nurse!, a.centres.main, answers)).caseId;
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].count);

  describe('clinic sessions', () => {
    it('cuts a session into slots, shown in Stockholm time', async () => {
      const res = await session();
      expect(res.status).toBe(201);
      expect(res.body.slots).toHaveLength(6);
      expect(res.body.startLocal).toMatch(/T09:00:00\+0[12]:00$/);
      expect(res.body.slots[5].startLocal).toMatch(/T11:30:00\+0[12]:00$/);
    });

    it('lets a specialist plan her own sessions only, and nurses none', async () => {
      const other = await t.db.query(
        `INSERT INTO app_user (username, display_name, role, region_id, clinic_id) VALUES ('spec2.sa', 'Spec 2', 'specialist', $1, $2) RETURNING id`,
        [a.id, a.clinicId],
      );
      const date = daysAhead(dayOffset++);
      const body = { healthCentreId: a.centres.other, start: `${date}T13:00`, end: `${date}T15:00`, slotMinutes: 20, mode: 'remote' };
      expect(
        (await t.http('POST', '/clinic-sessions', { token: tok.specialist, body: { ...body, specialistId: other.rows[0].id } })).status,
      ).toBe(403);
      expect(
        (await t.http('POST', '/clinic-sessions', { token: tok.nurse, body: { ...body, specialistId: a.users.specialist.id } })).status,
      ).toBe(403);
      expect(
        (await t.http('POST', '/clinic-sessions', { token: tok.specialist, body: { ...body, specialistId: a.users.specialist.id } }))
          .status,
      ).toBe(201);
    });

    it('refuses overlapping sessions for a specialist and for a room with 409', async () => {
      const first = await session();
      const date = first.body.start.slice(0, 10);
      const again = await t.http('POST', '/clinic-sessions', {
        token: tok.admin,
        body: {
          specialistId: a.users.specialist.id,
          healthCentreId: a.centres.other,
          start: `${date}T11:00`,
          end: `${date}T13:00`,
          slotMinutes: 30,
          mode: 'remote',
        },
      });
      expect(again.status).toBe(409);
      expect(again.body.details[0].field).toBe('specialistId');
      const [{ id: spec3 }] = (
        await t.db.query(
          `INSERT INTO app_user (username, display_name, role, region_id, clinic_id) VALUES ('spec3.sa', 'Spec 3', 'specialist', $1, $2) RETURNING id`,
          [a.id, a.clinicId],
        )
      ).rows;
      const room = await t.http('POST', '/clinic-sessions', {
        token: tok.admin,
        body: {
          specialistId: spec3,
          healthCentreId: a.centres.main,
          start: `${date}T10:00`,
          end: `${date}T10:30`,
          slotMinutes: 30,
          mode: 'remote',
        },
      });
      expect(room.status).toBe(409);
      expect(room.body.details[0].field).toBe('roomId');
      const adjacent = await t.http('POST', '/clinic-sessions', {
        token: tok.admin,
        body: {
          specialistId: spec3,
          healthCentreId: a.centres.main,
          start: `${date}T12:00`,
          end: `${date}T13:00`,
          slotMinutes: 30,
          mode: 'remote',
        },
      });
      expect(adjacent.status).toBe(201);
    });

    it('refuses overlaps in the database itself, with the service bypassed', async () => {
      const first = await session();
      await expect(
        t.db.query(
          `INSERT INTO clinic_session (region_id, specialist_id, health_centre_id, room_id, mode, period, slot_minutes)
           SELECT region_id, specialist_id, $2, (SELECT id FROM health_centre_room WHERE health_centre_id = $2), mode,
                  tstzrange(lower(period) + interval '1 hour', upper(period) + interval '1 hour'), slot_minutes
             FROM clinic_session WHERE id = $1`,
          [first.body.id, a.centres.other],
        ),
      ).rejects.toThrow(/clinic_session_specialist_no_overlap/);
    });

    it('handles the daylight-saving changes (last Sundays of March and October 2027)', async () => {
      const spring = await session({ start: '2027-03-28T09:00', end: '2027-03-28T10:00' });
      expect(spring.status).toBe(201);
      expect(spring.body.start).toBe('2027-03-28T07:00:00.000Z');
      expect(spring.body.startLocal).toBe('2027-03-28T09:00:00+02:00');
      const autumn = await session({ start: '2027-10-31T09:00', end: '2027-10-31T10:00' });
      expect(autumn.body.start).toBe('2027-10-31T08:00:00.000Z');
      expect(autumn.body.startLocal).toBe('2027-10-31T09:00:00+01:00');
      // A night session across the spring change is one real hour shorter than the clock suggests.
      const night = await session({ start: '2027-03-28T01:00', end: '2027-03-28T04:00', healthCentreId: a.centres.other });
      expect(night.body.slots).toHaveLength(4);
      expect(night.body.slots.map((s: { startLocal: string }) => s.startLocal.slice(11, 16))).toEqual(['01:00', '01:30', '03:00', '03:30']);
      const invalid = await session({ start: '2027-03-28T02:30', end: '2027-03-28T05:00' });
      expect(invalid.status).toBe(400);
    });

    it('#15.9: refuses sessions and lists at the ends of the time range with 400 naming the field, not 500', async () => {
      const before = await count('SELECT count(*) FROM clinic_session');
      for (const [start, end] of [
        ['0000-01-01T08:00:00Z', '0000-01-01T09:00:00Z'],
        ['0001-01-01T08:00', '0001-01-01T09:00'],
        ['-000001-06-01T08:00:00Z', '-000001-06-01T09:00:00Z'],
        ['+275760-09-12T08:00:00.000Z', '+275760-09-12T09:00:00.000Z'],
      ]) {
        const res = await session({ start, end });
        expect([start, res.status]).toEqual([start, 400]);
        expect(res.body.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ field: 'start', reason: expect.stringContaining('1900') })]),
        );
      }
      expect(await count('SELECT count(*) FROM clinic_session')).toBe(before);
      for (const query of ['from=0000-01-01T00:00:00Z', 'to=%2B275760-09-12T00:00:00.000Z', 'from=0001-01-01T00:00']) {
        const res = await t.http('GET', `/clinic-sessions?${query}`, { token: tok.admin });
        expect(res.status).toBe(400);
      }
      // A `to` alone before the default start once made an empty range: a 500.
      expect((await t.http('GET', '/clinic-sessions?to=2020-01-01T00:00:00Z', { token: tok.admin })).status).toBe(200);
      const neighbour = await t.http('POST', `/health-centres/${a.centres.main}/neighbours`, {
        token: tok.admin,
        body: { healthCentreId: a.centres.other, roadKm: 1e-300 },
      });
      expect(neighbour.status).toBe(400);
      expect(neighbour.body.details).toEqual([expect.objectContaining({ field: 'roadKm' })]);
    });
  });

  describe('bookings', () => {
    it('gives one 201 and 49 409 for 50 concurrent bookings of one slot, with one row', async () => {
      const s = await session();
      const slotId = s.body.slots[0].id;
      const cases = [];
      for (let i = 0; i < 50; i++) cases.push(await openCase());
      const results = await Promise.all(cases.map((caseId) => t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId } })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(49);
      expect(await count(`SELECT count(*) FROM booking WHERE slot_id = $1`, [slotId])).toBe(1);
      expect(
        await count(`SELECT count(*) FROM notice_outbox WHERE patient_id IN (SELECT patient_id FROM triage_case WHERE id = ANY($1))`, [
          cases,
        ]),
      ).toBe(1);
    });

    it('books a case once, frees the slot on cancel and puts the case back at its rank', async () => {
      const s = await session();
      const caseId = await openCase(jointAnswers({ systemic_features: true }));
      const queueBefore = await t.http('GET', `/queue?pathwayKey=${JOINT}&limit=500`, { token: tok.specialist });
      const rankBefore = queueBefore.body.items.findIndex((i: { caseId: string }) => i.caseId === caseId);
      const booked = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: s.body.slots[1].id } });
      expect(booked.status).toBe(201);
      expect(booked.body).toMatchObject({ caseId, slotId: s.body.slots[1].id, visitId: expect.any(String) });
      expect((await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: s.body.slots[2].id } })).status).toBe(409);
      const free = await t.http('GET', `/slots?healthCentreId=${a.centres.main}&free=true&from=${s.body.start}&to=${s.body.end}`, {
        token: tok.nurse,
      });
      expect(free.body.map((x: { id: string }) => x.id)).not.toContain(s.body.slots[1].id);
      const cancel = await t.http('POST', `/bookings/${booked.body.id}/cancel`, { token: tok.nurse, body: { reason: 'Patienten sjuk' } });
      expect(cancel.status).toBe(200);
      const freeAgain = await t.http('GET', `/slots?healthCentreId=${a.centres.main}&free=true&from=${s.body.start}&to=${s.body.end}`, {
        token: tok.nurse,
      });
      expect(freeAgain.body.map((x: { id: string }) => x.id)).toContain(s.body.slots[1].id);
      const queueAfter = await t.http('GET', `/queue?pathwayKey=${JOINT}&limit=500`, { token: tok.specialist });
      expect(queueAfter.body.items.findIndex((i: { caseId: string }) => i.caseId === caseId)).toBe(rankBefore);
    });

    it("refuses a slot at another health centre and another centre's nurse", async () => {
      const s = await session({ healthCentreId: a.centres.other });
      const caseId = await openCase();
      const res = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: s.body.slots[0].id } });
      expect(res.status).toBe(422);
      expect((await t.http('POST', '/bookings', { token: tok.otherNurse, body: { caseId, slotId: s.body.slots[0].id } })).status).toBe(404);
    });

    it('reschedules atomically under a concurrent booking of the target slot', async () => {
      for (let round = 0; round < 5; round++) {
        const s = await session();
        const moving = await openCase();
        const competitor = await openCase();
        const booked = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: moving, slotId: s.body.slots[0].id } });
        const target = s.body.slots[3].id;
        const [move, other] = await Promise.all([
          t.http('POST', `/bookings/${booked.body.id}/reschedule`, { token: tok.nurse, body: { slotId: target } }),
          t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: competitor, slotId: target } }),
        ]);
        // Exactly one of the two wins the slot; the loser gets 409 and keeps what it had.
        expect([move.status === 200, other.status === 201].filter(Boolean)).toHaveLength(1);
        expect([move.status, other.status]).toContain(409);
        const active = (
          await t.db.query(`SELECT case_id, slot_id FROM booking WHERE case_id = ANY($1) AND status = 'active'`, [[moving, competitor]])
        ).rows;
        const movingBooking = active.filter((r) => r.case_id === moving);
        expect(movingBooking).toHaveLength(1);
        expect(movingBooking[0].slot_id).toBe(move.status === 200 ? target : s.body.slots[0].id);
        expect(await count(`SELECT count(*) FROM booking WHERE slot_id = $1 AND status = 'active'`, [target])).toBe(1);
      }
    });

    it("releases a cancelled session's bookings back to the queue and tells the patients", async () => {
      const s = await session();
      const c1 = await openCase();
      const c2 = await openCase();
      await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c1, slotId: s.body.slots[0].id } });
      await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c2, slotId: s.body.slots[1].id } });
      expect((await t.http('POST', `/clinic-sessions/${s.body.id}/cancel`, { token: tok.nurse, body: { reason: 'Sjuk' } })).status).toBe(
        403,
      );
      const res = await t.http('POST', `/clinic-sessions/${s.body.id}/cancel`, {
        token: tok.specialist,
        body: { reason: 'Reumatologen sjuk' },
      });
      expect(res.status).toBe(200);
      expect(res.body.releasedCases.sort()).toEqual([c1, c2].sort());
      const queue = await t.http('GET', `/queue?pathwayKey=${JOINT}&limit=500`, { token: tok.specialist });
      const ids = queue.body.items.map((i: { caseId: string }) => i.caseId);
      expect(ids).toEqual(expect.arrayContaining([c1, c2]));
      const notices = await t.db.query(
        `SELECT kind, body FROM notice_outbox WHERE patient_id = (SELECT patient_id FROM triage_case WHERE id = $1) ORDER BY id`,
        [c1],
      );
      expect(notices.rows.map((r) => r.kind)).toEqual(['booked', 'cancelled']);
      expect(notices.rows[1].body).toMatch(/inställd/);
    });
  });

  describe('patient notices', () => {
    it('writes a Swedish notice with time, place and preparation, none for a refused booking, and delivers it', async () => {
      const s = await session();
      const caseId = await openCase();
      const taken = await openCase();
      await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: taken, slotId: s.body.slots[4].id } });
      const before = await count('SELECT count(*) FROM notice_outbox');
      const refused = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: s.body.slots[4].id } });
      expect(refused.status).toBe(409);
      expect(await count('SELECT count(*) FROM notice_outbox')).toBe(before);
      await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: s.body.slots[5].id } });
      const [notice] = (
        await t.db.query(`SELECT * FROM notice_outbox WHERE patient_id = (SELECT patient_id FROM triage_case WHERE id = $1)`, [caseId])
      ).rows;
      expect(notice.body).toMatch(/videobesök med specialistläkare .* kl\. 11:30 på SA Norra hälsocentral/);
      expect(notice.body).toMatch(/10 minuter före/);
      const worker = t.app.get(NoticeDeliveryWorker);
      await worker.deliverDue(100);
      const [{ status }] = (await t.db.query('SELECT status FROM notice_outbox WHERE id = $1', [notice.id])).rows;
      expect(status).toBe('sent');
    });
  });
});

describe('POST /scheduling/auto (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let r: TestRegion;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    r = await createRegion(t.db, 'AU');
    Object.assign(tok, await loginAll(t, r));
  });
  afterAll(() => t.close());

  it('proposes in a dry run, then books urgent cases first, and leaves the rest in the queue with a reason', async () => {
    const date = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const s = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: r.users.specialist.id,
        healthCentreId: r.centres.main,
        start: `${date}T09:00`,
        end: `${date}T10:00`,
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    const make = async (answers: Record<string, unknown>) => {
      const p = await createPatient(t, tok.nurse!, r.centres.main);
      const res = await t.http('POST', '/triage-cases', {
        token: tok.nurse,
        body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers(answers) },
        headers: { 'idempotency-key': randomUUID() },
      });
      return res.body.id as string;
    };
    const routine = await make({ inflammatory_back_pain: true });
    const early = await make({ swollen_joint_count: 3 });
    const urgent = await make({ systemic_features: true });
    const body = { pathwayKey: JOINT, from: new Date().toISOString(), to: new Date(Date.now() + 7 * 86_400_000).toISOString() };
    expect((await t.http('POST', '/scheduling/auto', { token: tok.nurse, body })).status).toBe(403);
    const dry = await t.http('POST', '/scheduling/auto', { token: tok.specialist, body: { ...body, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body.assignments.map((a: { caseId: string }) => a.caseId).sort()).toEqual([urgent, early].sort());
    expect(dry.body.assignments.find((a: { caseId: string }) => a.caseId === urgent).slotId).toBe(s.body.slots[0].id);
    expect(dry.body.unassigned).toEqual([{ caseId: routine, reason: 'outranked' }]);
    expect(await count(`SELECT count(*) FROM booking WHERE slot_id = ANY($1)`, [s.body.slots.map((x: { id: string }) => x.id)])).toBe(0);
    const real = await t.http('POST', '/scheduling/auto', { token: tok.specialist, body });
    expect(real.body.assignments).toHaveLength(2);
    expect(real.body.assignments.every((a: { visitId: string }) => typeof a.visitId === 'string')).toBe(true);
    const queue = await t.http('GET', `/queue?pathwayKey=${JOINT}`, { token: tok.specialist });
    expect(queue.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([routine]);
  });

  async function count(sql: string, params: unknown[] = []) {
    return Number((await t.db.query(sql, params)).rows[0].count);
  }
});

describe('Calendar feed (iCalendar)', () => {
  let t: TestApp;
  let r: TestRegion;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    r = await createRegion(t.db, 'IC');
    Object.assign(tok, await loginAll(t, r));
  });
  afterAll(() => t.close());

  it("serves a specialist's and a centre's sessions as RFC 5545 iCalendar, in UTC, without patient names", async () => {
    const created = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: r.users.specialist.id,
        healthCentreId: r.centres.main,
        start: '2027-03-29T09:00',
        end: '2027-03-29T12:00',
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    const p = await createPatient(t, tok.nurse!, r.centres.main);
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    const booking = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: created.body.slots[1].id } });
    const res = await t.http('GET', `/calendar.ics?specialistId=${r.users.specialist.id}`, { token: tok.specialist });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = res.body as string;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain(`UID:${created.body.id}@ledtriage`);
    expect(text).toContain('DTSTART:20270329T070000Z');
    expect(text).toContain('DTEND:20270329T100000Z');
    expect(text).toContain(`UID:${booking.body.id}@ledtriage\r\nDTSTAMP`);
    expect(text).toContain('DTSTART:20270329T073000Z');
    expect(text).not.toContain('Test Patient');
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const nurseFeed = await t.http('GET', '/calendar.ics', { token: tok.otherNurse });
    expect(nurseFeed.body).not.toContain(created.body.id);
    expect((await t.http('GET', '/calendar.ics', { token: tok.nurse })).body).toContain(created.body.id);
  });
});

describe('Neighbouring health centres', () => {
  let t: TestApp;
  let r: TestRegion;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    r = await createRegion(t.db, 'NB');
    Object.assign(tok, await loginAll(t, r));
  });
  afterAll(() => t.close());

  it('books at a neighbour only where the pathway allows it and within its distance', async () => {
    const travel = goutPathway({ key: 'gout-travel', scheduling: { neighbourMaxTravelKm: 60 } });
    await t.http('POST', '/pathways', { token: tok.admin, body: travel });
    expect((await publishDraft(t, tok.admin!, 'gout-travel')).status).toBe(200);
    await goLive(t.db, 'gout-travel', r);
    const date = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const s = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: r.users.specialist.id,
        healthCentreId: r.centres.other,
        start: `${date}T09:00`,
        end: `${date}T10:00`,
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    const triage = async (pathwayKey: string, answers: Record<string, unknown>) => {
      const p = await createPatient(t, tok.nurse!, r.centres.main);
      return (
        await t.http('POST', '/triage-cases', {
          token: tok.nurse,
          body: { patientId: p.id, pathwayKey, answers },
          headers: { 'idempotency-key': randomUUID() },
        })
      ).body.id as string;
    };
    const goutCase = await triage('gout-travel', { age_years: 60, first_mtp_attack: true, attacks_last_year: 4, tophi: false });
    const jointCase = await triage(JOINT, jointAnswers({ systemic_features: true }));
    const body = {
      pathwayKey: 'gout-travel',
      from: new Date().toISOString(),
      to: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      dryRun: true,
    };

    // Not neighbours yet: nothing in reach.
    expect((await t.http('POST', '/scheduling/auto', { token: tok.specialist, body })).body.unassigned).toEqual([
      { caseId: goutCase, reason: 'no_slot_in_reach' },
    ]);
    expect(
      (
        await t.http('POST', `/health-centres/${r.centres.main}/neighbours`, {
          token: tok.nurse,
          body: { healthCentreId: r.centres.other, roadKm: 50 },
        })
      ).status,
    ).toBe(403);
    const set = await t.http('POST', `/health-centres/${r.centres.main}/neighbours`, {
      token: tok.admin,
      body: { healthCentreId: r.centres.other, roadKm: 50 },
    });
    expect(set.body).toEqual([{ healthCentreId: r.centres.other, name: 'NB Södra hälsocentral', roadKm: 50 }]);
    const proposal = await t.http('POST', '/scheduling/auto', { token: tok.specialist, body });
    expect(proposal.body.assignments).toEqual([expect.objectContaining({ caseId: goutCase, slotId: s.body.slots[0].id })]);
    expect(proposal.body.metrics.travelKm).toBe(50);

    // The joint-complaints pathway allows no travel: its case cannot be booked there by hand either.
    expect((await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: jointCase, slotId: s.body.slots[1].id } })).status).toBe(
      422,
    );
    const booked = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: goutCase, slotId: s.body.slots[0].id } });
    expect(booked.status).toBe(201);
    const [visit] = (await t.db.query('SELECT health_centre_id FROM visit WHERE id = $1', [booked.body.visitId])).rows;
    expect(visit.health_centre_id).toBe(r.centres.other);

    // Beyond the pathway's distance: out of reach again.
    await t.http('POST', `/health-centres/${r.centres.main}/neighbours`, {
      token: tok.admin,
      body: { healthCentreId: r.centres.other, roadKm: 80 },
    });
    const far = await triage('gout-travel', { age_years: 61, first_mtp_attack: true, attacks_last_year: 5, tophi: false });
    expect((await t.http('POST', '/scheduling/auto', { token: tok.specialist, body })).body.unassigned).toContainEqual({
      caseId: far,
      reason: 'no_slot_in_reach',
    });
  });
});
