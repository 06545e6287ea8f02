import { randomUUID } from 'node:crypto';
import { createPatient, createRegion, login, loginAll, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { createTestApp, type TestApp } from './support/test-app';

describe("Issue 18 #4: the specialist's answer is kept on the server as she types (HTTP, real PostgreSQL)", () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let tok: Record<string, string>;
  let visitId: string;
  let patientId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { VISIT_JOIN_OPENS_MINUTES: '1440' } });
    a = await createRegion(t.db, 'DR');
    b = await createRegion(t.db, 'DS');
    tok = await loginAll(t, a);
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3600_000);
    const session = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: a.users.specialist.id,
        healthCentreId: a.centres.main,
        start: start.toISOString(),
        end: new Date(start.getTime() + 1800_000).toISOString(),
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    expect(session.status).toBe(201);
    const p = await createPatient(t, tok.nurse!, a.centres.main);
    patientId = p.id;
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    const booking = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: session.body.slots[0].id } });
    expect(booking.status).toBe(201);
    visitId = booking.body.visitId;
  });
  afterAll(() => t.close());

  const draftRows = async () => (await t.db.query('SELECT * FROM visit_outcome_draft WHERE visit_id = $1', [visitId])).rows;

  it('#18.4: a saved draft is there from another device (a new sign-in); every read and write is audited with the patient', async () => {
    const empty = await t.http('GET', `/visits/${visitId}/outcome-draft`, { token: tok.specialist });
    expect(empty.body).toEqual({ draft: null, updatedAt: null });
    const draft = { summary: 'Tidig RA sannolik. Startar', diagnosisCodes: 'M06.9, M0', plan: 'follow_up_remote', instructions: 'Ta blod' };
    const saved = await t.http('PUT', `/visits/${visitId}/outcome-draft`, { token: tok.specialist, body: draft });
    expect(saved.status).toBe(200);
    const other = await login(t, a.users.specialist.username);
    const read = await t.http('GET', `/visits/${visitId}/outcome-draft`, { token: other });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ draft, updatedAt: saved.body.updatedAt });
    const audit = await t.db.query(
      `SELECT action FROM audit_event
        WHERE resource_type = 'VisitOutcomeDraft' AND resource_id = $1 AND patient_id = $2 AND outcome = 'success' ORDER BY id`,
      [visitId, patientId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['read', 'update', 'read']);
  });

  it("#18.4: only the visit's specialist: the nurse, the admin, another region's specialist get 403/404, nothing changes", async () => {
    const before = await draftRows();
    const foreign = await login(t, b.users.specialist.username);
    for (const token of [foreign]) {
      expect((await t.http('GET', `/visits/${visitId}/outcome-draft`, { token })).status).toBe(404);
      expect((await t.http('PUT', `/visits/${visitId}/outcome-draft`, { token, body: { summary: 'x' } })).status).toBe(404);
    }
    for (const token of [tok.nurse, tok.admin]) {
      expect((await t.http('PUT', `/visits/${visitId}/outcome-draft`, { token, body: { summary: 'x' } })).status).toBe(403);
    }
    expect((await t.http('GET', `/visits/${randomUUID()}/outcome-draft`, { token: tok.specialist })).status).toBe(404);
    expect(await draftRows()).toEqual(before);
  });

  it('#18.4: bad input -> 400 naming the field, and the draft is unchanged', async () => {
    const before = await draftRows();
    const cases = [
      [{ plan: 'soon' }, 'plan'],
      [{ summary: 'x'.repeat(10_001) }, 'summary'],
      [{ nonsense: 1 }, ''],
    ] as const;
    for (const [body, field] of cases) {
      const res = await t.http('PUT', `/visits/${visitId}/outcome-draft`, { token: tok.specialist, body });
      expect(res.status).toBe(400);
      if (field) expect(JSON.stringify(res.body.details)).toContain(field);
    }
    expect(await draftRows()).toEqual(before);
  });

  it('#18.4: sending the answer removes the draft; the closed visit takes no new draft (409)', async () => {
    const sent = await t.http('POST', `/visits/${visitId}/outcome`, {
      token: tok.specialist,
      body: { summary: 'Tidig RA sannolik.', diagnosisCodes: ['M06.9'], plan: 'follow_up_primary_care' },
    });
    expect(sent.status).toBe(201);
    expect(await draftRows()).toEqual([]);
    const late = await t.http('PUT', `/visits/${visitId}/outcome-draft`, { token: tok.specialist, body: { summary: 'late' } });
    expect(late.status).toBe(409);
    expect((await t.http('GET', `/visits/${visitId}/outcome-draft`, { token: tok.specialist })).body.draft).toBeNull();
  });
});
