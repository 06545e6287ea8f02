import { randomUUID } from 'node:crypto';
import { PathwaysService } from '@app/pathways';
import { DemoSeeder } from '../apps/api/src/demo/demo-seeder';
import { runMigrations } from '../libs/database/src/migrate';
import { SHIPPED_PATHWAYS } from '../libs/pathways/src/shipped-pathways';
import { createPatient, createRegion, goLive, login, loginAll, secondAdmin, type TestRegion } from './support/factories';
import { goutPathway } from './support/gout-pathway';
import { JOINT, jointAnswers } from './support/joint-answers';
import { draftRevision, publishDraft, saveDraft } from './support/pathway-drafts';
import { fhirR4Problems } from './support/fhir-r4';
import { createTestApp, earlierInstallation, type TestApp } from './support/test-app';

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
    expect(list.body).toContainEqual({
      key: JOINT,
      title: { sv: 'Ledbesvär', en: 'Joint complaints' },
      version: 1,
      status: 'published',
      ownership: 'template',
      revision: expect.any(Number),
    });
    const def = await t.http('GET', `/pathways/${JOINT}`, { token: tok.nurse });
    expect(def.body.questions.map((q: { id: string }) => q.id)).toContain('visual_disturbance');
    expect(def.body.testCases.length).toBeGreaterThanOrEqual(20);
  });

  it('evaluates answers for any signed-in role and persists nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM triage_case')).rows[0].n;
    const res = await t.http('POST', `/pathways/${JOINT}/evaluate`, {
      token: tok.specialist,
      body: { answers: jointAnswers({ swollen_joint_count: 3, morning_stiffness_minutes: 45 }) },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ category: 'early_arthritis', dueInDays: 14, bookable: true, score: 1 });
    expect(res.body.reasons).toEqual([
      expect.objectContaining({
        ruleId: 'inflammatory_arthritis',
        text: expect.objectContaining({ sv: expect.stringContaining('EULAR') }),
      }),
    ]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM triage_case')).rows[0].n).toBe(before);
    const bad = await t.http('POST', `/pathways/${JOINT}/evaluate`, {
      token: tok.nurse,
      body: { answers: { age_years: 30, girdle_pain_stiffness: true } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toContainEqual({
      field: 'answers.girdle_pain_stiffness',
      reason: 'must not be answered: the other answers hide this question',
      code: 'hidden_question',
    });
    expect(bad.body.details).toContainEqual({ field: 'answers.swollen_joint_count', reason: 'is required', code: 'required' });
  });

  it('lets an administrator add a second pathway through the API alone, publish it, and a nurse use it', async () => {
    const created = await t.http('POST', '/pathways', { token: tok.admin, body: goutPathway() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'suspected-gout', status: 'draft', version: null });
    expect((await t.http('GET', '/pathways', { token: tok.nurse })).body.map((p: { key: string }) => p.key)).not.toContain(
      'suspected-gout',
    );
    const tests = await t.http('POST', '/pathways/suspected-gout/draft/test', { token: tok.admin });
    expect(tests.body.every((r: { passed: boolean }) => r.passed)).toBe(true);
    const published = await publishDraft(t, tok.admin!, 'suspected-gout');
    expect(published.body).toMatchObject({ key: 'suspected-gout', version: 1, status: 'published' });
    expect((await t.http('GET', '/pathways', { token: tok.nurse })).body.map((p: { key: string }) => p.key)).toContain('suspected-gout');
    const evaluated = await t.http('POST', '/pathways/suspected-gout/evaluate', {
      token: tok.nurse,
      body: { answers: { age_years: 70, first_mtp_attack: true, attacks_last_year: 2, tophi: true } },
    });
    expect(evaluated.body).toMatchObject({
      category: 'specialist',
      dueInDays: 30,
      reasons: [expect.objectContaining({ ruleId: 'frequent_attacks' })],
    });
    // Issue 19: live at the nurse's centre and she is trained, both through the API.
    expect(
      (await t.http('PUT', `/pathways/suspected-gout/rollouts/${a.centres.main}`, { token: tok.admin, body: { state: 'live' } })).status,
    ).toBe(200);
    expect(
      (await t.http('POST', '/pathways/suspected-gout/training-records', { token: tok.admin, body: { userId: a.users.nurse.id } })).status,
    ).toBe(201);
    const p = await createPatient(t, tok.nurse!, a.centres.main);
    const triaged = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        patientId: p.id,
        pathwayKey: 'suspected-gout',
        answers: { age_years: 70, first_mtp_attack: true, attacks_last_year: 4, tophi: false },
      },
    });
    expect(triaged.body).toMatchObject({
      pathwayKey: 'suspected-gout',
      pathwayVersion: 1,
      category: 'specialist',
      status: 'awaiting_booking',
    });
    // Another region neither sees nor uses it.
    expect((await t.http('GET', '/pathways/suspected-gout', { token: tok.bNurse })).status).toBe(404);
  });

  it('refuses to publish a draft whose test case fails, naming the case and what came out instead', async () => {
    const draft = goutPathway();
    draft.testCases = [
      ...draft.testCases,
      {
        name: 'Fel förväntan',
        answers: { age_years: 50, first_mtp_attack: true, attacks_last_year: 0 },
        expected: { category: 'specialist' },
      },
    ];
    expect((await saveDraft(t, tok.admin!, 'suspected-gout', draft)).status).toBe(200);
    const res = await publishDraft(t, tok.admin!, 'suspected-gout');
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      { field: 'testCases.Fel förväntan', reason: 'expected specialist, got primary_care (score 0)', code: 'invalid' },
    ]);
    expect(
      (await t.http('GET', '/pathways/suspected-gout/versions', { token: tok.admin })).body.map(
        (v: { version: number | null; status: string }) => [v.version, v.status],
      ),
    ).toEqual([
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
        { field: 'rules[0].when.>=[0].var', reason: 'unknown question "attacks_per_year"', code: 'invalid' },
        { field: 'rules[1].when.>', reason: '">" compares numbers, not a boolean', code: 'invalid' },
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

  it("publishes a new version of a region's copy of joint-complaints while cases keep the version that triaged them", async () => {
    expect((await t.http('POST', `/pathways/${JOINT}/copy`, { token: tok.admin, body: { key: 'joint-pa' } })).status).toBe(201);
    expect((await publishDraft(t, tok.admin!, 'joint-pa')).body).toMatchObject({ version: 1, status: 'published' });
    await goLive(t.db, 'joint-pa', a);
    const p = await createPatient(t, tok.nurse!, a.centres.main);
    const before = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: p.id, pathwayKey: 'joint-pa', answers: jointAnswers({ swollen_joint_count: 2 }) },
    });
    expect(before.body).toMatchObject({ pathwayVersion: 1, category: 'routine' });
    const current = (await t.http('GET', '/pathways/joint-pa', { token: tok.admin })).body;
    const { version: _v, status: _s, ...definition } = current;
    // The region's rheumatologists lower the EULAR joint threshold to 2.
    const lowered = JSON.stringify(definition).replace(
      '{">=":[{"var":"swollen_joint_count"},3]}',
      '{">=":[{"var":"swollen_joint_count"},2]}',
    );
    expect(lowered).not.toBe(JSON.stringify(definition));
    const draft = JSON.parse(lowered);
    // Its test cases say so too: two swollen joints now meet a referral criterion.
    draft.testCases = draft.testCases.map((tc: { answers: Record<string, unknown>; expected: { category: string } }) =>
      tc.answers.swollen_joint_count === 2 && tc.expected.category === 'routine'
        ? { ...tc, expected: { ...tc.expected, category: 'early_arthritis' } }
        : tc,
    );
    expect((await saveDraft(t, tok.admin!, 'joint-pa', draft)).status).toBe(200);
    const impact = await t.http('POST', '/pathways/joint-pa/draft/impact', { token: tok.admin });
    expect(impact.body).toMatchObject({
      source: 'past_cases',
      changed: expect.any(Number),
      revision: await draftRevision(t, tok.admin!, 'joint-pa'),
    });
    expect(impact.body.transitions).toContainEqual(expect.objectContaining({ from: 'routine', to: 'early_arthritis' }));
    // Signed off by a second administrator (issue 20) and published at the revision whose impact was shown.
    const published = await publishDraft(t, tok.admin!, 'joint-pa');
    expect(published.body).toMatchObject({ version: 2, status: 'published', revision: impact.body.revision });
    const stored = await t.http('GET', `/triage-cases/${before.body.id}`, { token: tok.nurse });
    expect(stored.body).toMatchObject({ pathwayVersion: 1, category: 'routine' });
    await expect(t.db.query(`UPDATE pathway_version SET definition = '{}' WHERE pathway_key = 'joint-pa' AND version = 1`)).rejects.toThrow(
      /immutable/,
    );
    const v1 = await t.http('GET', '/pathways/joint-pa/versions/1', { token: tok.nurse });
    expect(v1.body.status).toBe('retired');
    // The shipped pathway itself is untouched.
    expect((await t.http('GET', `/pathways/${JOINT}`, { token: tok.nurse })).body).toMatchObject({ version: 1, status: 'published' });
  });

  it('serves the JSON Schema and a FHIR R4 Questionnaire', async () => {
    const schema = await t.http('GET', '/pathways/schema', { token: tok.admin });
    expect(schema.body).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['key', 'questions', 'rules', 'categories', 'testCases']),
    });
    const q = await t.http('GET', '/pathways/suspected-gout/fhir', { token: tok.nurse });
    expect(q.body).toMatchObject({ resourceType: 'Questionnaire', status: 'active', version: '1' });
    const tophi = q.body.item.find((i: { linkId: string }) => i.linkId === 'tophi');
    expect(tophi).toMatchObject({
      type: 'boolean',
      required: true,
      enableWhen: [{ question: 'attacks_last_year', operator: '>=', answerInteger: 2 }],
    });
    // #15.11: valid FHIR R4, and so is the shipped pathway's.
    expect(fhirR4Problems(q.body)).toEqual([]);
    expect(fhirR4Problems((await t.http('GET', `/pathways/${JOINT}/fhir`, { token: tok.nurse })).body)).toEqual([]);
  });

  /** Every row of a pathway and its versions, to show that a refused request changed nothing. */
  const snapshot = async (key: string) =>
    (
      await t.db.query(
        `SELECT p.key, p.owner_region_id, v.id, v.version, v.status, v.revision, v.definition::text, v.updated_at
         FROM pathway p LEFT JOIN pathway_version v ON v.pathway_key = p.key WHERE p.key = $1 ORDER BY v.revision`,
        [key],
      )
    ).rows;
  const auditRows = async (key: string) =>
    (
      await t.db.query(
        `SELECT action, resource_type, actor_user_id, region_id, detail FROM audit_event WHERE resource_type = 'Pathway' AND resource_id = $1 ORDER BY id`,
        [key],
      )
    ).rows;

  describe("#15.1 ownership: shipped pathways are read-only templates, every change is its owner region's and audited", () => {
    it("#15.1: another region's admin can neither draft nor publish the shipped pathway; nothing changes; triage still says emergency", async () => {
      const before = await snapshot(JOINT);
      const auditBefore = await auditRows(JOINT);
      const read = await t.http('GET', `/pathways/${JOINT}`, { token: tok.bAdmin });
      expect(read.body).toMatchObject({ status: 'published', ownership: 'template' });
      // The attack of the issue: the septic-arthritis rule never fires, its test cases dropped.
      const { version: _v, status: _s, revision, ownership: _o, ...definition } = read.body;
      const sabotaged = {
        ...definition,
        rules: definition.rules.map((r: { id: string; when: unknown }) =>
          r.id === 'septic_arthritis' ? { ...r, when: { '<': [{ var: 'age_years' }, 0] } } : r,
        ),
        testCases: definition.testCases.filter((tc: { expected: { category: string } }) => tc.expected.category !== 'emergency'),
      };
      for (const token of [tok.bAdmin, tok.admin]) {
        const draft = await t.http('GET', `/pathways/${JOINT}/draft`, { token });
        expect(draft.status).toBe(403);
        const put = await t.http('PUT', `/pathways/${JOINT}/draft`, { token, body: sabotaged, headers: { 'if-match': `"${revision}"` } });
        expect(put.status).toBe(403);
        expect(put.body.message).toMatch(/template.*copy/);
        const publish = await t.http('POST', `/pathways/${JOINT}/publish`, { token, body: { revision } });
        expect(publish.status).toBe(403);
        expect((await t.http('POST', `/pathways/${JOINT}/draft/test`, { token })).status).toBe(403);
        expect((await t.http('POST', `/pathways/${JOINT}/draft/impact`, { token })).status).toBe(403);
        expect((await t.http('POST', `/pathways/${JOINT}/offer`, { token })).status).toBe(404);
        expect((await t.http('POST', '/pathways', { token, body: sabotaged })).status).toBe(409);
      }
      expect(await snapshot(JOINT)).toEqual(before);
      expect(await auditRows(JOINT)).toEqual(auditBefore);
      // Region A's (Jämtland's) nurse: an acute hot swollen joint with fever is still an emergency, on the shipped version.
      const p = await createPatient(t, tok.nurse!, a.centres.main);
      const triaged = await t.http('POST', '/triage-cases', {
        token: tok.nurse,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          patientId: p.id,
          pathwayKey: JOINT,
          answers: jointAnswers({ fever: true, acute_hot_swollen_joint: true, swollen_joint_count: 1 }),
        },
      });
      expect(triaged.status).toBe(201);
      expect(triaged.body).toMatchObject({ category: 'emergency', pathwayVersion: before.find((r) => r.status === 'published').version });
      expect(triaged.body.reasons).toContainEqual(expect.objectContaining({ ruleId: 'septic_arthritis' }));
    });

    it("#15.1: a copy of the shipped pathway is a draft of the caller's region, changed and published by it alone, every step audited", async () => {
      const copied = await t.http('POST', `/pathways/${JOINT}/copy`, {
        token: tok.bAdmin,
        body: { key: 'joint-pb', title: { sv: 'Ledbesvär (PB)', en: 'Joint complaints (PB)' } },
      });
      expect(copied.status).toBe(201);
      expect(copied.body).toMatchObject({ key: 'joint-pb', status: 'draft', version: null, ownership: 'own', revision: 1 });
      expect(copied.headers.get('etag')).toBe('"1"');
      const draft = await t.http('GET', '/pathways/joint-pb/draft', { token: tok.bAdmin });
      expect(draft.body).toMatchObject({ key: 'joint-pb', title: { sv: 'Ledbesvär (PB)', en: 'Joint complaints (PB)' } });
      const shipped = (await t.http('GET', `/pathways/${JOINT}`, { token: tok.bAdmin })).body;
      expect(draft.body.rules).toEqual(shipped.rules);
      // Another region does not see it at all: 404 as for an unknown key, and nothing changes.
      const before = await snapshot('joint-pb');
      expect((await t.http('GET', '/pathways/joint-pb/draft', { token: tok.admin })).status).toBe(404);
      expect(
        (
          await t.http('PUT', '/pathways/joint-pb/draft', {
            token: tok.admin,
            body: { ...draft.body, title: { sv: 'x', en: 'x' } },
            headers: { 'if-match': '"1"' },
          })
        ).status,
      ).toBe(404);
      expect((await t.http('POST', '/pathways/joint-pb/publish', { token: tok.admin, body: { revision: 1 } })).status).toBe(404);
      expect((await t.http('POST', '/pathways/joint-pb/copy', { token: tok.admin, body: { key: 'joint-pa-2' } })).status).toBe(404);
      expect(await snapshot('joint-pb')).toEqual(before);
      // Its own region changes and publishes it.
      const saved = await t.http('PUT', '/pathways/joint-pb/draft', {
        token: tok.bAdmin,
        body: { ...draft.body, title: { sv: 'Leder PB', en: 'Joints PB' } },
        headers: { 'if-match': '"1"' },
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ revision: 2 });
      const published = await publishDraft(t, tok.bAdmin!, 'joint-pb');
      expect(published.body).toMatchObject({ key: 'joint-pb', version: 1, status: 'published', revision: 2 });
      const approver = await secondAdmin(t.db, b.id);
      expect((await t.http('GET', '/pathways/joint-pb', { token: tok.bNurse })).body).toMatchObject({
        title: { sv: 'Leder PB', en: 'Joints PB' },
      });
      expect((await t.http('GET', '/pathways/joint-pb', { token: tok.nurse })).status).toBe(404);
      // The catalogue's changes: offer, adopt, give up, withdraw.
      expect((await t.http('POST', '/pathways/joint-pb/offer', { token: tok.bAdmin })).status).toBe(201);
      expect((await t.http('POST', '/pathway-catalogue/joint-pb/adopt', { token: tok.admin })).status).toBe(201);
      // The adopter uses it and may copy it, but does not change it.
      expect(
        (await t.http('PUT', '/pathways/joint-pb/draft', { token: tok.admin, body: draft.body, headers: { 'if-match': '"2"' } })).status,
      ).toBe(403);
      expect((await t.http('POST', '/pathway-catalogue/joint-pb/adopt', { token: tok.admin })).status).toBe(409);
      expect((await t.http('DELETE', '/pathway-catalogue/joint-pb/adopt', { token: tok.admin })).status).toBe(204);
      expect((await t.http('DELETE', '/pathways/joint-pb/offer', { token: tok.bAdmin })).status).toBe(204);
      const audit = await auditRows('joint-pb');
      expect(audit.map((r) => [r.action, r.actor_user_id, r.detail.change])).toEqual([
        ['create', b.users.admin.id, 'copy'],
        ['update', b.users.admin.id, 'draft'],
        ['update', b.users.admin.id, 'submit'],
        ['update', approver.id, 'approve'],
        ['update', b.users.admin.id, 'publish'],
        ['create', b.users.admin.id, 'offer'],
        ['create', a.users.admin.id, 'adopt'],
        ['delete', a.users.admin.id, 'give_up'],
        ['delete', b.users.admin.id, 'withdraw_offer'],
      ]);
      expect(audit[0].detail).toMatchObject({ copiedFrom: { key: JOINT, version: expect.any(Number) }, revision: 1 });
      expect(audit[4].detail).toMatchObject({ version: 1, revision: 2, reviewedBy: approver.id, submittedBy: b.users.admin.id });
      expect(audit.every((r) => r.resource_type === 'Pathway')).toBe(true);
      // Creating a pathway is audited too.
      expect((await t.http('POST', '/pathways', { token: tok.bAdmin, body: goutPathway({ key: 'pb-gout' }) })).status).toBe(201);
      expect((await auditRows('pb-gout')).map((r) => [r.action, r.detail.change, r.detail.revision])).toEqual([['create', 'create', 1]]);
    });

    it('#15.1: refuses a copy onto a used or invalid key, naming the field, and changes nothing', async () => {
      const count = async () =>
        (await t.db.query('SELECT (SELECT count(*) FROM pathway)::int AS p, (SELECT count(*) FROM pathway_version)::int AS v')).rows[0];
      const before = await count();
      const used = await t.http('POST', `/pathways/${JOINT}/copy`, { token: tok.bAdmin, body: { key: 'joint-pb' } });
      expect(used.status).toBe(409);
      expect(used.body.details).toEqual([{ field: 'key', reason: 'already used', code: 'invalid' }]);
      const invalid = await t.http('POST', `/pathways/${JOINT}/copy`, { token: tok.bAdmin, body: { key: 'Not A Key' } });
      expect(invalid.status).toBe(422);
      expect(invalid.body.details).toContainEqual(expect.objectContaining({ field: 'key' }));
      const missing = await t.http('POST', `/pathways/${JOINT}/copy`, { token: tok.bAdmin, body: {} });
      expect(missing.status).toBe(400);
      expect(missing.body.details).toContainEqual(expect.objectContaining({ field: 'key' }));
      expect((await t.http('POST', '/pathways/no-such-pathway/copy', { token: tok.bAdmin, body: { key: 'never-made' } })).status).toBe(404);
      expect(await count()).toEqual(before);
    });

    it('#15.1: the database refuses a draft or published version of a pathway without an owner region, except from the shipped-pathway loader', async () => {
      const definition = (
        await t.db.query(`SELECT definition FROM pathway_version WHERE pathway_key = $1 AND status = 'published'`, [JOINT])
      ).rows[0].definition;
      await expect(
        t.db.query(`INSERT INTO pathway_version (pathway_key, status, definition) VALUES ($1, 'draft', $2)`, [JOINT, definition]),
      ).rejects.toThrow(/shipped template/);
      await expect(
        t.db.query(
          `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at) VALUES ($1, 99, 'published', $2, now())`,
          [JOINT, definition],
        ),
      ).rejects.toThrow(/shipped template/);
      await expect(t.db.query(`INSERT INTO pathway (key, owner_region_id) VALUES ('ownerless', NULL)`)).rejects.toThrow(/owner region/);
      await expect(t.db.query(`UPDATE pathway SET owner_region_id = $1 WHERE key = $2`, [b.id, JOINT])).rejects.toThrow(/does not change/);
      await expect(t.db.query(`UPDATE pathway SET owner_region_id = NULL WHERE key = 'joint-pb'`)).rejects.toThrow(/does not change/);
      // The loader's transaction-local setting lets it through (rolled back here).
      const client = await t.db.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL ledtriage.shipped_loader = 'on'`);
        await client.query(`INSERT INTO pathway (key, owner_region_id) VALUES ('ownerless', NULL)`);
        await client.query(
          `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at) VALUES ('ownerless', 1, 'published', $1, now())`,
          [definition],
        );
        await client.query('ROLLBACK');
        // The setting ends with its transaction.
        await expect(client.query(`INSERT INTO pathway (key, owner_region_id) VALUES ('ownerless', NULL)`)).rejects.toThrow(/owner region/);
      } finally {
        client.release();
      }
    });
  });

  describe('#15.12 drafts: ETag / If-Match on saves, the reviewed revision on publish', () => {
    let second: string;
    beforeAll(async () => {
      await t.db.query(
        `INSERT INTO app_user (username, display_name, password_hash, role, region_id)
         SELECT 'admin2.pa', 'Admin två', password_hash, 'admin', region_id FROM app_user WHERE id = $1`,
        [a.users.admin.id],
      );
      second = await login(t, 'admin2.pa');
      expect((await t.http('POST', '/pathways', { token: tok.admin, body: goutPathway({ key: 'pa-concurrent' }) })).status).toBe(201);
    });

    it('#15.12: a draft answers with its ETag; a save without If-Match is 428 and with a stale one 412, changing nothing', async () => {
      const draft = await t.http('GET', '/pathways/pa-concurrent/draft', { token: tok.admin });
      expect(draft.headers.get('etag')).toBe(`"${draft.body.revision}"`);
      const before = await snapshot('pa-concurrent');
      const body = goutPathway({ key: 'pa-concurrent', title: { sv: 'Ändrad', en: 'Changed' } });
      const missing = await t.http('PUT', '/pathways/pa-concurrent/draft', { token: tok.admin, body });
      expect(missing.status).toBe(428);
      expect(missing.body.details).toEqual([{ field: 'If-Match', reason: 'is required', code: 'invalid' }]);
      for (const stale of ['"999"', `W/"${draft.body.revision}"`, '*', 'garbage']) {
        const res = await t.http('PUT', '/pathways/pa-concurrent/draft', { token: tok.admin, body, headers: { 'if-match': stale } });
        expect(res.status).toBe(412);
        expect(res.body.details).toEqual([
          { field: 'If-Match', reason: expect.stringContaining(`revision ${draft.body.revision}`), code: 'invalid' },
        ]);
      }
      expect(await snapshot('pa-concurrent')).toEqual(before);
      const ok = await t.http('PUT', '/pathways/pa-concurrent/draft', {
        token: tok.admin,
        body,
        headers: { 'if-match': draft.headers.get('etag')! },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('etag')).toBe(`"${ok.body.revision}"`);
      expect(ok.body.revision).toBeGreaterThan(draft.body.revision);
    });

    it("#15.12: two administrators save the same draft at once: exactly one wins, the other gets 412 and the stored draft is the winner's", async () => {
      for (let round = 0; round < 5; round++) {
        const { revision } = (await t.http('GET', '/pathways/pa-concurrent/draft', { token: tok.admin })).body;
        const bodies = [tok.admin!, second].map((_, i) =>
          goutPathway({ key: 'pa-concurrent', title: { sv: `Runda ${round} admin ${i}`, en: `Round ${round} admin ${i}` } }),
        );
        const answers = await Promise.all(
          [tok.admin!, second].map((token, i) =>
            t.http('PUT', '/pathways/pa-concurrent/draft', { token, body: bodies[i], headers: { 'if-match': `"${revision}"` } }),
          ),
        );
        expect(answers.map((r) => r.status).sort()).toEqual([200, 412]);
        const winner = answers.findIndex((r) => r.status === 200);
        const stored = (await t.http('GET', '/pathways/pa-concurrent/draft', { token: second })).body;
        expect(stored.title).toEqual(bodies[winner]!.title);
        expect(stored.revision).toBe(answers[winner]!.body.revision);
      }
    });

    it('#15.12: publish names the revision it reviewed: 428 without, 412 when the draft changed since, and nothing is published', async () => {
      const reviewed = (await t.http('POST', '/pathways/pa-concurrent/draft/impact', { token: tok.admin })).body.revision;
      // The second administrator changes the draft after the review.
      const changed = await saveDraft(
        t,
        second,
        'pa-concurrent',
        goutPathway({ key: 'pa-concurrent', title: { sv: 'Efter granskningen', en: 'After the review' } }),
      );
      expect(changed.status).toBe(200);
      const before = await snapshot('pa-concurrent');
      const missing = await t.http('POST', '/pathways/pa-concurrent/publish', { token: tok.admin, body: {} });
      expect(missing.status).toBe(428);
      expect(missing.body.details).toEqual([{ field: 'revision', reason: 'is required', code: 'invalid' }]);
      expect((await t.http('POST', '/pathways/pa-concurrent/publish', { token: tok.admin })).status).toBe(428);
      const stale = await t.http('POST', '/pathways/pa-concurrent/publish', { token: tok.admin, body: { revision: reviewed } });
      expect(stale.status).toBe(412);
      expect(stale.body.details).toEqual([
        { field: 'revision', reason: expect.stringContaining(`revision ${changed.body.revision}`), code: 'invalid' },
      ]);
      const bad = await t.http('POST', '/pathways/pa-concurrent/publish', { token: tok.admin, body: { revision: 'latest' } });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toContainEqual(expect.objectContaining({ field: 'revision' }));
      expect(await snapshot('pa-concurrent')).toEqual(before);
      // Reviewed again, published; a new draft then starts from the published revision (If-Match it, as the editor does).
      const published = await publishDraft(t, tok.admin!, 'pa-concurrent');
      expect(published.body).toMatchObject({ version: 1, revision: changed.body.revision });
      expect((await t.http('GET', '/pathways/pa-concurrent/draft', { token: tok.admin })).status).toBe(404);
      const reopened = await t.http('PUT', '/pathways/pa-concurrent/draft', {
        token: tok.admin,
        body: goutPathway({ key: 'pa-concurrent' }),
        headers: { 'if-match': `"${changed.body.revision}"` },
      });
      expect(reopened.status).toBe(200);
      // Revisions never repeat within a pathway, so an ETag of the published draft cannot match the new one.
      expect(reopened.body.revision).toBeGreaterThan(changed.body.revision);
      const old = await t.http('PUT', '/pathways/pa-concurrent/draft', {
        token: second,
        body: goutPathway({ key: 'pa-concurrent' }),
        headers: { 'if-match': `"${changed.body.revision}"` },
      });
      expect(old.status).toBe(412);
    });
  });

  it('#15.9: a version that is not a whole number from 1 to 2147483647 is 400 naming the field, not 500', async () => {
    for (const version of ['2147483648', '-1', '1e3', '0', '1.5', 'abc', '99999999999999999999']) {
      const res = await t.http('GET', `/pathways/${JOINT}/versions/${version}`, { token: tok.nurse });
      expect([version, res.status]).toEqual([version, 400]);
      expect(res.body.details).toEqual([{ field: 'version', reason: 'must be a whole number from 1 to 2147483647', code: 'invalid' }]);
    }
    expect((await t.http('GET', `/pathways/${JOINT}/versions/2147483647`, { token: tok.nurse })).status).toBe(404);
    expect((await t.http('GET', `/pathways/${JOINT}/versions/1`, { token: tok.nurse })).status).toBe(200);
  });

  it("#15.1: the loader publishes an updated shipped definition as the template's next version, once, and audits it", async () => {
    const service = t.app.get(PathwaysService);
    const original = SHIPPED_PATHWAYS[0]!;
    const versionsOf = async () =>
      (await t.db.query(`SELECT version, status FROM pathway_version WHERE pathway_key = $1 ORDER BY version`, [JOINT])).rows;
    const before = await versionsOf();
    const latest = Math.max(...before.map((r) => r.version));
    await service.onModuleInit();
    expect(await versionsOf()).toEqual(before);
    try {
      // A new release of the product: the shipped definition changed.
      SHIPPED_PATHWAYS[0] = { ...original, title: { sv: 'Ledbesvär (ny utgåva)', en: 'Joint complaints (new release)' } };
      await service.onModuleInit();
      await service.onModuleInit();
      const after = await versionsOf();
      expect(after.slice(-2)).toEqual([
        { version: latest, status: 'retired' },
        { version: latest + 1, status: 'published' },
      ]);
      expect((await t.http('GET', `/pathways/${JOINT}`, { token: tok.nurse })).body).toMatchObject({
        version: latest + 1,
        title: { en: 'Joint complaints (new release)' },
      });
      const audit = await t.db.query(
        `SELECT actor_username, action, detail FROM audit_event WHERE resource_type = 'Pathway' AND resource_id = $1 ORDER BY id DESC LIMIT 1`,
        [JOINT],
      );
      expect(audit.rows[0]).toMatchObject({
        actor_username: 'system:shipped-pathways',
        action: 'update',
        detail: { change: 'publish', version: latest + 1 },
      });
    } finally {
      SHIPPED_PATHWAYS[0] = original;
    }
  });

  it('#15.1: migrating an installation where a region published version 2 of the shipped pathway keeps its versions and its work', async () => {
    const { url, db, drop } = await earlierInstallation('PathwayOwnership1764064800000');
    let app: TestApp | undefined;
    try {
      const x = await createRegion(db as never, 'MX');
      const y = await createRegion(db as never, 'MY_2');
      const shipped = SHIPPED_PATHWAYS[0]!;
      const changed = { ...shipped, title: { sv: 'Ändrad av MX', en: 'Changed by MX' } };
      // The old way: loaded as version 1, MX published version 2, MY left a draft open.
      await db.query('INSERT INTO pathway (key) VALUES ($1)', [JOINT]);
      await db.query(
        `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at) VALUES ($1, 1, 'retired', $2, now())`,
        [JOINT, shipped],
      );
      await db.query(
        `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at, published_by) VALUES ($1, 2, 'published', $2, now(), $3)`,
        [JOINT, changed, x.users.admin.id],
      );
      await db.query(`INSERT INTO pathway_version (pathway_key, status, definition, updated_by) VALUES ($1, 'draft', $2, $3)`, [
        JOINT,
        { ...shipped, title: { sv: 'Utkast MY', en: 'Draft MY' } },
        y.users.admin.id,
      ]);
      await runMigrations(url);
      const versions = (
        await db.query('SELECT version, status, revision FROM pathway_version WHERE pathway_key = $1 ORDER BY revision', [JOINT])
      ).rows;
      expect(versions).toEqual([
        { version: 1, status: 'retired', revision: 1 },
        { version: 2, status: 'published', revision: 2 },
      ]);
      const copies = (
        await db.query(
          `SELECT p.key, p.owner_region_id, v.status, v.definition->>'key' AS def_key, v.definition->'title'->>'en' AS title
           FROM pathway p JOIN pathway_version v ON v.pathway_key = p.key WHERE p.key <> $1 ORDER BY p.key`,
          [JOINT],
        )
      ).rows;
      expect(copies).toEqual([
        { key: `${JOINT}-mx`, owner_region_id: x.id, status: 'draft', def_key: `${JOINT}-mx`, title: 'Changed by MX' },
        { key: `${JOINT}-my-2`, owner_region_id: y.id, status: 'draft', def_key: `${JOINT}-my-2`, title: 'Draft MY' },
      ]);
      // On start-up the shipped definition is published again as version 3, for every region.
      app = await createTestApp({ databaseUrl: url });
      const after = (await db.query('SELECT version, status FROM pathway_version WHERE pathway_key = $1 ORDER BY version', [JOINT])).rows;
      expect(after).toEqual([
        { version: 1, status: 'retired' },
        { version: 2, status: 'retired' },
        { version: 3, status: 'published' },
      ]);
      const token = await login(app, x.users.admin.username);
      expect((await app.http('GET', `/pathways/${JOINT}`, { token })).body).toMatchObject({
        version: 3,
        title: shipped.title,
        ownership: 'template',
      });
      // The region's work is its own draft, ready to publish.
      expect((await publishDraft(app, token, `${JOINT}-mx`)).body).toMatchObject({ version: 1, status: 'published' });
    } finally {
      await app?.close();
      await drop();
    }
  });

  describe("#15.1 on the demo data: Region Västernorrland's admin and Jämtland's triage", () => {
    let demo: TestApp;
    beforeAll(async () => {
      demo = await createTestApp();
      await demo.app.get(DemoSeeder).seed('demo');
    }, 120_000);
    afterAll(() => demo?.close());
    const demoToken = async (username: string) =>
      (await demo.http('POST', '/auth/login', { body: { username, password: 'demo' } })).body.accessToken as string;

    it("#15.1: admin.y cannot make the septic-arthritis rule never fire; Funäsdalen's acute hot joint with fever is still an emergency", async () => {
      const versions = async () =>
        (
          await demo.db.query(
            `SELECT id, version, status, revision, definition::text FROM pathway_version WHERE pathway_key = $1 ORDER BY revision`,
            [JOINT],
          )
        ).rows;
      const before = await versions();
      const y = await demoToken('admin.y');
      const current = await demo.http('GET', `/pathways/${JOINT}`, { token: y });
      expect(current.status).toBe(200);
      const { version: _v, status: _s, revision, ownership: _o, ...definition } = current.body;
      const sabotaged = {
        ...definition,
        rules: definition.rules.map((r: { id: string }) =>
          r.id === 'septic_arthritis' ? { ...r, when: { '<': [{ var: 'age_years' }, 0] } } : r,
        ),
        testCases: definition.testCases.filter((tc: { expected: { category: string } }) => tc.expected.category !== 'emergency'),
      };
      expect(
        (await demo.http('PUT', `/pathways/${JOINT}/draft`, { token: y, body: sabotaged, headers: { 'if-match': `"${revision}"` } }))
          .status,
      ).toBe(403);
      expect((await demo.http('POST', `/pathways/${JOINT}/publish`, { token: y, body: { revision } })).status).toBe(403);
      expect(await versions()).toEqual(before);
      const nurse = await demoToken('nurse');
      const me = (await demo.http('GET', '/auth/me', { token: nurse })).body;
      const p = await createPatient(demo, nurse, me.healthCentreId, '19411111');
      const triaged = await demo.http('POST', '/triage-cases', {
        token: nurse,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          patientId: p.id,
          pathwayKey: JOINT,
          answers: jointAnswers({ fever: true, acute_hot_swollen_joint: true, swollen_joint_count: 1 }),
        },
      });
      expect(triaged.body).toMatchObject({ category: 'emergency', pathwayVersion: current.body.version });
    });
  });
});
