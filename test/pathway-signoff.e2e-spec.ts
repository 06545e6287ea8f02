import { randomUUID } from 'node:crypto';
import { runMigrations } from '../libs/database/src/migrate';
import { createPatient, createRegion, goLive, login, loginAll, secondAdmin, type TestRegion } from './support/factories';
import { goutPathway } from './support/gout-pathway';
import { draftRevision, saveDraft } from './support/pathway-drafts';
import { createTestApp, earlierInstallation, type TestApp } from './support/test-app';

/** Issue 20, item 4: clinical sign-off of pathway versions, effective dates, the return to an earlier version. */
describe('Pathway sign-off (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let tok: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'SO');
    tok = await loginAll(t, a);
  });
  afterAll(() => t.close());

  const draftOf = async (key: string, token = tok.admin!) => (await t.http('GET', `/pathways/${key}/draft`, { token })).body;
  const versionRows = async (key: string) =>
    (await t.db.query('SELECT version, status, review_state FROM pathway_version WHERE pathway_key = $1 ORDER BY revision', [key])).rows;
  const auditChanges = async (key: string) =>
    (
      await t.db.query(
        `SELECT actor_username AS who, detail->>'change' AS change FROM audit_event
                        WHERE resource_type = 'Pathway' AND resource_id = $1 ORDER BY id`,
        [key],
      )
    ).rows;
  const publish = async (key: string, body: Record<string, unknown> = {}) =>
    t.http('POST', `/pathways/${key}/publish`, { token: tok.admin, body: { revision: (await draftOf(key)).revision, ...body } });
  const signOff = async (key: string) => {
    expect((await t.http('POST', `/pathways/${key}/draft/submit`, { token: tok.admin, body: { comment: 'Granska' } })).status).toBe(200);
    expect((await t.http('POST', `/pathways/${key}/draft/approve`, { token: tok.specialist, body: {} })).status).toBe(200);
  };

  it('#20.4: a region without reviewers signs off by a second administrator; the author alone never publishes', async () => {
    expect((await t.http('GET', '/pathway-reviewers/sign-off', { token: tok.specialist })).body).toEqual({
      signOffBy: 'second_admin',
      reviewers: [],
    });
    expect((await t.http('POST', '/pathways', { token: tok.admin, body: goutPathway({ key: 'so-before' }) })).status).toBe(201);
    // The only administrator: nobody could approve, so it is not even submitted; nor published by her alone.
    const alone = await t.http('POST', '/pathways/so-before/draft/submit', { token: tok.admin, body: {} });
    expect(alone.status).toBe(409);
    expect(alone.body).toMatchObject({ code: 'no_reviewers', signOffBy: 'second_admin' });
    expect((await publish('so-before')).body).toMatchObject({ code: 'not_approved', reviewState: 'editing' });
    await expect(
      t.db.query(
        `UPDATE pathway_version SET status = 'published', version = 1, published_at = now()
          WHERE pathway_key = 'so-before' AND status = 'draft'`,
      ),
    ).rejects.toThrow(/needs a reviewer's approval/);

    // A second administrator approves; a specialist, not named, does not.
    const second = await secondAdmin(t.db, a.id);
    const secondToken = await login(t, second.username);
    expect((await t.http('POST', '/pathways/so-before/draft/submit', { token: tok.admin, body: { comment: 'Ny' } })).status).toBe(200);
    expect((await t.http('POST', '/pathways/so-before/draft/approve', { token: tok.specialist, body: {} })).status).toBe(403);
    expect((await t.http('POST', '/pathways/so-before/draft/approve', { token: tok.admin, body: {} })).status).toBe(403);
    const approved = await t.http('POST', '/pathways/so-before/draft/approve', { token: secondToken, body: {} });
    expect(approved.body).toMatchObject({ reviewState: 'approved', reviewedBy: { userId: second.id } });
    expect((await publish('so-before')).body).toMatchObject({ version: 1, status: 'published' });

    const nurseAsReviewer = await t.http('PUT', '/pathway-reviewers', { token: tok.admin, body: { userIds: [a.users.nurse.id] } });
    expect(nurseAsReviewer.status).toBe(422);
    expect(nurseAsReviewer.body.details).toEqual([
      { field: 'userIds[0]', reason: "is not an active specialist or administrator of the caller's region", code: 'invalid' },
    ]);
    const nobody = await t.http('PUT', '/pathway-reviewers', { token: tok.admin, body: { userIds: [], signOffBy: 'reviewers' } });
    expect(nobody.status).toBe(422);
    expect(nobody.body.details).toEqual([
      { field: 'signOffBy', reason: "'reviewers' needs at least one named reviewer in userIds", code: 'invalid' },
    ]);
    const unknown = await t.http('PUT', '/pathway-reviewers', { token: tok.admin, body: { userIds: [], signOffBy: 'anyone' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toContainEqual(expect.objectContaining({ field: 'signOffBy' }));
    expect((await t.http('PUT', '/pathway-reviewers', { token: tok.specialist, body: { userIds: [] } })).status).toBe(403);
    // Naming reviewers makes them the ones who approve (the second administrator is not one of them now).
    const named = await t.http('PUT', '/pathway-reviewers', {
      token: tok.admin,
      body: { userIds: [a.users.specialist.id, a.users.admin.id] },
    });
    expect(named.status).toBe(200);
    expect(named.body.map((r: { userId: string }) => r.userId).sort()).toEqual([a.users.specialist.id, a.users.admin.id].sort());
    expect((await t.http('GET', '/pathway-reviewers/sign-off', { token: tok.admin })).body.signOffBy).toBe('reviewers');
    const audit = await t.db.query(`SELECT detail FROM audit_event WHERE resource_type = 'PathwayReviewers' AND resource_id = $1`, [a.id]);
    expect(audit.rows).toEqual([
      {
        detail: {
          before: [],
          after: [a.users.specialist.id, a.users.admin.id].sort(),
          signOffBy: { before: 'second_admin', after: 'reviewers' },
        },
      },
    ]);
    expect(
      (await saveDraft(t, tok.admin!, 'so-before', goutPathway({ key: 'so-before', title: { sv: 'Gikt 2', en: 'Gout 2' } }))).status,
    ).toBe(200);
    expect((await t.http('POST', '/pathways/so-before/draft/submit', { token: tok.admin, body: {} })).status).toBe(200);
    expect((await t.http('POST', '/pathways/so-before/draft/approve', { token: secondToken, body: {} })).status).toBe(403);
    expect((await t.http('POST', '/pathways/so-before/draft/approve', { token: tok.specialist, body: {} })).status).toBe(200);
    expect((await publish('so-before')).body).toMatchObject({ version: 2, status: 'published' });
  });

  it("#20.4: a specialist reviewer signs off her own specialty's pathways; with `second_admin` reviewers and admins both may", async () => {
    const key = 'so-skin';
    const skin = { ...goutPathway({ key }), specialty: 'dermatology' };
    expect((await t.http('POST', '/pathways', { token: tok.admin, body: skin })).status).toBe(201);
    // The region signs off by its named reviewers (the test above): the rheumatologist is the only one besides the author.
    const none = await t.http('POST', `/pathways/${key}/draft/submit`, { token: tok.admin, body: {} });
    expect(none.body).toMatchObject({ code: 'no_reviewers', signOffBy: 'reviewers' });
    const keep = [a.users.specialist.id, a.users.admin.id];
    expect(
      (await t.http('PUT', '/pathway-reviewers', { token: tok.admin, body: { userIds: keep, signOffBy: 'second_admin' } })).status,
    ).toBe(200);
    expect((await t.http('POST', `/pathways/${key}/draft/submit`, { token: tok.admin, body: {} })).status).toBe(200);
    const queue = await t.http('GET', '/pathway-reviewers/queue', { token: tok.specialist });
    expect(queue.body.find((q: { key: string }) => q.key === key)).toMatchObject({ canReview: false });
    expect((await t.http('POST', `/pathways/${key}/draft/approve`, { token: tok.specialist, body: {} })).status).toBe(403);
    const second = await login(t, (await secondAdmin(t.db, a.id)).username);
    expect((await t.http('POST', `/pathways/${key}/draft/approve`, { token: second, body: {} })).status).toBe(200);
    expect((await publish(key)).body).toMatchObject({ version: 1, status: 'published' });
    expect((await t.http('PUT', '/pathway-reviewers', { token: tok.admin, body: { userIds: keep } })).status).toBe(200);
  });

  it('#20.4: submit -> reject -> edit -> submit -> approve -> publish; the author cannot approve her own draft', async () => {
    const key = 'so-gout';
    expect((await t.http('POST', '/pathways', { token: tok.admin, body: goutPathway({ key }) })).status).toBe(201);
    expect((await draftOf(key)).review).toMatchObject({ reviewState: 'editing', submittedBy: null, reviewedBy: null });

    // Not approved: 409 with a code, nothing published.
    const early = await publish(key);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'not_approved', reviewState: 'editing' });
    // A reviewer cannot approve what was not submitted.
    const unsubmitted = await t.http('POST', `/pathways/${key}/draft/approve`, { token: tok.specialist, body: {} });
    expect(unsubmitted.status).toBe(409);
    expect(unsubmitted.body.code).toBe('not_submitted');

    const submitted = await t.http('POST', `/pathways/${key}/draft/submit`, { token: tok.admin, body: { comment: 'Ny giktregel' } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      reviewState: 'submitted',
      submitComment: 'Ny giktregel',
      submittedBy: { userId: a.users.admin.id },
    });
    expect((await t.http('POST', `/pathways/${key}/draft/submit`, { token: tok.admin, body: {} })).body.code).toBe('already_submitted');
    // The reviewers' list: the specialist may review it, its author may not.
    const queue = (token: string) =>
      t.http('GET', '/pathway-reviewers/queue', { token }).then((r) => r.body.find((q: { key: string }) => q.key === key));
    expect(await queue(tok.specialist!)).toMatchObject({
      key,
      submitComment: 'Ny giktregel',
      canReview: true,
      submittedBy: { userId: a.users.admin.id },
    });
    expect(await queue(tok.admin!)).toMatchObject({ key, canReview: false });
    expect((await t.http('GET', '/pathway-reviewers/queue', { token: tok.nurse })).status).toBe(403);

    // The author is a reviewer of the region too, but not of her own draft: 403, nothing changes.
    const own = await t.http('POST', `/pathways/${key}/draft/approve`, { token: tok.admin, body: { comment: 'ok' } });
    expect(own.status).toBe(403);
    expect((await draftOf(key)).review.reviewState).toBe('submitted');
    // A nurse neither reads the draft nor approves it; a specialist who is not a named reviewer reads it but does not approve.
    expect((await t.http('GET', `/pathways/${key}/draft`, { token: tok.nurse })).status).toBe(403);
    expect((await t.http('POST', `/pathways/${key}/draft/approve`, { token: tok.nurse, body: {} })).status).toBe(403);
    await t.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id)
       SELECT 'specialist2.so', 'Andra specialisten', password_hash, 'specialist', region_id, clinic_id FROM app_user WHERE id = $1`,
      [a.users.specialist.id],
    );
    const otherToken = await login(t, 'specialist2.so');
    expect((await t.http('GET', `/pathways/${key}/draft`, { token: otherToken })).status).toBe(200);
    expect((await t.http('POST', `/pathways/${key}/draft/approve`, { token: otherToken, body: {} })).status).toBe(403);
    // The database holds the four-eyes rule on its own.
    await expect(
      t.db.query(
        `UPDATE pathway_version SET review_state = 'approved', reviewed_by = submitted_by, reviewed_at = now(), reviewed_revision = revision
        WHERE pathway_key = $1 AND status = 'draft'`,
        [key],
      ),
    ).rejects.toThrow(/pathway_version_reviewer_not_author/);

    // The reviewer reads the draft, its tests and its impact, and sends it back saying why.
    const asReviewer = await t.http('GET', `/pathways/${key}/draft`, { token: tok.specialist });
    expect(asReviewer.status).toBe(200);
    expect((await t.http('POST', `/pathways/${key}/draft/test`, { token: tok.specialist })).status).toBe(200);
    const noReason = await t.http('POST', `/pathways/${key}/draft/reject`, { token: tok.specialist, body: {} });
    expect(noReason.status).toBe(422);
    expect(noReason.body.details).toEqual([{ field: 'comment', reason: 'is required when sending a draft back', code: 'invalid' }]);
    const rejected = await t.http('POST', `/pathways/${key}/draft/reject`, {
      token: tok.specialist,
      body: { comment: 'Uratgränsen ska vara 480' },
    });
    expect(rejected.body).toMatchObject({
      reviewState: 'rejected',
      reviewComment: 'Uratgränsen ska vara 480',
      reviewedBy: { userId: a.users.specialist.id },
    });
    expect((await publish(key)).body).toMatchObject({ code: 'not_approved', reviewState: 'rejected' });

    // The author changes it and submits again; the reviewer approves that revision.
    const changed = goutPathway({ key });
    (changed.rules[1] as { when: unknown }).when = { '>': [{ var: 'urate_umol_per_l' }, 480] };
    expect((await saveDraft(t, tok.admin!, key, changed)).status).toBe(200);
    expect((await draftOf(key)).review).toMatchObject({ reviewState: 'editing', reviewComment: null });
    await signOff(key);
    const approved = await draftOf(key);
    expect(approved.review).toMatchObject({ reviewState: 'approved', reviewedRevision: approved.revision });

    // A change after approval sends it back to editing: the approval was of the earlier text.
    changed.rules[1]!.reason = { sv: 'Mycket högt urat (> 480).', en: 'Very high urate (> 480).' };
    expect((await saveDraft(t, tok.admin!, key, changed)).status).toBe(200);
    expect((await publish(key)).body).toMatchObject({ code: 'not_approved', reviewState: 'editing' });
    // Nor can a writer publish it around the api: the database refuses an unapproved version.
    await expect(
      t.db.query(
        `UPDATE pathway_version SET status = 'published', version = 1, published_at = now() WHERE pathway_key = $1 AND status = 'draft'`,
        [key],
      ),
    ).rejects.toThrow(/needs a reviewer's approval/);

    await signOff(key);
    const published = await publish(key);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ version: 1, status: 'published' });
    const [v1] = (await t.http('GET', `/pathways/${key}/versions`, { token: tok.admin })).body;
    expect(v1).toMatchObject({
      version: 1,
      status: 'published',
      reviewState: 'approved',
      author: { userId: a.users.admin.id, name: expect.any(String) },
      submittedBy: { userId: a.users.admin.id },
      reviewedBy: { userId: a.users.specialist.id, name: expect.any(String) },
      submittedAt: expect.any(String),
      reviewedAt: expect.any(String),
      effectiveFrom: expect.any(String),
    });
    expect((await auditChanges(key)).map((r) => `${r.change}:${r.who === a.users.admin.username ? 'admin' : 'specialist'}`)).toEqual([
      'create:admin',
      'submit:admin',
      'reject:specialist',
      'draft:admin',
      'submit:admin',
      'approve:specialist',
      'draft:admin',
      'submit:admin',
      'approve:specialist',
      'publish:admin',
    ]);
    expect(await versionRows(key)).toEqual([{ version: 1, status: 'published', review_state: 'approved' }]);
  });

  it('#20.4: a version published for a later date comes into force then, and triage uses the version in force', async () => {
    const key = 'so-dated';
    expect((await t.http('POST', '/pathways', { token: tok.admin, body: goutPathway({ key }) })).status).toBe(201);
    await signOff(key);
    expect((await publish(key)).body).toMatchObject({ version: 1, status: 'published' });
    await goLive(t.db, key, a);
    const triage = (p: { id: string }) =>
      t.http('POST', '/triage-cases', {
        token: tok.nurse,
        headers: { 'idempotency-key': randomUUID() },
        body: { patientId: p.id, pathwayKey: key, answers: { age_years: 60, first_mtp_attack: true, attacks_last_year: 1 } },
      });
    // Fill the triage's cache with version 1.
    expect((await t.http('POST', `/pathways/${key}/evaluate`, { token: tok.nurse, body: { answers: {} } })).body.pathwayVersion).toBe(1);

    // Version 2 sends a first attack to the specialist, from a moment a little ahead.
    const v2 = goutPathway({ key });
    (v2.rules[0] as { when: unknown }).when = { '>=': [{ var: 'attacks_last_year' }, 1] };
    v2.testCases = v2.testCases.map((tc) => (tc.name === 'Första attacken' ? { ...tc, expected: { category: 'specialist' } } : tc));
    expect((await saveDraft(t, tok.admin!, key, v2)).status).toBe(200);
    // #20.3: the reviewer reads the change in words before approving it.
    const diff = await t.http('GET', `/pathways/${key}/versions/1/diff/draft`, { token: tok.specialist });
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ key, from: 1, to: 'draft' });
    expect(diff.body.changes).toContainEqual(
      expect.objectContaining({
        kind: 'rule',
        sv: expect.stringMatching(/^Villkoret i regeln «Reumatolog» .* ändrat/),
        en: expect.stringMatching(/^The condition of the rule «Rheumatologist» .* changed/),
      }),
    );
    expect(diff.body.changes).toContainEqual(expect.objectContaining({ kind: 'testCase', sv: '1 testfall ändrade: «Första attacken»' }));
    const badSide = await t.http('GET', `/pathways/${key}/versions/1/diff/senaste`, { token: tok.admin });
    expect(badSide.status).toBe(400);
    expect(badSide.body.details).toEqual([
      { field: 'to', reason: 'must be "draft" or a whole number from 1 to 2147483647', code: 'invalid' },
    ]);
    expect((await t.http('GET', `/pathways/${key}/versions/1/diff/draft`, { token: tok.nurse })).status).toBe(403);
    await signOff(key);
    const bad = await publish(key, { effectiveFrom: 'i morgon' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toContainEqual(expect.objectContaining({ field: 'effectiveFrom' }));
    const at = new Date(Date.now() + 3000);
    const scheduled = await publish(key, { effectiveFrom: at.toISOString() });
    expect(scheduled.body).toMatchObject({ version: 2, status: 'scheduled', effectiveFrom: at.toISOString() });
    expect(await versionRows(key)).toEqual([
      { version: 1, status: 'published', review_state: 'approved' },
      { version: 2, status: 'scheduled', review_state: 'approved' },
    ]);
    // Before the date: version 1 is in force, for the nurse's form and the triage.
    expect((await t.http('GET', `/pathways/${key}`, { token: tok.nurse })).body.version).toBe(1);
    const before = await triage(await createPatient(t, tok.nurse!, a.centres.main));
    expect(before.body).toMatchObject({ pathwayVersion: 1, category: 'primary_care' });
    const inForce = await t.db.query(
      `SELECT pathway_version_in_force($1, $2::timestamptz - interval '1 ms') AS before,
              pathway_version_in_force($1, $2::timestamptz) AS at`,
      [key, at.toISOString()],
    );
    expect(inForce.rows[0]).toEqual({ before: 1, at: 2 });

    await new Promise((r) => setTimeout(r, at.getTime() - Date.now() + 200));
    // From the date: version 2, though the triage's cache still holds version 1.
    const after = await triage(await createPatient(t, tok.nurse!, a.centres.main));
    expect(after.body).toMatchObject({ pathwayVersion: 2, category: 'specialist' });
    expect(await versionRows(key)).toEqual([
      { version: 1, status: 'retired', review_state: 'approved' },
      { version: 2, status: 'published', review_state: 'approved' },
    ]);
  }, 30_000);

  it('#20.4: return to an earlier version as a new version, through the same sign-off', async () => {
    const key = 'so-back';
    expect((await t.http('POST', '/pathways', { token: tok.admin, body: goutPathway({ key }) })).status).toBe(201);
    await signOff(key);
    await publish(key);
    const v2 = goutPathway({ key, title: { sv: 'Gikt v2', en: 'Gout v2' } });
    expect((await saveDraft(t, tok.admin!, key, v2)).status).toBe(200);
    await signOff(key);
    expect((await publish(key)).body.version).toBe(2);

    const back = await t.http('POST', `/pathways/${key}/versions/1/restore`, { token: tok.admin });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ status: 'draft', version: null, revision: await draftRevision(t, tok.admin!, key) });
    const again = await t.http('POST', `/pathways/${key}/versions/1/restore`, { token: tok.admin });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('draft_open');
    expect((await t.http('POST', `/pathways/${key}/versions/9/restore`, { token: tok.specialist })).status).toBe(403);
    expect((await draftOf(key)).review).toMatchObject({ reviewState: 'editing' });
    expect((await publish(key)).body.code).toBe('not_approved');
    await signOff(key);
    const v3 = await publish(key);
    expect(v3.body).toMatchObject({ version: 3, status: 'published' });
    const versions = (await t.http('GET', `/pathways/${key}/versions`, { token: tok.admin })).body;
    expect(versions[0]).toMatchObject({ version: 3, restoredFrom: 1, reviewedBy: { userId: a.users.specialist.id } });
    const defs = await t.db.query('SELECT version, definition FROM pathway_version WHERE pathway_key = $1 ORDER BY version', [key]);
    expect(defs.rows[2].definition).toEqual(defs.rows[0].definition);
    expect((await t.http('GET', `/pathways/${key}`, { token: tok.nurse })).body.title).toEqual(goutPathway().title);
    expect((await auditChanges(key)).map((r) => r.change)).toContain('restore');
  });

  it("#20.3: the impact preview in words, and the cases behind a number one click away (the region's, audited)", async () => {
    const key = 'so-impact';
    expect((await t.http('POST', '/pathways', { token: tok.admin, body: goutPathway({ key }) })).status).toBe(201);
    await signOff(key);
    await publish(key);
    await goLive(t.db, key, a);
    const triaged: string[] = [];
    for (const attacks of [1, 1, 3]) {
      const p = await createPatient(t, tok.nurse!, a.centres.main);
      const c = await t.http('POST', '/triage-cases', {
        token: tok.nurse,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          patientId: p.id,
          pathwayKey: key,
          answers: { age_years: 60, first_mtp_attack: true, attacks_last_year: attacks, ...(attacks >= 2 ? { tophi: false } : {}) },
        },
      });
      expect(c.status).toBe(201);
      triaged.push(c.body.id);
    }
    const v2 = goutPathway({ key });
    (v2.rules[0] as { when: unknown }).when = { '>=': [{ var: 'attacks_last_year' }, 1] };
    v2.testCases = v2.testCases.map((tc) => (tc.name === 'Första attacken' ? { ...tc, expected: { category: 'specialist' } } : tc));
    expect((await saveDraft(t, tok.admin!, key, v2)).status).toBe(200);

    const impact = await t.http('POST', `/pathways/${key}/draft/impact`, { token: tok.admin });
    expect(impact.body).toMatchObject({ source: 'past_cases', total: 3, changed: 2 });
    expect(impact.body.lines).toEqual([
      {
        from: 'primary_care',
        to: 'specialist',
        count: 2,
        sv: '2 av 3 ärenden flyttas från Primärvård till Reumatolog',
        en: '2 of 3 cases move from Primary care to Rheumatologist',
      },
    ]);
    expect(impact.body.summary.sv).toBe('1 av 3 ärenden får samma utfall, 2 ett annat');

    const [{ mark }] = (await t.db.query('SELECT coalesce(max(id), 0) AS mark FROM audit_event')).rows;
    const cases = await t.http('GET', `/pathways/${key}/draft/impact/cases?from=primary_care&to=specialist`, { token: tok.admin });
    expect(cases.status).toBe(200);
    expect(cases.body).toMatchObject({ count: 2, from: 'primary_care', to: 'specialist' });
    expect(cases.body.cases.map((c: { id: string }) => c.id).sort()).toEqual(triaged.slice(0, 2).sort());
    expect(cases.body.cases[0]).toMatchObject({
      category: 'primary_care',
      newCategory: 'specialist',
      healthCentreId: a.centres.main,
      pathwayVersion: 1,
    });
    const audit = await t.db.query(
      `SELECT action, resource_type, detail FROM audit_event WHERE id > $1 AND actor_user_id = $2 AND resource_type = 'TriageCase'`,
      [mark, a.users.admin.id],
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({
        action: 'read',
        detail: expect.objectContaining({ list: 'pathway-impact', count: 2, ids: expect.arrayContaining(triaged.slice(0, 2)) }),
      }),
    ]);
    // Filters: none lists every moved case; a category with none lists none.
    expect((await t.http('GET', `/pathways/${key}/draft/impact/cases`, { token: tok.admin })).body.count).toBe(2);
    expect((await t.http('GET', `/pathways/${key}/draft/impact/cases?from=specialist`, { token: tok.admin })).body.count).toBe(0);
    const junk = await t.http('GET', `/pathways/${key}/draft/impact/cases?from=`, { token: tok.admin });
    expect(junk.status).toBe(400);
    expect(junk.body.details).toContainEqual(expect.objectContaining({ field: 'from' }));
    // Patient data: the region's administrator only.
    expect((await t.http('GET', `/pathways/${key}/draft/impact/cases`, { token: tok.specialist })).status).toBe(403);
    expect((await t.http('GET', `/pathways/${key}/draft/impact/cases`, { token: tok.nurse })).status).toBe(403);
    const other = await createRegion(t.db, 'SP');
    const otherAdmin = await login(t, other.users.admin.username);
    expect((await t.http('GET', `/pathways/${key}/draft/impact/cases`, { token: otherAdmin })).status).toBe(404);
  });

  it('#20.4: the upgrade keeps approved drafts approved and asks a second person for the rest (PathwaySignOffRequired)', async () => {
    const { url, db, drop } = await earlierInstallation('PathwaySignOffRequired1764108000000');
    try {
      const withReviewers = await createRegion(db as never, 'UR');
      const without = await createRegion(db as never, 'UN');
      await db.query('INSERT INTO pathway_reviewer (region_id, user_id) VALUES ($1, $2)', [
        withReviewers.id,
        withReviewers.users.specialist.id,
      ]);
      const draft = async (key: string, region: TestRegion) => {
        await db.query('INSERT INTO pathway (key, owner_region_id) VALUES ($1, $2)', [key, region.id]);
        await db.query(`INSERT INTO pathway_version (pathway_key, status, definition, updated_by) VALUES ($1, 'draft', $2, $3)`, [
          key,
          goutPathway({ key }),
          region.users.admin.id,
        ]);
      };
      await draft('up-approved', withReviewers);
      await db.query(
        `UPDATE pathway_version SET review_state = 'submitted', submitted_at = now(), submitted_by = $2 WHERE pathway_key = $1`,
        ['up-approved', withReviewers.users.admin.id],
      );
      await db.query(
        `UPDATE pathway_version SET review_state = 'approved', reviewed_at = now(), reviewed_by = $2, reviewed_revision = revision
          WHERE pathway_key = $1`,
        ['up-approved', withReviewers.users.specialist.id],
      );
      await draft('up-editing', without);
      await runMigrations(url);

      const regions = await db.query('SELECT id, pathway_sign_off_by AS by FROM region WHERE id = ANY($1::uuid[])', [
        [withReviewers.id, without.id],
      ]);
      expect(Object.fromEntries(regions.rows.map((r) => [r.id, r.by]))).toEqual({
        [withReviewers.id]: 'reviewers',
        [without.id]: 'second_admin',
      });
      const states = await db.query(
        `SELECT pathway_key AS key, review_state FROM pathway_version WHERE pathway_key LIKE 'up-%' ORDER BY 1`,
      );
      expect(states.rows).toEqual([
        { key: 'up-approved', review_state: 'approved' },
        { key: 'up-editing', review_state: 'editing' },
      ]);
      // The approved draft is published as it stands; the one in editing, once published by its author alone, is refused now.
      await db.query(
        `UPDATE pathway_version SET status = 'published', version = 1, published_at = now() WHERE pathway_key = 'up-approved'`,
      );
      await expect(
        db.query(`UPDATE pathway_version SET status = 'published', version = 1, published_at = now() WHERE pathway_key = 'up-editing'`),
      ).rejects.toThrow(/needs a reviewer's approval/);
    } finally {
      await drop();
    }
  });
});
