import { randomUUID } from 'node:crypto';
import { type Client } from 'pg';
import { runMigrations } from '../libs/database/src/migrate';
import { compilePathway, runTestCases } from '@app/pathways';
import { DemoSeeder } from '../apps/api/src/demo/demo-seeder';
import { SHIPPED_PATHWAYS } from '../libs/pathways/src/shipped-pathways';
import { hashPassword } from '@app/identity';
import { createPatient, createRegion, login, loginAll, TEST_PASSWORD, type TestRegion } from './support/factories';
import { goutPathway } from './support/gout-pathway';
import { jointAnswers } from './support/joint-answers';
import { collect, connectRealtime, nextEvent } from './support/sockets';
import { createTestApp, earlierInstallation, type TestApp } from './support/test-app';

/** A region as the schema before issue 19 holds it (SQL of that schema only, so later factory columns do not matter). */
async function oldRegion(db: Client, code: string) {
  const hash = await hashPassword(TEST_PASSWORD);
  const lc = code.toLowerCase();
  const {
    rows: [region],
  } = await db.query('INSERT INTO region (code, name) VALUES ($1, $2) RETURNING id', [code, `Region ${code}`]);
  const {
    rows: [clinic],
  } = await db.query(
    `INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, 'Reumatologkliniken', 'Sjukhus', 'rheumatology') RETURNING id`,
    [region.id],
  );
  const centre = async (name: string) =>
    (await db.query('INSERT INTO health_centre (region_id, name, road_distance_km) VALUES ($1, $2, 100) RETURNING id', [region.id, name]))
      .rows[0].id as string;
  const main = await centre(`${code} Norra`);
  const other = await centre(`${code} Södra`);
  const user = async (username: string, role: string, centreId: string | null) => ({
    id: (
      await db.query(
        `INSERT INTO app_user (username, display_name, password_hash, role, region_id, health_centre_id, clinic_id) VALUES ($1, $1, $2, $3, $4, $5, $6) RETURNING id`,
        [username, hash, role, region.id, centreId, role === 'specialist' ? clinic.id : null],
      )
    ).rows[0].id as string,
    username,
  });
  return {
    id: region.id as string,
    clinicId: clinic.id as string,
    centres: { main, other },
    users: {
      nurse: await user(`nurse.${lc}`, 'nurse', main),
      otherNurse: await user(`nurse2.${lc}`, 'nurse', other),
      specialist: await user(`specialist.${lc}`, 'specialist', null),
    },
  };
}

