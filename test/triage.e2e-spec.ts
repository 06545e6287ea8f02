import { randomUUID } from 'node:crypto';
import { clinicDate } from '@app/common';
import fc from 'fast-check';
import { compilePathway, type PathwayDefinition, type Question } from '@app/pathways';
import { createPatient, createRegion, login, loginAll, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { collect, connected, connectRealtime, nextEvent } from './support/sockets';
import { createTestApp, type TestApp } from './support/test-app';

/** Any valid answer to one question. */
const answerOf = (q: Question): fc.Arbitrary<unknown> =>
  q.type === 'integer' || q.type === 'decimal'
    ? fc.integer({ min: q.min ?? 0, max: Math.min(q.max ?? 100, 100) })
    : q.type === 'boolean'
      ? fc.boolean()
      : q.type === 'choice'
        ? fc.constantFrom(...(q.options ?? []).map((o) => o.value))
        : fc.constant('anteckning');

describe('Triage cases and the ranked queue (HTTP + socket.io, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'TA');
    b = await createRegion(t.db, 'TB');
    Object.assign(tok, await loginAll(t, a));
    tok.bNurse = await login(t, b.users.nurse.username);
  });
  afterAll(() => t.close());

  const submit = (token: string, body: unknown, key: string = randomUUID()) =>
    t.http('POST', '/triage-cases', { token, body, headers: { 'idempotency-key': key } });
  const newPatient = (born = '19700101') => createPatient(t, tok.nurse!, a.centres.main, born);
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].count);

  describe('categories of the pathway document', () => {
    it.each([
      ['emergency', { acute_hot_swollen_joint: true, fever: true, swollen_joint_count: 1 }, 'redirected', 0],
      ['not_applicable', { age_years: 12 }, 'redirected', null],
      ['urgent', { systemic_features: true }, 'awaiting_booking', 3],
      ['early_arthritis', { swollen_joint_count: 3 }, 'awaiting_booking', 14],
      ['routine', { inflammatory_back_pain: true }, 'awaiting_booking', 90],
      ['primary_care', {}, 'redirected', null],
    ])('%s', async (category, overrides, status, dueDays) => {
      const p = await newPatient();
      const before = Date.now();
      const res = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers(overrides) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ pathwayKey: JOINT, pathwayVersion: 1, category, status });
      expect(res.body.reasons.length).toBeGreaterThan(category === 'primary_care' ? -1 : 0);
      if (dueDays === null) expect(res.body.dueDate).toBeNull();
      else expect(res.body.dueDate).toBe(clinicDate(new Date(before + dueDays * 86_400_000)));
      if (category === 'emergency') expect(res.body.instruction).toBeTruthy();
    });

    it('refuses invalid answers with every problem named, and stores nothing', async () => {
      const p = await newPatient();
      const before = await count('SELECT count(*) FROM triage_case');
      const answers = jointAnswers({ swollen_joint_count: 99, fever: 'yes', unknown_question: 1, temporal_symptoms: true });
      delete answers.age_years;
      const res = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers });
      expect(res.status).toBe(422);
      const fields = (res.body.details as Array<{ field: string }>).map((d) => d.field);
      for (const f of ['age_years', 'swollen_joint_count', 'fever', 'unknown_question']) expect(fields.join(' ')).toContain(f);
      expect(await count('SELECT count(*) FROM triage_case')).toBe(before);
    });
  });

  describe('#15.2: an emergency does not wait for the whole form', () => {
    const redFlags = { age_years: 45, acute_hot_swollen_joint: true, fever: true };

    it('#15.2: the preview decides the emergency from the red flags alone and lists what still matters otherwise', async () => {
      const early = await t.http('POST', `/pathways/${JOINT}/evaluate`, { token: tok.nurse, body: { answers: redFlags } });
      expect(early.status).toBe(200);
      expect(early.body).toMatchObject({ complete: false, decided: true, category: 'emergency', dueInDays: 0, bookable: false });
      expect(early.body.stillMatter).toEqual([]);
      expect(early.body.instruction.sv).toMatch(/akutmottagningen i dag/);
      const openAnswers = { age_years: 45, swollen_joint_count: 3 };
      const open = await t.http('POST', `/pathways/${JOINT}/evaluate`, { token: tok.nurse, body: { answers: openAnswers } });
      expect(open.status).toBe(200);
      expect(open.body).toMatchObject({ complete: false, decided: false, category: null });
      expect(open.body.stillMatter).toEqual(expect.arrayContaining(['acute_hot_swollen_joint', 'fever', 'systemic_features']));
    });

    it('#15.2: a decided emergency is stored with the other questions empty, with the outcome the preview showed', async () => {
      const p = await newPatient();
      const preview = await t.http('POST', `/pathways/${JOINT}/evaluate`, { token: tok.nurse, body: { answers: redFlags } });
      const res = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: redFlags });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ category: 'emergency', status: 'redirected', instruction: preview.body.instruction });
      expect(res.body.reasons).toEqual(preview.body.reasons);
      const [row] = (await t.db.query('SELECT category, answers, reasons, score FROM triage_case WHERE id = $1', [res.body.id])).rows;
      expect(row.category).toBe(preview.body.category);
      expect(row.answers).toEqual(redFlags);
      expect(row.reasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(['septic_arthritis', 'acute_hot_swollen_joint']);
      expect(await count("SELECT count(*) FROM audit_event WHERE resource_id = $1 AND action = 'create'", [res.body.id])).toBe(1);
    });

    it('#15.2: random partial forms are accepted exactly when the preview says decided, and stored with its outcome', async () => {
      const definition = (await t.http('GET', `/pathways/${JOINT}`, { token: tok.nurse })).body as PathwayDefinition;
      const compiled = compilePathway(definition);
      // Seeded: red flags answered more often than the rest, so that both outcomes occur.
      const raw = fc.sample(
        fc.record(
          Object.fromEntries(definition.questions.map((q, i) => [q.id, fc.option(answerOf(q), { nil: undefined, freq: i < 7 ? 2 : 4 })])),
        ),
        { seed: 15_2, numRuns: 24 },
      );
      const seen = { decided: 0, undecided: 0 };
      for (const r of raw) {
        const answers: Record<string, unknown> = {};
        for (const q of definition.questions) {
          if (r[q.id] !== undefined && compiled.visibleQuestionIds(answers).includes(q.id)) answers[q.id] = r[q.id];
        }
        const preview = await t.http('POST', `/pathways/${JOINT}/evaluate`, { token: tok.nurse, body: { answers } });
        expect(preview.status).toBe(200);
        const p = await newPatient();
        const res = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers });
        if (preview.body.category !== null) {
          seen.decided++;
          expect(res.status).toBe(201);
          expect(res.body).toMatchObject({ category: preview.body.category, reasons: preview.body.reasons });
          const [row] = (await t.db.query('SELECT category FROM triage_case WHERE id = $1', [res.body.id])).rows;
          expect(row.category).toBe(preview.body.category);
        } else {
          seen.undecided++;
          expect(res.status).toBe(422);
          expect(await count('SELECT count(*) FROM triage_case WHERE patient_id = $1', [p.id])).toBe(0);
        }
      }
      expect(seen.decided).toBeGreaterThan(2);
      expect(seen.undecided).toBeGreaterThan(2);
    });

    it('#15.2: answers that decide nothing yet get 422 naming the questions that still matter, and nothing is stored', async () => {
      const p = await newPatient();
      const before = await count('SELECT count(*) FROM triage_case');
      const answers = { age_years: 45, acute_hot_swollen_joint: true };
      const res = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers });
      expect(res.status).toBe(422);
      expect(res.body.message).toMatch(/do not decide the outcome/);
      expect(res.body.details[0]).toEqual({
        field: 'answers.fever',
        reason: 'is required: its answer can still change the outcome',
        code: 'required',
        params: { changesOutcome: true },
      });
      expect(res.body.details).toContainEqual({
        field: 'answers.immunosuppressed_or_prosthetic_joint',
        reason: 'is required: its answer can still change the outcome',
        code: 'required',
        params: { changesOutcome: true },
      });
      expect(await count('SELECT count(*) FROM triage_case')).toBe(before);
    });
  });

  describe('idempotency', () => {
    it('requires the Idempotency-Key header', async () => {
      const p = await newPatient();
      const res = await t.http('POST', '/triage-cases', {
        token: tok.nurse,
        body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers() },
      });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('Idempotency-Key');
    });

    it('replays the first answer for the same key and body, refuses another body with 422', async () => {
      const p = await newPatient();
      const key = randomUUID();
      const body = { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 2 }) };
      const first = await submit(tok.nurse!, body, key);
      const again = await submit(tok.nurse!, { answers: body.answers, pathwayKey: JOINT, patientId: p.id }, key);
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body).toEqual(first.body);
      const other = await submit(tok.nurse!, { ...body, answers: jointAnswers({ swollen_joint_count: 5 }) }, key);
      expect(other.status).toBe(422);
      expect(await count('SELECT count(*) FROM triage_case WHERE patient_id = $1', [p.id])).toBe(1);
    });

    it('gives one case for 10 concurrent replays of one key', async () => {
      const p = await newPatient();
      const key = randomUUID();
      const body = { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 4 }) };
      const results = await Promise.all(Array.from({ length: 10 }, () => submit(tok.nurse!, body, key)));
      const statuses = results.map((r) => r.status);
      expect(statuses.every((s) => [200, 201, 409].includes(s))).toBe(true);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      const ids = new Set(results.filter((r) => r.status < 300).map((r) => r.body.id));
      expect(ids.size).toBe(1);
      expect(await count('SELECT count(*) FROM triage_case WHERE patient_id = $1', [p.id])).toBe(1);
    });
  });

  describe('one open case per patient and pathway', () => {
    it('answers a second case with 409 pointing at the open one', async () => {
      const p = await newPatient();
      const first = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 1 }) });
      const second = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 2 }) });
      expect(second.status).toBe(409);
      expect(second.body.openCaseId).toBe(first.body.id);
    });

    it('holds under 10 concurrent submissions with different keys', async () => {
      const p = await newPatient();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: i + 1 }) }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(9);
      expect(await count(`SELECT count(*) FROM triage_case WHERE patient_id = $1 AND status = 'awaiting_booking'`, [p.id])).toBe(1);
    });

    it('is a database constraint, not only a service check', async () => {
      const p = await newPatient();
      const res = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 1 }) });
      await expect(
        t.db.query(
          `INSERT INTO triage_case (region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order,
             bookable, in_queue, score, reasons, due_date, status, triaged_by)
           SELECT region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order,
             bookable, in_queue, score, reasons, due_date, 'awaiting_booking', triaged_by FROM triage_case WHERE id = $1`,
          [res.body.id],
        ),
      ).rejects.toThrow(/triage_case_one_open/);
    });
  });

  describe('scope', () => {
    it("gives another centre's nurse and another region 404, and lets only specialists and admins read the queue", async () => {
      const p = await newPatient();
      const mine = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 1 }) });
      expect((await submit(tok.otherNurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers() })).status).toBe(404);
      expect((await submit(tok.bNurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers() })).status).toBe(404);
      expect((await t.http('GET', `/triage-cases/${mine.body.id}`, { token: tok.otherNurse })).status).toBe(404);
      expect((await t.http('GET', `/triage-cases/${mine.body.id}`, { token: tok.bNurse })).status).toBe(404);
      expect((await t.http('GET', `/triage-cases/${mine.body.id}`, { token: tok.specialist })).body.answers).toBeTruthy();
      expect((await t.http('GET', `/queue?pathwayKey=${JOINT}`, { token: tok.nurse })).status).toBe(403);
      const list = await t.http('GET', '/triage-cases', { token: tok.otherNurse });
      expect(list.body.map((c: { id: string }) => c.id)).not.toContain(mine.body.id);
      expect((await t.http('GET', `/triage-cases?healthCentreId=${a.centres.main}`, { token: tok.otherNurse })).status).toBe(403);
    });
  });

  describe('the queue', () => {
    it('ranks by category, due date, score (highest first) and triage time, with overdue flags', async () => {
      const region = await createRegion(t.db, 'TQ');
      const nurse = await login(t, region.users.nurse.username);
      const specialist = await login(t, region.users.specialist.username);
      const make = async (answers: Record<string, unknown>) => {
        const p = await createPatient(t, nurse, region.centres.main);
        const res = await submit(nurse, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers(answers) });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const routine = await make({ inflammatory_back_pain: true });
      const earlyLowScore = await make({ swollen_joint_count: 3 });
      const earlyHighScore = await make({
        swollen_joint_count: 12,
        small_joint_swelling: true,
        symptom_duration_weeks: 8,
        rf: 'high_positive',
      });
      const urgent = await make({ systemic_features: true });
      const earlyOlder = await make({ swollen_joint_count: 3 });
      // The same category and score but triaged earlier comes first; an old case is overdue.
      await t.db.query(`ALTER TABLE triage_case DISABLE TRIGGER triage_case_transition`);
      await t.db.query(`UPDATE triage_case SET triaged_at = triaged_at - interval '20 days', due_date = due_date - 20 WHERE id = $1`, [
        earlyOlder,
      ]);
      await t.db.query(`ALTER TABLE triage_case ENABLE TRIGGER triage_case_transition`);
      const res = await t.http('GET', `/queue?pathwayKey=${JOINT}`, { token: specialist });
      expect(res.status).toBe(200);
      const ids = res.body.items.map((i: { caseId: string }) => i.caseId);
      expect(ids).toEqual([urgent, earlyOlder, earlyHighScore, earlyLowScore, routine]);
      expect(res.body.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3, 4, 5]);
      expect(res.body.items.find((i: { caseId: string }) => i.caseId === earlyOlder).overdue).toBe(true);
      expect(res.body.items[0]).toMatchObject({
        category: 'urgent',
        overdue: false,
        patient: { age: expect.any(Number) },
        healthCentre: { id: region.centres.main },
      });
      const filtered = await t.http('GET', `/queue?pathwayKey=${JOINT}&healthCentreId=${region.centres.other}`, { token: specialist });
      expect(filtered.body.items).toEqual([]);
    });

    it('is served by the queue index (the plan orders by the index, no sort of every case)', async () => {
      await t.db.query('SET enable_seqscan = off');
      const plan = await t.db.query(
        `EXPLAIN SELECT c.id FROM triage_case c WHERE c.serving_region_id = $1 AND c.pathway_key = $2 AND c.status = 'awaiting_booking' AND c.in_queue
          ORDER BY c.category_order, c.due_date, c.score DESC, c.triaged_at, c.id LIMIT 100`,
        [a.id, JOINT],
      );
      await t.db.query('RESET enable_seqscan');
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('triage_case_queue');
      expect(text).not.toMatch(/Sort\b/);
    });
  });

  describe('re-triage and withdrawal', () => {
    it('lets a specialist move a case to another category with a mandatory reason, audited', async () => {
      const p = await newPatient();
      const res = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ inflammatory_back_pain: true }) });
      const noReason = await t.http('POST', `/triage-cases/${res.body.id}/retriage`, {
        token: tok.specialist,
        body: { category: 'urgent' },
      });
      expect(noReason.status).toBe(400);
      expect(
        (
          await t.http('POST', `/triage-cases/${res.body.id}/retriage`, {
            token: tok.nurse,
            body: { category: 'urgent', reason: 'x'.repeat(5) },
          })
        ).status,
      ).toBe(403);
      const bad = await t.http('POST', `/triage-cases/${res.body.id}/retriage`, {
        token: tok.specialist,
        body: { category: 'soon', reason: 'Misstänkt vaskulit' },
      });
      expect(bad.status).toBe(422);
      const ok = await t.http('POST', `/triage-cases/${res.body.id}/retriage`, {
        token: tok.specialist,
        body: { category: 'urgent', reason: 'Misstänkt vaskulit enligt bifogat labb' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        category: 'urgent',
        originalCategory: 'routine',
        status: 'awaiting_booking',
        statusReason: 'Misstänkt vaskulit enligt bifogat labb',
      });
      const audit = await t.db.query(`SELECT detail FROM audit_event WHERE resource_id = $1 AND action = 'update'`, [res.body.id]);
      expect(audit.rows[0].detail).toMatchObject({ from: 'routine', to: 'urgent', reason: 'Misstänkt vaskulit enligt bifogat labb' });
    });

    it('withdraws a case and refuses a transition the state machine does not allow', async () => {
      const p = await newPatient();
      const res = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ inflammatory_back_pain: true }) });
      const w = await t.http('POST', `/triage-cases/${res.body.id}/withdraw`, {
        token: tok.specialist,
        body: { reason: 'Patienten avböjer' },
      });
      expect(w.body.status).toBe('withdrawn');
      expect(
        (await t.http('POST', `/triage-cases/${res.body.id}/withdraw`, { token: tok.specialist, body: { reason: 'igen' } })).status,
      ).toBe(409);
      await expect(t.db.query(`UPDATE triage_case SET status = 'booked' WHERE id = $1`, [res.body.id])).rejects.toThrow(/not allowed/);
    });
  });

  describe('realtime', () => {
    it('refuses a socket without a valid token', async () => {
      const s = connectRealtime(t.baseUrl, 'nonsense');
      await expect(connected(s)).rejects.toThrow(/unauthorized/);
      s.close();
      const none = connectRealtime(t.baseUrl, undefined);
      await expect(connected(none)).rejects.toThrow(/unauthorized/);
      none.close();
    });

    it('tells a connected specialist about a committed submission, and says nothing of a refused one', async () => {
      const socket = connectRealtime(t.baseUrl, tok.specialist);
      const greeted = nextEvent(socket, 'queue.updated', (e) => e.reason === 'connected');
      await connected(socket);
      await greeted;
      const seen = collect<{ caseId?: string; reason: string }>(socket, 'queue.updated');
      const p = await newPatient();
      const refused = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 500 }) });
      expect(refused.status).toBe(422);
      const arrival = nextEvent(socket, 'queue.updated', (e) => e.reason === 'submitted');
      const ok = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) });
      const event = await arrival;
      expect(event).toMatchObject({ pathwayKey: JOINT, caseId: ok.body.id, reason: 'submitted' });
      expect(seen.filter((e) => e.reason === 'submitted')).toHaveLength(1);
      socket.close();
    });

    it("tells the nurse's centre about its case and not another centre", async () => {
      const mine = connectRealtime(t.baseUrl, tok.nurse);
      const other = connectRealtime(t.baseUrl, tok.otherNurse);
      await Promise.all([connected(mine), connected(other)]);
      const otherSeen = collect(other, 'case.updated');
      const p = await newPatient();
      const arrival = nextEvent(mine, 'case.updated');
      const ok = await submit(tok.nurse!, { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ systemic_features: true }) });
      expect(await arrival).toMatchObject({ caseId: ok.body.id, status: 'awaiting_booking' });
      await new Promise((r) => setTimeout(r, 200));
      expect(otherSeen).toHaveLength(0);
      mine.close();
      other.close();
    });

    it("ends a deactivated user's tokens and live connections at once", async () => {
      const made = await t.http('POST', '/users', {
        token: tok.admin,
        body: {
          username: 'leaving.nurse',
          password: 'twelve chars!',
          role: 'nurse',
          healthCentreId: a.centres.main,
          displayName: 'Slutar',
        },
      });
      const token = await login(t, 'leaving.nurse', 'twelve chars!');
      const s = connectRealtime(t.baseUrl, token);
      await connected(s);
      const gone = new Promise<string>((resolve) => s.on('disconnect', (reason) => resolve(reason)));
      expect((await t.http('POST', `/users/${made.body.id}/deactivate`, { token: tok.admin })).status).toBe(200);
      expect(await gone).toBe('io server disconnect');
      expect((await t.http('GET', '/auth/me', { token })).status).toBe(401);
      expect((await t.http('POST', '/auth/login', { body: { username: 'leaving.nurse', password: 'twelve chars!' } })).status).toBe(401);
      s.close();
    });

    it('ends the connection when the token expires', async () => {
      const short = await createTestApp({ env: { ACCESS_TOKEN_TTL_SECONDS: '3' }, databaseUrl: t.databaseUrl });
      try {
        const token = await login(short, a.users.specialist.username);
        const s = connectRealtime(short.baseUrl, token);
        const gone = new Promise<string>((resolve) => s.on('disconnect', (reason) => resolve(reason)));
        await connected(s);
        expect(await gone).toBe('io server disconnect');
        s.close();
      } finally {
        await short.close();
      }
    });
  });
});
