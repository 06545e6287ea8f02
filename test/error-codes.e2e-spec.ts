import { randomUUID } from 'node:crypto';
import { DETAIL_CODES, ERROR_CODES, isErrorCode } from '@app/common';
import { DETAIL_TEXTS, ERROR_TEXTS } from '../apps/web/src/error-texts';
import { createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { triageCase } from './support/cases';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Coded errors (issue 16, #4): every error body carries a `code` the web client words in Swedish and
 * English; a booking conflict says which; each detail of a refused answer names its reason as a code
 * with its parameters.
 */
describe('Coded errors (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'EC');
    Object.assign(tok, await loginAll(t, a));
  });
  afterAll(() => t.close());

  const openCase = async () => (await triageCase(t, tok.nurse!, a.centres.main)).caseId;
  const session = async (day: number) => {
    const date = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10);
    return t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: a.users.specialist.id,
        healthCentreId: a.centres.main,
        start: `${date}T09:00`,
        end: `${date}T10:00`,
        slotMinutes: 30,
        mode: 'remote',
      },
    });
  };

  it('has Swedish and English words for every code the server may answer, and for every detail code', () => {
    for (const code of Object.values(ERROR_CODES).flat()) {
      expect([code, ERROR_TEXTS[code]?.sv.length > 0 && ERROR_TEXTS[code]?.en.length > 0]).toEqual([code, true]);
    }
    for (const code of DETAIL_CODES) {
      const words = DETAIL_TEXTS[code]({ limit: 3, expected: 'number', values: 'a, b', format: 'date' });
      expect([code, words.sv.length > 0 && words.en.length > 0 && words.sv !== words.en]).toEqual([code, true]);
    }
  });

  it('answers a booking conflict with 409 slot_taken, whether the slot was taken before or in the same instant', async () => {
    const s = await session(20);
    expect(s.status).toBe(201);
    const first = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: await openCase(), slotId: s.body.slots[0].id } });
    expect(first.status).toBe(201);
    const late = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: await openCase(), slotId: s.body.slots[0].id } });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'slot_taken', message: 'The slot is already booked' });
    // Parallel requests for one free slot: one wins, the others hear the same code.
    const cases = await Promise.all([openCase(), openCase(), openCase(), openCase()]);
    const answers = await Promise.all(
      cases.map((caseId) => t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId: s.body.slots[1].id } })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of answers.filter((x) => x.status === 409)) expect(r.body.code).toBe('slot_taken');
  });

  it('answers overlapping sessions with the code of what overlaps, from the constraint table', async () => {
    expect((await session(21)).status).toBe(201);
    const again = await session(21);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('session_overlaps_specialist');
    expect(again.body.details).toEqual([expect.objectContaining({ field: 'specialistId', code: 'conflict' })]);
  });

  it('names the reason for each refused answer as a code with its parameters (422)', async () => {
    const p = await createPatient(t, tok.nurse!, a.centres.main);
    const res = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: {
        patientId: p.id,
        pathwayKey: JOINT,
        answers: { ...jointAnswers({ swollen_joint_count: 2.5 }), morning_stiffness_minutes: -4, no_such_question: true },
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid');
    const byField = Object.fromEntries(res.body.details.map((d: { field: string }) => [d.field, d]));
    expect(byField['answers.swollen_joint_count']).toMatchObject({ code: 'not_integer' });
    expect(byField['answers.morning_stiffness_minutes']).toMatchObject({ code: 'too_small', params: { limit: 0 } });
    expect(byField['answers.no_such_question']).toMatchObject({ code: 'unknown_field' });
    for (const d of res.body.details) expect(DETAIL_CODES).toContain(d.code);
  });

  it('gives validation details of a malformed body codes and parameters (400 invalid_body)', async () => {
    const res = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: { specialistId: a.users.specialist.id, slotMinutes: 0 },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_body');
    const byField = Object.fromEntries(res.body.details.map((d: { field: string }) => [d.field, d]));
    expect(byField.healthCentreId).toMatchObject({ code: 'required' });
    expect(byField.slotMinutes).toMatchObject({ code: 'too_small', params: expect.objectContaining({ limit: expect.any(Number) }) });
  });

  it('gives every refusal a code the client knows, the status code when nothing more specific applies', async () => {
    const refusals = await Promise.all([
      t.http('GET', '/queue?pathwayKey=joint-complaints'),
      t.http('GET', `/triage-cases/${randomUUID()}`, { token: tok.nurse }),
      t.http('POST', '/clinic-sessions', { token: tok.nurse, body: {} }),
    ]);
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual([
      [401, 'unauthorized'],
      [404, 'not_found'],
      [403, 'forbidden'],
    ]);
    for (const r of refusals) expect(isErrorCode(r.body.code)).toBe(true);
    const unsupported = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(await unsupported.json()).toMatchObject({ statusCode: 415, code: 'unsupported_media_type' });
  });
});