/** Issue 19: specialties as data, and a pathway rolled out centre by centre with trained nurses. */
describe('Rollout per health centre, training and specialties (issue 19)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let tok: Record<'nurse' | 'otherNurse' | 'specialist' | 'admin', string>;
  let tokB: Record<'nurse' | 'otherNurse' | 'specialist' | 'admin', string>;
  const JOINT = SHIPPED_PATHWAYS[0]!.key;
  const SKIN = SHIPPED_PATHWAYS[1]!.key;
  const GOUT = 'ro-gout';

  /** A region's own pathway, published (arranged in SQL, as the publish flow is not what is tested here). */
  async function publishOwn(regionId: string, definition: Record<string, unknown>): Promise<void> {
    await t.db.query('INSERT INTO pathway (key, owner_region_id) VALUES ($1, $2)', [definition.key, regionId]);
    await t.db.query(
      `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at) VALUES ($1, 1, 'published', $2, now())`,
      [definition.key, definition],
    );
  }

  const goutAnswers = { age_years: 60, first_mtp_attack: true, attacks_last_year: 3, tophi: false };
  const submit = (token: string, patientId: string, pathwayKey: string, answers: Record<string, unknown>) =>
    t.http('POST', '/triage-cases', { token, headers: { 'idempotency-key': randomUUID() }, body: { patientId, pathwayKey, answers } });

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'RO');
    b = await createRegion(t.db, 'RP');
    tok = await loginAll(t, a);
    tokB = await loginAll(t, b);
    await publishOwn(a.id, goutPathway({ key: GOUT, specialty: 'dermatology' }));
  });
  afterAll(async () => t?.close());

  it('#19.3: a newly published pathway is planned at every centre; an administrator sets one live (audited) and the others stay planned', async () => {
    const before = await t.http('GET', `/pathways/${GOUT}/rollouts`, { token: tok.admin });
    expect(before.status).toBe(200);
    expect(before.body.passShare).toBe(0.9);
    expect(before.body.rollouts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ healthCentreId: a.centres.main, state: 'planned', liveFrom: null, nurses: 1, trainedNurses: 0 }),
        expect.objectContaining({ healthCentreId: a.centres.other, state: 'planned', liveFrom: null }),
      ]),
    );
    const set = await t.http('PUT', `/pathways/${GOUT}/rollouts/${a.centres.main}`, {
      token: tok.admin,
      body: { state: 'live', liveFrom: '2026-11-30' },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ healthCentreId: a.centres.main, state: 'live', liveFrom: '2026-11-30' });
    const audit = await t.db.query(`SELECT action, detail FROM audit_event WHERE resource_type = 'PathwayRollout' AND actor_user_id = $1`, [
      a.users.admin.id,
    ]);
    expect(audit.rows).toEqual([
      { action: 'create', detail: expect.objectContaining({ from: 'planned', to: 'live', liveFrom: '2026-11-30' }) },
    ]);
    // Paused and resumed: the day it first went live is kept.
    expect(
      (await t.http('PUT', `/pathways/${GOUT}/rollouts/${a.centres.main}`, { token: tok.admin, body: { state: 'paused' } })).body,
    ).toMatchObject({
      state: 'paused',
      liveFrom: '2026-11-30',
    });
    expect(
      (await t.http('PUT', `/pathways/${GOUT}/rollouts/${a.centres.main}`, { token: tok.admin, body: { state: 'live' } })).body,
    ).toMatchObject({
      state: 'live',
      liveFrom: '2026-11-30',
    });
    const after = (await t.http('GET', `/pathways/${GOUT}/rollouts`, { token: tok.admin })).body.rollouts;
    expect(after.find((r: { healthCentreId: string }) => r.healthCentreId === a.centres.other).state).toBe('planned');
  });

  it('#19.3: bad rollout changes are 4xx naming the field, and change nothing', async () => {
    const bad = await t.http('PUT', `/pathways/${GOUT}/rollouts/${a.centres.other}`, { token: tok.admin, body: { state: 'open' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'state' })]);
    const badDate = await t.http('PUT', `/pathways/${GOUT}/rollouts/${a.centres.other}`, {
      token: tok.admin,
      body: { state: 'live', liveFrom: '2026-02-30' },
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.details).toEqual([expect.objectContaining({ field: 'liveFrom' })]);
    // Another region's centre, another region's own pathway, a nurse: 404, 404, 403.
    expect(
      (await t.http('PUT', `/pathways/${GOUT}/rollouts/${b.centres.main}`, { token: tok.admin, body: { state: 'live' } })).status,
    ).toBe(404);
    expect(
      (await t.http('PUT', `/pathways/${GOUT}/rollouts/${b.centres.main}`, { token: tokB.admin, body: { state: 'live' } })).status,
    ).toBe(404);
    expect(
      (await t.http('PUT', `/pathways/${GOUT}/rollouts/${a.centres.other}`, { token: tok.nurse, body: { state: 'live' } })).status,
    ).toBe(403);
    expect((await t.http('PUT', `/pathways/${GOUT}/rollouts/not-a-uuid`, { token: tok.admin, body: { state: 'live' } })).status).toBe(404);
    const rows = await t.db.query('SELECT count(*)::int AS n FROM pathway_rollout WHERE pathway_key = $1 AND health_centre_id <> $2', [
      GOUT,
      a.centres.main,
    ]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('#19.3: POST /triage-cases is 403 naming the missing rollout and training; once live and trained the nurse submits', async () => {
    const patientOther = await createPatient(t, tok.otherNurse, a.centres.other);
    // Not live at the other centre, and that nurse is not trained.
    const refused = await submit(tok.otherNurse, patientOther.id, GOUT, goutAnswers);
    expect(refused.status).toBe(403);
    expect(refused.body.details).toEqual([
      { code: 'invalid', field: 'rollout', reason: expect.stringContaining('not live at your health centre (it is planned)') },
      { code: 'invalid', field: 'training', reason: expect.stringContaining('no training record') },
    ]);
    // Live at the main centre, its nurse untrained: only the training is missing.
    const patientMain = await createPatient(t, tok.nurse, a.centres.main);
    const untrained = await submit(tok.nurse, patientMain.id, GOUT, goutAnswers);
    expect(untrained.status).toBe(403);
    expect(untrained.body.details).toEqual([{ code: 'invalid', field: 'training', reason: expect.stringContaining(GOUT) }]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM triage_case WHERE pathway_key = $1', [GOUT])).rows[0].n).toBe(0);
    const denied = await t.db.query(
      `SELECT reason FROM audit_event WHERE resource_type = 'TriageCase' AND outcome = 'denied' AND actor_user_id = $1`,
      [a.users.nurse.id],
    );
    expect(denied.rows).toEqual([{ reason: 'not usable here: training' }]);
    // The administrator records her as trained: she submits.
    const recorded = await t.http('POST', `/pathways/${GOUT}/training-records`, { token: tok.admin, body: { userId: a.users.nurse.id } });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      userId: a.users.nurse.id,
      trained: true,
      pathwayVersion: 1,
      method: 'recorded',
      recordedBy: a.users.admin.id,
    });
    expect((await submit(tok.nurse, patientMain.id, GOUT, goutAnswers)).status).toBe(201);
    // Paused: refused again, naming the state.
    await t.http('PUT', `/pathways/${GOUT}/rollouts/${a.centres.main}`, { token: tok.admin, body: { state: 'paused' } });
    const patient2 = await createPatient(t, tok.nurse, a.centres.main);
    const paused = await submit(tok.nurse, patient2.id, GOUT, goutAnswers);
    expect(paused.status).toBe(403);
    expect(paused.body.details).toEqual([{ code: 'invalid', field: 'rollout', reason: expect.stringContaining('(it is paused)') }]);
    await t.http('PUT', `/pathways/${GOUT}/rollouts/${a.centres.main}`, { token: tok.admin, body: { state: 'live' } });
    // Training records: only nurses of the region; the list shows each with her latest record.
    expect(
      (await t.http('POST', `/pathways/${GOUT}/training-records`, { token: tok.admin, body: { userId: a.users.specialist.id } })).status,
    ).toBe(422);
    expect(
      (await t.http('POST', `/pathways/${GOUT}/training-records`, { token: tok.admin, body: { userId: b.users.nurse.id } })).status,
    ).toBe(404);
    const list = (await t.http('GET', `/pathways/${GOUT}/training-records`, { token: tok.admin })).body;
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: a.users.nurse.id, trained: true, method: 'recorded' }),
        expect.objectContaining({ userId: a.users.otherNurse.id, trained: false, method: null }),
      ]),
    );
  });

  it('#19.3: the training mode: vignettes without the answer, immediate feedback, and a pass over the mark records her as trained', async () => {
    await t.http('PUT', `/pathways/${GOUT}/rollouts/${a.centres.other}`, { token: tok.admin, body: { state: 'training' } });
    const training = await t.http('GET', `/pathways/${GOUT}/training`, { token: tok.otherNurse });
    expect(training.status).toBe(200);
    const { vignettes, version, passShare } = training.body;
    expect(version).toBe(1);
    expect(passShare).toBe(0.9);
    expect(vignettes).toHaveLength(3);
    expect(JSON.stringify(vignettes)).not.toContain('expected');
    expect(vignettes[0].facts).toEqual(expect.arrayContaining([{ questionId: 'attacks_last_year', label: expect.any(Object), value: 3 }]));
    const cases = goutPathway().testCases;
    // Immediate feedback, nothing stored.
    const wrong = await t.http('POST', `/pathways/${GOUT}/training/check`, {
      token: tok.otherNurse,
      body: { index: 0, answers: { age_years: 60, first_mtp_attack: true, attacks_last_year: 1 } },
    });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ index: 0, correct: false, expected: 'specialist', got: 'primary_care' });
    const right = await t.http('POST', `/pathways/${GOUT}/training/check`, {
      token: tok.otherNurse,
      body: { index: 0, answers: cases[0]!.answers },
    });
    expect(right.body).toMatchObject({
      correct: true,
      expected: 'specialist',
      got: 'specialist',
      reasons: [expect.objectContaining({ ruleId: 'frequent_attacks' })],
    });
    expect(
      (await t.http('POST', `/pathways/${GOUT}/training/check`, { token: tok.otherNurse, body: { index: 3, answers: {} } })).status,
    ).toBe(422);
    // Two of three (67 %) is under the 90 % mark: not recorded.
    const results = cases.map((c, index) => ({ index, answers: c.answers }));
    const failed = await t.http('POST', `/pathways/${GOUT}/training/attempts`, {
      token: tok.otherNurse,
      body: {
        version: 1,
        results: [{ ...results[0]!, answers: { age_years: 60, first_mtp_attack: true, attacks_last_year: 1 } }, results[1], results[2]],
      },
    });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ total: 3, correct: 2, score: 0.6667, passed: false });
    expect(
      (
        await t.db.query('SELECT count(*)::int AS n FROM pathway_training WHERE user_id = $1 AND pathway_key = $2', [
          a.users.otherNurse.id,
          GOUT,
        ])
      ).rows[0].n,
    ).toBe(0);
    expect(
      (await t.http('POST', `/pathways/${GOUT}/training/attempts`, { token: tok.otherNurse, body: { version: 2, results } })).status,
    ).toBe(409);
    const dup = await t.http('POST', `/pathways/${GOUT}/training/attempts`, {
      token: tok.otherNurse,
      body: { version: 1, results: [results[0], results[0]] },
    });
    expect(dup.status).toBe(422);
    expect(dup.body.details).toEqual([{ code: 'duplicate', field: 'results.1.index', reason: 'repeated' }]);
    // The administrator lowers the mark to 60 %: the same attempt passes and is recorded.
    expect((await t.http('PUT', `/pathways/${GOUT}/training-settings`, { token: tok.admin, body: { passShare: 0.6 } })).status).toBe(200);
    const passed = await t.http('POST', `/pathways/${GOUT}/training/attempts`, {
      token: tok.otherNurse,
      body: {
        version: 1,
        results: [{ ...results[0]!, answers: { age_years: 60, first_mtp_attack: true, attacks_last_year: 1 } }, results[1], results[2]],
      },
    });
    expect(passed.body).toMatchObject({ passed: true, passShare: 0.6 });
    const stored = await t.db.query('SELECT method, score, pathway_version FROM pathway_training WHERE user_id = $1 AND pathway_key = $2', [
      a.users.otherNurse.id,
      GOUT,
    ]);
    expect(stored.rows).toEqual([{ method: 'vignettes', score: '0.6667', pathway_version: 1 }]);
    // Trained, but the centre is still in training: the submission names the rollout only.
    const patient = await createPatient(t, tok.otherNurse, a.centres.other);
    const refused = await submit(tok.otherNurse, patient.id, GOUT, goutAnswers);
    expect(refused.status).toBe(403);
    expect(refused.body.details).toEqual([{ code: 'invalid', field: 'rollout', reason: expect.stringContaining('(it is training)') }]);
    // The record of training cannot be rewritten.
    await expect(
      t.db.query('DELETE FROM pathway_training WHERE user_id = $1 AND pathway_key = $2', [a.users.otherNurse.id, GOUT]),
    ).rejects.toThrow(/record of what happened/);
  });

  it("#19.3: the nurse's own list shows the pathways live or in training at her centre, with her training status", async () => {
    const mine = await t.http('GET', '/my-pathways', { token: tok.otherNurse });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([
      expect.objectContaining({ key: JOINT, state: 'live', trained: true, usable: true, refresherDue: false, specialty: 'rheumatology' }),
      expect.objectContaining({ key: GOUT, state: 'training', trained: true, usable: false, specialty: 'dermatology' }),
      expect.objectContaining({ key: SKIN, state: 'live', trained: true, usable: true, specialty: 'dermatology' }),
    ]);
    // Region B never set the other region's pathway anywhere, and cannot see it.
    expect((await t.http('GET', '/my-pathways', { token: tokB.nurse })).body.map((p: { key: string }) => p.key)).toEqual([JOINT, SKIN]);
    expect((await t.http('GET', '/my-pathways', { token: tok.admin })).status).toBe(403);
  });

  it("#19.1: the queue answers 403 to a specialist of another specialty, and the one of the pathway's specialty sees its cases", async () => {
    // The gout pathway here names dermatology; the region's specialist is a rheumatologist (her clinic's specialty).
    const refused = await t.http('GET', `/queue?pathwayKey=${GOUT}`, { token: tok.specialist });
    expect(refused.status).toBe(403);
    expect(refused.body.details).toEqual([{ code: 'invalid', field: 'pathwayKey', reason: expect.stringContaining('dermatology') }]);
    expect((await t.http('GET', `/queue?pathwayKey=${JOINT}`, { token: tok.specialist })).status).toBe(200);
    // A dermatologist of the same region: sees the gout queue with its case, and not the rheumatology one.
    const {
      rows: [clinic],
    } = await t.db.query(
      `INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, 'Hudkliniken', 'Sjukhus RO', 'dermatology') RETURNING id`,
      [a.id],
    );
    const {
      rows: [derm],
    } = await t.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id)
       SELECT 'derm.ro', 'Derm RO', password_hash, 'specialist', region_id, $1 FROM app_user WHERE id = $2 RETURNING id`,
      [clinic.id, a.users.specialist.id],
    );
    expect((await t.db.query('SELECT specialty_key FROM user_specialty WHERE user_id = $1', [derm.id])).rows).toEqual([
      { specialty_key: 'dermatology' },
    ]);
    const dermToken = await login(t, 'derm.ro');
    const queue = await t.http('GET', `/queue?pathwayKey=${GOUT}`, { token: dermToken });
    expect(queue.status).toBe(200);
    expect(queue.body.total).toBe(1);
    expect((await t.http('GET', `/queue?pathwayKey=${JOINT}`, { token: dermToken })).status).toBe(403);
    // The queues each may open, for the screens' pathway choice.
    const keys = async (token: string) => (await t.http('GET', '/my-queues', { token })).body.map((p: { key: string }) => p.key);
    expect(await keys(tok.specialist)).toEqual([JOINT]);
    // A pathway naming no specialty is every specialist's, after her own (the screen opens on the first).
    await publishOwn(a.id, goutPathway({ key: 'ro-any' }));
    expect(await keys(tok.specialist)).toEqual([JOINT, 'ro-any']);
    expect(await keys(dermToken)).toEqual([GOUT, SKIN, 'ro-any']);
    await t.db.query(`UPDATE pathway_version SET status = 'retired' WHERE pathway_key = 'ro-any'`);
    expect(await keys(dermToken)).toEqual([GOUT, SKIN]);
    expect(await keys(tok.admin)).toEqual([JOINT, GOUT, SKIN]);
    expect((await t.http('GET', '/my-queues', { token: tok.nurse })).status).toBe(403);
    // The specialties and their professions are data.
    const specialties = (await t.http('GET', '/specialties', { token: tok.nurse })).body;
    expect(specialties).toEqual(
      expect.arrayContaining([
        {
          key: 'rheumatology',
          label: { sv: 'Reumatologi', en: 'Rheumatology' },
          profession: { sv: 'Reumatolog', en: 'Rheumatologist' },
          mine: false,
        },
      ]),
    );
    // A specialist's own specialty is marked, for the screens' role label.
    const dermSpecialties = (await t.http('GET', '/specialties', { token: dermToken })).body;
    expect(dermSpecialties.filter((s: { mine: boolean }) => s.mine).map((s: { key: string }) => s.key)).toEqual(['dermatology']);
  });

  it('#19.1: the shipped joint-complaints pathway names rheumatology, and a definition with a malformed specialty is refused', async () => {
    expect((await t.http('GET', `/pathways/${JOINT}`, { token: tok.nurse })).body.specialty).toBe('rheumatology');
    const bad = await t.http('POST', '/pathways', {
      token: tok.admin,
      body: goutPathway({ key: 'ro-bad-specialty', specialty: 'Dermatologi!' }),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'specialty' })]));
  });

  it('#19.2: the second shipped pathway (suspected skin cancer) is served by dermatology, has >= 20 passing test cases and triages like any', async () => {
    const skin = (await t.http('GET', `/pathways/${SKIN}`, { token: tok.admin })).body;
    expect(skin).toMatchObject({ key: SKIN, specialty: 'dermatology', ownership: 'template' });
    expect(skin.testCases.length).toBeGreaterThanOrEqual(20);
    const results = runTestCases(compilePathway(SHIPPED_PATHWAYS[1]!));
    expect(results.filter((r) => !r.passed)).toEqual([]);
    // Every category is reached by some test case, and the checklist's threshold of 3 is tested from both sides.
    expect(new Set(skin.testCases.map((c: { expected: { category: string } }) => c.expected.category))).toEqual(
      new Set(skin.categories.map((c: { key: string }) => c.key)),
    );
    expect(
      skin.testCases.some(
        (c: { expected: { score?: number; category: string } }) => c.expected.score === 3 && c.expected.category === 'suspected_cancer',
      ),
    ).toBe(true);
    expect(
      skin.testCases.some(
        (c: { expected: { score?: number; category: string } }) => c.expected.score === 2 && c.expected.category === 'primary_care',
      ),
    ).toBe(true);
    // Region B's nurse (live and trained, as the factory does for what is published) triages a changed mole: the rheumatologist cannot see it.
    const patient = await createPatient(t, tokB.nurse, b.centres.main);
    const answers = { ...SHIPPED_PATHWAYS[1]!.testCases[0]!.answers };
    const c = await submit(tokB.nurse, patient.id, SKIN, answers);
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ category: 'suspected_cancer', score: 4, status: 'awaiting_booking' });
    expect((await t.http('GET', `/queue?pathwayKey=${SKIN}`, { token: tokB.specialist })).status).toBe(403);
  });

  it('#19.3: the upgrade migration on a database with cases: every published pathway live at every centre of its region, every nurse trained', async () => {
    const { url, db, drop } = await earlierInstallation('SpecialtiesAndRollout1764100800000');
    let app: TestApp | undefined;
    try {
      const x = await oldRegion(db, 'UX');
      const y = await oldRegion(db, 'UY');
      // An old clinic whose specialty was free text.
      await db.query(`UPDATE clinic SET specialty = 'Reumatologi' WHERE id = $1`, [y.clinicId]);
      // The release before: the shipped definition did not name its specialty yet.
      const { specialty: _named, ...shipped } = SHIPPED_PATHWAYS[0]!;
      // Loaded by the shipped-pathway loader of the release before (the template guard lets only it write templates).
      await db.query('BEGIN');
      await db.query(`SET LOCAL ledtriage.shipped_loader = 'on'`);
      await db.query('INSERT INTO pathway (key) VALUES ($1)', [JOINT]);
      await db.query(
        `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at) VALUES ($1, 1, 'published', $2, '2025-03-10T09:00:00Z')`,
        [JOINT, shipped],
      );
      await db.query('COMMIT');
      // X's own pathway, published; and a draft-only one that nobody may use yet.
      await db.query('INSERT INTO pathway (key, owner_region_id) VALUES ($1, $2), ($3, $2)', ['ux-gout', x.id, 'ux-draft']);
      await db.query(
        `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at) VALUES ('ux-gout', 1, 'published', $1, '2025-06-01T10:00:00Z')`,
        [goutPathway({ key: 'ux-gout' })],
      );
      await db.query(`INSERT INTO pathway_version (pathway_key, status, definition) VALUES ('ux-draft', 'draft', $1)`, [
        goutPathway({ key: 'ux-draft' }),
      ]);
      // A case triaged the old way.
      const {
        rows: [patient],
      } = await db.query(
        `INSERT INTO patient (region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id)
         VALUES ($1, '197001019876', false, '1970-01-01', 'Gammal Patient', $2) RETURNING id`,
        [x.id, x.centres.main],
      );
      await db.query(
        `INSERT INTO triage_case (region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order, bookable,
                                  in_queue, score, reasons, due_date, status, triaged_at, triaged_by)
         VALUES ($1, $2, $3, $4, 1, '{}', 'early', 2, true, true, 5, '[]', current_date + 14, 'awaiting_booking', now(), $5)`,
        [x.id, patient.id, x.centres.main, JOINT, x.users.nurse.id],
      );
      await runMigrations(url);
      const rollouts = (
        await db.query(
          `SELECT r.pathway_key, h.region_id, r.state, r.live_from::text AS live_from FROM pathway_rollout r JOIN health_centre h ON h.id = r.health_centre_id
          ORDER BY r.pathway_key, h.region_id`,
        )
      ).rows;
      const joint = rollouts.filter((r) => r.pathway_key === JOINT);
      expect(joint).toHaveLength(4);
      expect(joint.every((r) => r.state === 'live' && r.live_from === '2025-03-10')).toBe(true);
      expect(rollouts.filter((r) => r.pathway_key === 'ux-gout')).toEqual([
        { pathway_key: 'ux-gout', region_id: x.id, state: 'live', live_from: '2025-06-01' },
        { pathway_key: 'ux-gout', region_id: x.id, state: 'live', live_from: '2025-06-01' },
      ]);
      expect(rollouts.some((r) => r.pathway_key === 'ux-draft')).toBe(false);
      const trained = (
        await db.query(`SELECT pathway_key, user_id, method, pathway_version FROM pathway_training ORDER BY pathway_key, user_id`)
      ).rows;
      const nurses = [x.users.nurse.id, x.users.otherNurse.id, y.users.nurse.id, y.users.otherNurse.id].sort();
      expect(
        trained
          .filter((r) => r.pathway_key === JOINT)
          .map((r) => r.user_id)
          .sort(),
      ).toEqual(nurses);
      expect(
        trained
          .filter((r) => r.pathway_key === 'ux-gout')
          .map((r) => r.user_id)
          .sort(),
      ).toEqual([x.users.nurse.id, x.users.otherNurse.id].sort());
      expect(trained.every((r) => r.method === 'upgrade' && r.pathway_version === 1)).toBe(true);
      expect((await db.query('SELECT specialty FROM clinic WHERE id = $1', [y.clinicId])).rows).toEqual([{ specialty: 'rheumatology' }]);
      expect((await db.query('SELECT specialty_key FROM user_specialty WHERE user_id = $1', [x.users.specialist.id])).rows).toEqual([
        { specialty_key: 'rheumatology' },
      ]);
      expect((await db.query(`SELECT status FROM triage_case WHERE patient_id = $1`, [patient.id])).rows).toEqual([
        { status: 'awaiting_booking' },
      ]);
      // Started: the shipped pathway is published anew (it now names its specialty); the rollout stays, the nurse triages on.
      app = await createTestApp({ databaseUrl: url });
      const nurse = await login(app, x.users.otherNurse.username);
      const other = await createPatient(app, nurse, x.centres.other);
      const res = await app.http('POST', '/triage-cases', {
        token: nurse,
        headers: { 'idempotency-key': randomUUID() },
        body: { patientId: other.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      });
      expect(res.status).toBe(201);
      expect(res.body.pathwayVersion).toBe(2);
      const specialist = await login(app, x.users.specialist.username);
      expect((await app.http('GET', `/queue?pathwayKey=${JOINT}`, { token: specialist })).body.total).toBe(2);
    } finally {
      await app?.close();
      await drop();
    }
  });
});

describe('Issue 19 on the demo data: skin cancer live at Funäsdalen only, served by the dermatologist', () => {
  let demo: TestApp;
  beforeAll(async () => {
    demo = await createTestApp();
    await demo.app.get(DemoSeeder).seed('demo');
  }, 120_000);
  afterAll(() => demo?.close());
  const demoToken = async (username: string) =>
    (await demo.http('POST', '/auth/login', { body: { username, password: 'demo' } })).body.accessToken as string;
  const SKIN = SHIPPED_PATHWAYS[1]!.key;

  it("#19.2, #19.3: Funäsdalen's nurse triages a changed mole; the dermatologist sees it and the rheumatologist is refused; Sveg's nurse is told why not", async () => {
    const nurse = await demoToken('nurse');
    const mine = (await demo.http('GET', '/my-pathways', { token: nurse })).body;
    expect(mine.map((p: { key: string; usable: boolean }) => [p.key, p.usable])).toEqual([
      ['joint-complaints', true],
      [SKIN, true],
    ]);
    const centre = async (name: string) =>
      (await demo.db.query('SELECT id FROM health_centre WHERE name = $1', [name])).rows[0].id as string;
    const patientId = (await createPatient(demo, nurse, await centre('Funäsdalen hälsocentral'))).id;
    const c = await demo.http('POST', '/triage-cases', {
      token: nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId, pathwayKey: SKIN, answers: SHIPPED_PATHWAYS[1]!.testCases[0]!.answers },
    });
    expect(c.status).toBe(201);
    const derm = await demoToken('dermatolog');
    const queue = await demo.http('GET', `/queue?pathwayKey=${SKIN}`, { token: derm });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { caseId: string }) => i.caseId)).toContain(c.body.id);
    expect((await demo.http('GET', `/queue?pathwayKey=${SKIN}`, { token: await demoToken('specialist') })).status).toBe(403);
    expect((await demo.http('GET', '/queue?pathwayKey=joint-complaints', { token: derm })).status).toBe(403);
    // Sveg is in training and its nurse has not trained: the list says so, and a submission names both.
    const sveg = await demoToken('nurse.sveg');
    expect((await demo.http('GET', '/my-pathways', { token: sveg })).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: SKIN, state: 'training', trained: false, usable: false })]),
    );
    const p2 = await createPatient(demo, sveg, await centre('Sveg hälsocentral'));
    const refused = await demo.http('POST', '/triage-cases', {
      token: sveg,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: p2.id, pathwayKey: SKIN, answers: SHIPPED_PATHWAYS[1]!.testCases[0]!.answers },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.details.map((d: { field: string }) => d.field)).toEqual(['rollout', 'training']);
    // Strömsund has not started: the skin pathway is not on its nurse's list at all.
    const stromsund = (await demo.http('GET', '/my-pathways', { token: await demoToken('nurse.stromsund') })).body;
    expect(stromsund.map((p: { key: string }) => p.key)).toEqual(['joint-complaints']);
  });

  it("#19.1: a specialist's socket hears only her specialties' queues: the skin case reaches the dermatologist, not the rheumatologist", async () => {
    const ready = async (username: string) => {
      const socket = connectRealtime(demo.baseUrl, await demoToken(username));
      await nextEvent(socket, 'queue.updated', (e: { reason: string }) => e.reason === 'connected');
      return socket;
    };
    const derm = await ready('dermatolog');
    const rheum = await ready('specialist');
    try {
      const dermHeard = collect<{ pathwayKey: string; reason: string }>(derm, 'queue.updated');
      const rheumHeard = collect<{ pathwayKey: string; reason: string }>(rheum, 'queue.updated');
      const nurse = await demoToken('nurse');
      const centre = (await demo.db.query(`SELECT id FROM health_centre WHERE name = 'Funäsdalen hälsocentral'`)).rows[0].id;
      const send = async (pathwayKey: string, answers: Record<string, unknown>) => {
        const p = await createPatient(demo, nurse, centre);
        const res = await demo.http('POST', '/triage-cases', {
          token: nurse,
          headers: { 'idempotency-key': randomUUID() },
          body: { patientId: p.id, pathwayKey, answers },
        });
        expect(res.status).toBe(201);
      };
      const skinHeard = nextEvent(
        derm,
        'queue.updated',
        (e: { pathwayKey: string; reason: string }) => e.pathwayKey === SKIN && e.reason === 'submitted',
      );
      await send(SKIN, SHIPPED_PATHWAYS[1]!.testCases[0]!.answers);
      await skinHeard;
      const jointHeard = nextEvent(
        rheum,
        'queue.updated',
        (e: { pathwayKey: string; reason: string }) => e.pathwayKey === 'joint-complaints' && e.reason === 'submitted',
      );
      await send('joint-complaints', jointAnswers({ swollen_joint_count: 3 }));
      await jointHeard;
      await new Promise((r) => setTimeout(r, 300));
      expect(rheumHeard.filter((e) => e.pathwayKey === SKIN)).toEqual([]);
      expect(dermHeard.filter((e) => e.pathwayKey === 'joint-complaints')).toEqual([]);
    } finally {
      derm.close();
      rheum.close();
    }
  });
});
