import { randomUUID } from 'node:crypto';
import { createPatient, createRegion, login, loginAll, TestRegion } from './support/factories';
import { goutPathway } from './support/gout-pathway';
import { JOINT, jointAnswers } from './support/joint-answers';
import { fhirR4Problems } from './support/fhir-r4';
import { createTestApp, TestApp } from './support/test-app';

describe('Pathways as data (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'PA');
    b = await createRegion(t.db, 'PB');
    Object.assign(tok, await loginAll(t, a));
    tok.bNurse = await login(t, b.users.nurse.username);
    tok.bAdmin = await login(t, b.users.admin.username);
  });
  afterAll(() => t.close());

  it('ships the joint-complaints pathway in every new database, published as version 1', async () => {
    const list = await t.http('GET', '/pathways', { token: tok.nurse });
    expect(list.body).toContainEqual({ key: JOINT, title: { sv: 'Ledbesvär', en: 'Joint complaints' }, version: 1, status: 'published' });
    const def = await t.http('GET', `/pathways/${JOINT}`, { token: tok.nurse });
    expect(def.body.questions.map((q: { id: string }) => q.id)).toContain('visual_disturbance');
    expect(def.body.testCases.length).toBeGreaterThanOrEqual(20);
  });

  it('evaluates answers for any signed-in role and persists nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM triage_case')).rows[0].n;
    const res = await t.http('POST', `/pathways/${JOINT}/evaluate`, { token: tok.specialist, body: { answers: jointAnswers({ swollen_joint_count: 3, morning_stiffness_minutes: 45 }) } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ category: 'early_arthritis', dueInDays: 14, bookable: true, score: 1 });
    expect(res.body.reasons).toEqual([
      expect.objectContaining({ ruleId: 'inflammatory_arthritis', text: expect.objectContaining({ sv: expect.stringContaining('EULAR') }) }),
    ]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM triage_case')).rows[0].n).toBe(before);
    const bad = await t.http('POST', `/pathways/${JOINT}/evaluate`, { token: tok.nurse, body: { answers: { age_years: 30, girdle_pain_stiffness: true } } });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toContainEqual({ field: 'answers.girdle_pain_stiffness', reason: 'must not be answered: the other answers hide this question' });
    expect(bad.body.details).toContainEqual({ field: 'answers.swollen_joint_count', reason: 'is required' });
  });

  it('lets an administrator add a second pathway through the API alone, publish it, and a nurse use it', async () => {
    const created = await t.http('POST', '/pathways', { token: tok.admin, body: goutPathway() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'suspected-gout', status: 'draft', version: null });
    expect((await t.http('GET', '/pathways', { token: tok.nurse })).body.map((p: { key: string }) => p.key)).not.toContain('suspected-gout');
    const tests = await t.http('POST', '/pathways/suspected-gout/draft/test', { token: tok.admin });
    expect(tests.body.every((r: { passed: boolean }) => r.passed)).toBe(true);
    const published = await t.http('POST', '/pathways/suspected-gout/publish', { token: tok.admin });
    expect(published.body).toMatchObject({ key: 'suspected-gout', version: 1, status: 'published' });
    expect((await t.http('GET', '/pathways', { token: tok.nurse })).body.map((p: { key: string }) => p.key)).toContain('suspected-gout');
    const evaluated = await t.http('POST', '/pathways/suspected-gout/evaluate', { token: tok.nurse, body: { answers: { age_years: 70, first_mtp_attack: true, attacks_last_year: 2, tophi: true } } });
    expect(evaluated.body).toMatchObject({ category: 'specialist', dueInDays: 30, reasons: [expect.objectContaining({ ruleId: 'frequent_attacks' })] });
    const p = await createPatient(t, tok.nurse!, a.centres.main);
    const triaged = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: p.id, pathwayKey: 'suspected-gout', answers: { age_years: 70, first_mtp_attack: true, attacks_last_year: 4, tophi: false } },
    });
    expect(triaged.body).toMatchObject({ pathwayKey: 'suspected-gout', pathwayVersion: 1, category: 'specialist', status: 'awaiting_booking' });
    // Another region neither sees nor uses it.
    expect((await t.http('GET', '/pathways/suspected-gout', { token: tok.bNurse })).status).toBe(404);
  });

  it('refuses to publish a draft whose test case fails, naming the case and what came out instead', async () => {
    const draft = goutPathway();
    draft.testCases = [...draft.testCases, { name: 'Fel förväntan', answers: { age_years: 50, first_mtp_attack: true, attacks_last_year: 0 }, expected: { category: 'specialist' } }];
    expect((await t.http('PUT', '/pathways/suspected-gout/draft', { token: tok.admin, body: draft })).status).toBe(200);
    const res = await t.http('POST', '/pathways/suspected-gout/publish', { token: tok.admin });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([{ field: 'testCases.Fel förväntan', reason: 'expected specialist, got primary_care (score 0)' }]);
    expect((await t.http('GET', '/pathways/suspected-gout/versions', { token: tok.admin })).body.map((v: { version: number | null; status: string }) => [v.version, v.status])).toEqual([
      [null, 'draft'],
      [1, 'published'],
    ]);
  });

  it('checks a draft when it is saved: unknown question, boolean compared with a number, unknown operator', async () => {
    const bad = goutPathway({
      key: 'bad-rules',
      rules: [
        { id: 'a', category: 'specialist', when: { '>=': [{ var: 'attacks_per_year' }, 3] }, reason: { sv: 'x', en: 'x' } },
        { id: 'b', category: 'specialist', when: { '>': [{ var: 'first_mtp_attack' }, 2] }, reason: { sv: 'x', en: 'x' } },
        { id: 'c', category: 'specialist', when: { eval: 'process.exit()' }, reason: { sv: 'x', en: 'x' } },
      ],
    });
    const res = await t.http('POST', '/pathways', { token: tok.admin, body: bad });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'rules[0].when.>=[0].var', reason: 'unknown question "attacks_per_year"' },
        { field: 'rules[1].when.>', reason: '">" compares numbers, not a boolean' },
        expect.objectContaining({ field: 'rules[2].when.eval', reason: expect.stringContaining('unknown operator "eval"') }),
      ]),
    );
    expect((await t.http('GET', '/pathways/bad-rules/draft', { token: tok.admin })).status).toBe(404);
  });

  it('keeps pathway writes to administrators', async () => {
    expect((await t.http('POST', '/pathways', { token: tok.nurse, body: goutPathway({ key: 'nurse-made' }) })).status).toBe(403);
    expect((await t.http('PUT', `/pathways/${JOINT}/draft`, { token: tok.specialist, body: {} })).status).toBe(403);
    expect((await t.http('POST', `/pathways/${JOINT}/publish`, { token: tok.nurse })).status).toBe(403);
  });

  it('publishes a new joint-complaints version while cases keep the version that triaged them', async () => {
    const p = await createPatient(t, tok.nurse!, a.centres.main);
    const before = await t.http('POST', '/triage-cases', { token: tok.nurse, headers: { 'idempotency-key': randomUUID() }, body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 2 }) } });
    expect(before.body).toMatchObject({ pathwayVersion: 1, category: 'routine' });
    const current = (await t.http('GET', `/pathways/${JOINT}`, { token: tok.admin })).body;
    const { version: _v, status: _s, ...definition } = current;
    // The region's rheumatologists lower the EULAR joint threshold to 2.
    const draft = JSON.parse(JSON.stringify(definition).replace('{">=":[{"var":"swollen_joint_count"},3]}', '{">=":[{"var":"swollen_joint_count"},2]}'));
    // Its test cases say so too: two swollen joints now meet a referral criterion.
    draft.testCases = draft.testCases.map((tc: { answers: Record<string, unknown>; expected: { category: string } }) =>
      tc.answers.swollen_joint_count === 2 && tc.expected.category === 'routine' ? { ...tc, expected: { ...tc.expected, category: 'early_arthritis' } } : tc,
    );
    expect((await t.http('PUT', `/pathways/${JOINT}/draft`, { token: tok.admin, body: draft })).status).toBe(200);
    const impact = await t.http('POST', `/pathways/${JOINT}/draft/impact`, { token: tok.admin });
    expect(impact.body).toMatchObject({ source: 'past_cases', changed: expect.any(Number) });
    expect(impact.body.transitions).toContainEqual(expect.objectContaining({ from: 'routine', to: 'early_arthritis' }));
    const published = await t.http('POST', `/pathways/${JOINT}/publish`, { token: tok.admin });
    expect(published.body).toMatchObject({ version: 2, status: 'published' });
    const stored = await t.http('GET', `/triage-cases/${before.body.id}`, { token: tok.nurse });
    expect(stored.body).toMatchObject({ pathwayVersion: 1, category: 'routine' });
    await expect(t.db.query(`UPDATE pathway_version SET definition = '{}' WHERE pathway_key = $1 AND version = 1`, [JOINT])).rejects.toThrow(/immutable/);
    const v1 = await t.http('GET', `/pathways/${JOINT}/versions/1`, { token: tok.nurse });
    expect(v1.body.status).toBe('retired');
  });

  it('serves the JSON Schema and a FHIR R4 Questionnaire', async () => {
    const schema = await t.http('GET', '/pathways/schema', { token: tok.admin });
    expect(schema.body).toMatchObject({ type: 'object', required: expect.arrayContaining(['key', 'questions', 'rules', 'categories', 'testCases']) });
    const q = await t.http('GET', '/pathways/suspected-gout/fhir', { token: tok.nurse });
    expect(q.body).toMatchObject({ resourceType: 'Questionnaire', status: 'active', version: '1' });
    const tophi = q.body.item.find((i: { linkId: string }) => i.linkId === 'tophi');
    expect(tophi).toMatchObject({ type: 'boolean', required: true, enableWhen: [{ question: 'attacks_last_year', operator: '>=', answerInteger: 2 }] });
    // #15.11: valid FHIR R4, and so is the shipped pathway's.
    expect(fhirR4Problems(q.body)).toEqual([]);
    expect(fhirR4Problems((await t.http('GET', `/pathways/${JOINT}/fhir`, { token: tok.nurse })).body)).toEqual([]);
  });
});
