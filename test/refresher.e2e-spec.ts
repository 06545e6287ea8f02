import { randomUUID } from 'node:crypto';
import { createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { goutPathway } from './support/gout-pathway';
import { publishDraft, saveDraft } from './support/pathway-drafts';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 19, item 3: "a version that changes the form asks for a short refresher (the vignettes that changed)".
 * Over HTTP: a nurse trained on version 1; version 2 renames the pathway (nothing to practise again); version 3
 * changes a question one vignette answers and adds a vignette: her training mode offers those two only, she
 * may still submit meanwhile, and passing records her on version 3.
 */
describe('The refresher after a version that changed vignettes (issue 19)', () => {
  let t: TestApp;
  let a: TestRegion;
  let tok: Record<'nurse' | 'otherNurse' | 'specialist' | 'admin', string>;
  const KEY = 'rf-gout';
  const v1 = goutPathway({ key: KEY });
  const cases = v1.testCases;
  const fourAttacks = {
    name: 'Fyra attacker',
    answers: { age_years: 50, first_mtp_attack: true, attacks_last_year: 4, tophi: false },
    expected: { category: 'specialist' },
  };

  const training = (token = tok.nurse) => t.http('GET', `/pathways/${KEY}/training`, { token });
  const attempt = (version: number, results: Array<{ index: number; answers: Record<string, unknown> }>, token = tok.nurse) =>
    t.http('POST', `/pathways/${KEY}/training/attempts`, { token, body: { version, results } });
  /** The rollout board's row of the main centre (the nurse's). */
  const board = async () =>
    ((await t.http('GET', `/pathways/${KEY}/rollouts`, { token: tok.admin })).body.rollouts as Array<Record<string, unknown>>).find(
      (r) => r.healthCentreId === a.centres.main,
    )!;
  const mine = async (token = tok.nurse) =>
    ((await t.http('GET', '/my-pathways', { token })).body as Array<Record<string, unknown>>).find((p) => p.key === KEY)!;
  async function publish(definition: Record<string, unknown>): Promise<number> {
    expect((await saveDraft(t, tok.admin, KEY, definition)).status).toBe(200);
    const published = await publishDraft(t, tok.admin, KEY);
    expect(published.status).toBe(200);
    return published.body.version as number;
  }

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'RF');
    tok = await loginAll(t, a);
    expect((await t.http('POST', '/pathways', { token: tok.admin, body: v1 })).status).toBe(201);
    expect((await publishDraft(t, tok.admin, KEY)).status).toBe(200);
    for (const centre of [a.centres.main, a.centres.other]) {
      expect((await t.http('PUT', `/pathways/${KEY}/rollouts/${centre}`, { token: tok.admin, body: { state: 'live' } })).status).toBe(200);
    }
  });
  afterAll(() => t?.close());

  it('a nurse who never trained, or trained on the version in force, is offered every vignette', async () => {
    const first = await training();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, mode: 'full' });
    expect(first.body.vignettes.map((v: { index: number }) => v.index)).toEqual([0, 1, 2]);
    const passed = await attempt(
      1,
      cases.map((c, index) => ({ index, answers: c.answers })),
    );
    expect(passed.body).toMatchObject({ mode: 'full', total: 3, correct: 3, passed: true });
    expect((await training()).body).toMatchObject({ mode: 'full' });
    expect(await mine()).toMatchObject({ trained: true, trainedVersion: 1, refresherDue: false, usable: true });
  });

  it('a version that changes nothing a vignette shows (a new name) asks for no refresher', async () => {
    expect(await publish({ ...v1, title: { sv: 'Misstänkt gikt (reviderad)', en: 'Suspected gout (revised)' } })).toBe(2);
    expect(await mine()).toMatchObject({ version: 2, trainedVersion: 1, refresherDue: false, refresherVignettes: 0, usable: true });
    expect((await training()).body).toMatchObject({ version: 2, mode: 'full' });
    expect(await board()).toMatchObject({ trainedNurses: 1, refresherDue: 0 });
  });

  it('a version that changes a question and adds a vignette: the refresher is those two, and she may still submit meanwhile', async () => {
    const relabelled = { sv: 'S-urat (µmol/L)', en: 'S-urate (µmol/L)' };
    const questions = v1.questions.map((q) => (q.id === 'urate_umol_per_l' ? { ...q, label: relabelled } : q));
    expect(await publish({ ...v1, questions, testCases: [...cases, fourAttacks] })).toBe(3);
    expect(await mine()).toMatchObject({ version: 3, trainedVersion: 1, refresherDue: true, refresherVignettes: 2, usable: true });
    // The administrator's board counts her among the trained, and among those a refresher is asked of.
    expect(await board()).toMatchObject({ trainedNurses: 1, refresherDue: 1 });
    const refresher = await training();
    expect(refresher.body).toMatchObject({
      version: 3,
      mode: 'refresher',
      trainedVersion: 1,
      changes: [
        { index: 2, reasons: ['question'], questionIds: ['urate_umol_per_l'] },
        { index: 3, reasons: ['new'], questionIds: [] },
      ],
    });
    const shown = refresher.body.vignettes.map((v: { index: number; name: string }) => [v.index, v.name]);
    expect(shown).toEqual([
      [2, 'Högt urat'],
      [3, 'Fyra attacker'],
    ]);
    expect(JSON.stringify(refresher.body.vignettes)).not.toContain('expected');
    // Her screen asks; the submission is not refused (see rolloutProblems for why).
    const patient = await createPatient(t, tok.nurse, a.centres.main);
    const submitted = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: patient.id, pathwayKey: KEY, answers: cases[0]!.answers },
    });
    expect(submitted.status).toBe(201);
    // Another nurse who never trained takes the whole training, not a refresher.
    expect((await training(tok.otherNurse)).body).toMatchObject({ mode: 'full' });
    expect((await training(tok.otherNurse)).body.vignettes).toHaveLength(4);
  });

  it('the refresher is graded over its own vignettes; one outside it is refused naming the field; a pass records her on it', async () => {
    const right = [
      { index: 2, answers: cases[2]!.answers },
      { index: 3, answers: fourAttacks.answers },
    ];
    const outside = await attempt(3, [{ index: 0, answers: cases[0]!.answers }, ...right]);
    expect(outside.status).toBe(422);
    const notAsked = { code: 'invalid', field: 'results.0.index', reason: 'vignette 0 is not part of your refresher' };
    expect(outside.body.details).toEqual([notAsked]);
    // One of two right is under the 90 % mark: not recorded, the refresher stays due.
    const half = await attempt(3, [right[0]!, { index: 3, answers: { ...fourAttacks.answers, attacks_last_year: 1 } }]);
    expect(half.body).toMatchObject({ mode: 'refresher', total: 2, correct: 1, score: 0.5, passed: false });
    // Leaving one out counts it as wrong: the share is of the refresher's vignettes.
    expect((await attempt(3, [right[0]!])).body).toMatchObject({ total: 2, correct: 1, passed: false });
    expect(await mine()).toMatchObject({ refresherDue: true });
    const passed = await attempt(3, right);
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({ mode: 'refresher', total: 2, correct: 2, score: 1, passed: true });
    const stored = await t.db.query(
      'SELECT method, pathway_version, score FROM pathway_training WHERE user_id = $1 AND pathway_key = $2 ORDER BY trained_at',
      [a.users.nurse.id, KEY],
    );
    expect(stored.rows).toEqual([
      { method: 'vignettes', pathway_version: 1, score: '1.0000' },
      { method: 'refresher', pathway_version: 3, score: '1.0000' },
    ]);
    const audit = await t.db.query(
      `SELECT detail FROM audit_event WHERE resource_type = 'PathwayTraining' AND action = 'execute' AND actor_user_id = $1
        ORDER BY id DESC LIMIT 1`,
      [a.users.nurse.id],
    );
    expect(audit.rows[0].detail).toMatchObject({ method: 'refresher', trainedVersion: 1, pathwayVersion: 3, passed: true });
    expect(await mine()).toMatchObject({ trainedVersion: 3, refresherDue: false, refresherVignettes: 0 });
    expect(await board()).toMatchObject({ trainedNurses: 1, refresherDue: 0 });
    expect((await training()).body).toMatchObject({ mode: 'full' });
    const records = (await t.http('GET', `/pathways/${KEY}/training-records`, { token: tok.admin })).body;
    const record = expect.objectContaining({ userId: a.users.nurse.id, method: 'refresher', pathwayVersion: 3, score: 1 });
    expect(records).toEqual(expect.arrayContaining([record]));
  });
});
