import { randomUUID } from 'node:crypto';
import { createRegion, loginAll, personnummer, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 22, item 2: the patient's own link, `<PUBLIC_BASE_URL>/p/<token>`, read from the notice the
 * booking queued. Confirm, cancel (the slot is free and the case back in the queue), another time (the
 * centre's free times, or a wish), expiry, and refusal for any other visit; rate limited; every use
 * audited as the patient via the link. Real HTTP, real PostgreSQL.
 */
describe("The patient's link: confirm, cancel, another time (HTTP, real PostgreSQL)", () => {
  let t: TestApp;
  let r: TestRegion;
  let tok: Record<string, string>;
  let slots: Array<{ id: string; start: string }> = [];
  let otherCentreSlot: string;
  const NAME = 'Sigrid Lindqvist';

  const linkOf = (body: string) => /\/p\/([A-Za-z0-9_-]{43})(?=\s|$)/.exec(body)?.[1];
  const p = (token: string, suffix = '') => `/p/${token}${suffix}`;

  async function openCase(): Promise<{ caseId: string; patientId: string; pnr: string }> {
    const pnr = personnummer('19480517');
    const pat = await t.http('POST', '/patients', {
      token: tok.nurse,
      body: { personnummer: pnr, name: NAME, healthCentreId: r.centres.main, phone: '070-999 88 77' },
    });
    expect(pat.status).toBe(201);
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: { patientId: pat.body.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(c.status).toBe(201);
    return { caseId: c.body.id, patientId: pat.body.id, pnr };
  }
  async function book(caseId: string, slotId = slots.shift()!.id) {
    const b = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId } });
    expect(b.status).toBe(201);
    const notices = await t.db.query(`SELECT kind, body FROM notice_outbox WHERE visit_id = $1 ORDER BY id`, [b.body.visitId]);
    const token = linkOf(notices.rows.at(-1).body);
    expect(token).toBeDefined();
    return { bookingId: b.body.id as string, visitId: b.body.visitId as string, slotId, token: token! };
  }
  async function session(centre: string, hoursAhead: number, hours = 4) {
    const start = new Date(Math.ceil(Date.now() / 3600_000) * 3600_000 + hoursAhead * 3600_000);
    const s = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: r.users.specialist.id,
        healthCentreId: centre,
        start: start.toISOString(),
        end: new Date(start.getTime() + hours * 3600_000).toISOString(),
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    expect(s.status).toBe(201);
    return s.body.slots as Array<{ id: string; start: string }>;
  }
  const auditOf = async (visitId: string) =>
    (
      await t.db.query(
        `SELECT actor_user_id, actor_username, actor_role, care_unit_id, patient_id, action, resource_type, detail FROM audit_event
          WHERE detail ->> 'visitId' = $1 ORDER BY id`,
        [visitId],
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BASE_URL: 'https://vard.region.example', PATIENT_LINK_RATE_PER_MINUTE: '0' } });
    r = await createRegion(t.db, 'PL');
    tok = await loginAll(t, r);
    slots = await session(r.centres.main, 72, 6);
    otherCentreSlot = (await session(r.centres.other, 100, 1))[0]!.id;
  });
  afterAll(() => t?.close());

  it('#22.2 shows time, place and what to bring, nothing that identifies the patient or her health; audited as the patient', async () => {
    const c = await openCase();
    const v = await book(c.caseId);
    const res = await t.http('GET', p(v.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'scheduled',
      canChange: true,
      confirmedAt: null,
      wish: null,
      place: { name: 'PL Norra hälsocentral', phone: '0680-100 00' },
      when: expect.stringMatching(/ kl\. \d\d:\d\d$/),
    });
    expect(res.body.bring.map((b: { sv: string }) => b.sv)).toContain('Ta med en lista över dina läkemedel.');
    const text = JSON.stringify(res.body);
    for (const secret of [NAME, 'Sigrid', c.pnr.replace('-', ''), c.pnr.slice(2), c.patientId, c.caseId, JOINT, 'reumat', 'specialist']) {
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(res.headers.get('cache-control')).toBe('no-store');
    const audit = await auditOf(v.visitId);
    expect(audit).toEqual([
      expect.objectContaining({
        actor_user_id: null,
        actor_username: 'patient:link',
        actor_role: 'patient',
        care_unit_id: r.centres.main,
        patient_id: c.patientId,
        action: 'read',
        resource_type: 'Visit',
      }),
    ]);
  });

  it('#22.2 confirm: recorded on the visit once, audited', async () => {
    const c = await openCase();
    const v = await book(c.caseId);
    const first = await t.http('POST', p(v.token, '/confirm'));
    expect(first.status).toBe(200);
    expect(first.body.confirmedAt).toEqual(expect.any(String));
    const again = await t.http('POST', p(v.token, '/confirm'));
    expect(again.body.confirmedAt).toBe(first.body.confirmedAt);
    const [visit] = (await t.db.query(`SELECT patient_confirmed_at FROM visit WHERE id = $1`, [v.visitId])).rows;
    expect(visit.patient_confirmed_at.toISOString()).toBe(first.body.confirmedAt);
    expect((await auditOf(v.visitId)).filter((a) => a.action === 'update' && a.detail.change === 'confirmed')).toHaveLength(2);
  });

  it('#22.2 cancel: the slot is free, the case back in the queue at its rank, a cancellation notice queued; not twice', async () => {
    const c = await openCase();
    const v = await book(c.caseId);
    const queueBefore = await t.http('GET', `/queue?pathwayKey=${JOINT}&limit=500`, { token: tok.specialist });
    expect(queueBefore.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(c.caseId);
    const res = await t.http('POST', p(v.token, '/cancel'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'cancelled', canChange: false });
    const [b] = (await t.db.query(`SELECT status, cancel_reason FROM booking WHERE id = $1`, [v.bookingId])).rows;
    expect(b).toEqual({ status: 'cancelled', cancel_reason: 'cancelled by the patient' });
    expect((await t.db.query(`SELECT status FROM triage_case WHERE id = $1`, [c.caseId])).rows[0].status).toBe('awaiting_booking');
    const free = await t.http('GET', `/slots?healthCentreId=${r.centres.main}&free=true`, { token: tok.nurse });
    expect(free.body.map((s: { id: string }) => s.id)).toContain(v.slotId);
    const queue = await t.http('GET', `/queue?pathwayKey=${JOINT}&limit=500`, { token: tok.specialist });
    expect(queue.body.items.map((i: { caseId: string }) => i.caseId)).toContain(c.caseId);
    const kinds = (await t.db.query(`SELECT kind, body FROM notice_outbox WHERE visit_id = $1 ORDER BY id`, [v.visitId])).rows;
    expect(kinds.map((k) => k.kind)).toEqual(['booked', 'cancelled']);
    expect(kinds[1].body).toMatch(/inställd.*Ring PL Norra hälsocentral på 0680-100 00/);
    const again = await t.http('POST', p(v.token, '/cancel'));
    expect(again.status).toBe(409);
    expect((await t.http('GET', p(v.token))).body.state).toBe('cancelled');
    const audit = await auditOf(v.visitId);
    expect(audit.find((a) => a.resource_type === 'Booking')).toMatchObject({
      actor_role: 'patient',
      actor_username: 'patient:link',
      action: 'update',
      patient_id: c.patientId,
    });
  });

  it("#22.2 another time: the centre's free times, one booked (the old slot freed, a new notice and link), or a wish recorded", async () => {
    const c = await openCase();
    const v = await book(c.caseId);
    await t.http('POST', p(v.token, '/confirm'));
    const times = await t.http('GET', p(v.token, '/times'));
    expect(times.status).toBe(200);
    const ids = times.body.map((s: { slotId: string }) => s.slotId);
    expect(ids).not.toContain(v.slotId);
    expect(ids).not.toContain(otherCentreSlot);
    const booked = (await t.db.query(`SELECT slot_id FROM booking WHERE status = 'active'`)).rows.map((x) => x.slot_id);
    expect(ids.filter((id: string) => booked.includes(id))).toEqual([]);
    const target = times.body.at(-1);
    // Another centre's time, or one taken: refused, nothing changes.
    const wrong = await t.http('POST', p(v.token, '/rebook'), { body: { slotId: otherCentreSlot } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details).toEqual([{ field: 'slotId', reason: "must be a free time at the visit's health centre", code: 'invalid' }]);
    expect((await t.http('POST', p(v.token, '/rebook'), { body: { slotId: 'x' } })).status).toBe(400);
    const res = await t.http('POST', p(v.token, '/rebook'), { body: { slotId: target.slotId } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'scheduled', start: target.start, confirmedAt: null });
    expect((await t.db.query(`SELECT slot_id, status FROM booking WHERE id = $1`, [v.bookingId])).rows[0]).toEqual({
      slot_id: target.slotId,
      status: 'active',
    });
    const notices = (await t.db.query(`SELECT kind, body FROM notice_outbox WHERE visit_id = $1 ORDER BY id`, [v.visitId])).rows;
    expect(notices.map((n) => n.kind)).toEqual(['booked', 'changed']);
    const newToken = linkOf(notices[1].body)!;
    expect(newToken).not.toBe(v.token);
    // Both links are this visit's: both show the new time.
    expect((await t.http('GET', p(newToken))).body.start).toBe(target.start);
    expect((await t.http('GET', p(v.token))).body.start).toBe(target.start);
    const freed = await t.http('GET', `/slots?healthCentreId=${r.centres.main}&free=true`, { token: tok.nurse });
    expect(freed.body.map((s: { id: string }) => s.id)).toContain(v.slotId);

    const wish = await t.http('POST', p(v.token, '/wish'), { body: { message: 'Helst en förmiddag efter den 20:e' } });
    expect(wish.status).toBe(200);
    expect(wish.body.wish).toMatchObject({ message: 'Helst en förmiddag efter den 20:e' });
    expect((await t.http('POST', p(v.token, '/wish'), { body: { message: 'x'.repeat(501) } })).status).toBe(400);
    const audit = await auditOf(v.visitId);
    expect(audit.filter((a) => a.actor_role !== 'patient').filter((a) => a.actor_username === 'patient:link')).toEqual([]);
    expect(audit.map((a) => `${a.action} ${a.resource_type}`)).toEqual(
      expect.arrayContaining(['read Slot', 'update Booking', 'update Visit']),
    );
  });

  it('#22.2 expiry, unknown tokens, and refusal for any other visit (a new booking of the same case)', async () => {
    const c = await openCase();
    const v = await book(c.caseId);
    expect((await t.http('GET', p('A'.repeat(43)))).status).toBe(404);
    expect((await t.http('GET', p('short'))).status).toBe(404);
    expect((await t.http('POST', p(v.token.slice(0, 42) + (v.token.endsWith('A') ? 'B' : 'A'), '/cancel'))).status).toBe(404);
    // Cancelled by the link, then booked again by the nurse: the old link does not reach the new visit.
    expect((await t.http('POST', p(v.token, '/cancel'))).status).toBe(200);
    const again = await book(c.caseId);
    expect(again.visitId).not.toBe(v.visitId);
    const old = await t.http('GET', p(v.token));
    expect(old.body).toMatchObject({ state: 'cancelled', canChange: false });
    expect((await t.http('POST', p(v.token, '/cancel'))).status).toBe(409);
    expect((await t.http('POST', p(v.token, '/confirm'))).status).toBe(409);
    expect((await t.http('GET', p(v.token, '/times'))).status).toBe(409);
    expect((await t.db.query(`SELECT status FROM booking WHERE id = $1`, [again.bookingId])).rows[0].status).toBe('active');
    expect(
      (await t.db.query(`SELECT patient_confirmed_at FROM visit WHERE id = $1`, [again.visitId])).rows[0].patient_confirmed_at,
    ).toBeNull();
    // The new link works; once expired it answers 410 and changes nothing.
    expect((await t.http('GET', p(again.token))).status).toBe(200);
    await t.db.query(
      `UPDATE patient_link SET expires_at = now() - interval '1 second', created_at = now() - interval '1 day' WHERE visit_id = $1`,
      [again.visitId],
    );
    const expired = await t.http('POST', p(again.token, '/cancel'));
    expect(expired.status).toBe(410);
    expect(expired.body.messageSv).toMatch(/gått ut/);
    expect((await t.db.query(`SELECT status FROM booking WHERE id = $1`, [again.bookingId])).rows[0].status).toBe('active');
  });

  it("#22.4 the report of notices and confirmations counts links, confirmations, the patient's cancels, moves and wishes", async () => {
    const clinicMonth = (iso: string) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(iso)).slice(0, 7);
    const months = new Set(slots.map((s) => clinicMonth(s.start)));
    const [from, to] = [`${[...months].sort()[0]}-01`, `${[...months].sort().at(-1)}-28`];
    const run = async () => {
      const res = await t.http('GET', `/reports/patient-notices?from=${from}&to=${to}`, { token: tok.admin });
      expect(res.status).toBe(200);
      const rows = (res.body.rows as Array<Record<string, number | string | null>>).filter(
        (r) => r.healthCentre === 'PL Norra hälsocentral',
      );
      const sum = (k: string) => rows.reduce((n, r) => n + Number(r[k] ?? 0), 0);
      return {
        linked: sum('visitsWithLink'),
        confirmed: sum('confirmed'),
        cancelled: sum('cancelledByPatient'),
        moved: sum('movedByPatient'),
        wishes: sum('wishes'),
      };
    };
    const before = await run();
    const a = await book((await openCase()).caseId);
    const b = await book((await openCase()).caseId);
    const c = await book((await openCase()).caseId);
    await t.http('POST', p(a.token, '/confirm'));
    await t.http('POST', p(b.token, '/cancel'));
    const times = await t.http('GET', p(c.token, '/times'));
    await t.http('POST', p(c.token, '/rebook'), { body: { slotId: times.body[0].slotId } });
    await t.http('POST', p(c.token, '/wish'), { body: {} });
    const after = await run();
    expect({
      linked: after.linked - before.linked,
      confirmed: after.confirmed - before.confirmed,
      cancelled: after.cancelled - before.cancelled,
      moved: after.moved - before.moved,
      wishes: after.wishes - before.wishes,
    }).toEqual({ linked: 3, confirmed: 1, cancelled: 1, moved: 1, wishes: 1 });
  });

  it('#22.2 rate limited per client address, unknown tokens counted too: 429 with Retry-After', async () => {
    const limited = await createTestApp({ databaseUrl: t.databaseUrl, env: { PATIENT_LINK_RATE_PER_MINUTE: '3' } });
    try {
      await limited.db.query('DELETE FROM patient_link_rate');
      const c = await openCase();
      const v = await book(c.caseId);
      const statuses: number[] = [];
      for (const path of [p('B'.repeat(43)), p(v.token), p(v.token), p(v.token)]) statuses.push((await limited.http('GET', path)).status);
      expect(statuses.slice(0, 3)).toEqual([404, 200, 200]);
      // Unless the minute turned over between the calls.
      const last = await limited.http('GET', p(v.token));
      expect([statuses[3], last.status]).toContain(429);
      const refused = statuses[3] === 429 ? await limited.http('GET', p(v.token)) : last;
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await limited.http('POST', p(v.token, '/cancel'))).status).toBe(429);
      expect((await t.db.query(`SELECT status FROM booking WHERE id = $1`, [v.bookingId])).rows[0].status).toBe('active');
    } finally {
      await limited.close();
    }
  });
});
