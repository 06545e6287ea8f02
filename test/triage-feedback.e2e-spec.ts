import { randomUUID } from 'node:crypto';
import { SHIPPED_PATHWAYS } from '../libs/pathways/src/shipped-pathways';
import { createPatient, createRegion, loginAll, TEST_PASSWORD, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { createTestApp, type TestApp } from './support/test-app';

/** Issue 19, item 4: the specialist says in the answer whether the triage was right; each rule's override rate. */
describe('Triage feedback in the answer and per-rule statistics (issue 19)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let tok: Record<'nurse' | 'otherNurse' | 'specialist' | 'admin', string>;
  let tokB: Record<'nurse' | 'otherNurse' | 'specialist' | 'admin', string>;
  let hour = 1;

  beforeAll(async () => {
    t = await createTestApp({ env: { VISIT_JOIN_OPENS_MINUTES: '1440' } });
    a = await createRegion(t.db, 'FA');
    b = await createRegion(t.db, 'FB');
    tok = await loginAll(t, a);
    tokB = await loginAll(t, b);
  });
  afterAll(() => t?.close());

  /** A case on joint complaints (three swollen joints), booked into a visit that can be answered now. */
  async function visitFor(answers = jointAnswers({ swollen_joint_count: 3 })) {
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + hour++ * 3600_000);
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
    const p = await createPatient(t, tok.nurse, a.centres.main);
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: { patientId: p.id, pathwayKey: JOINT, answers },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(c.status).toBe(201);
    const booking = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: session.body.slots[0].id } });
    expect(booking.status).toBe(201);
    return {
      visitId: booking.body.visitId as string,
      caseId: c.body.id as string,
      rules: (c.body.reasons as Array<{ ruleId: string }>).map((r) => r.ruleId),
    };
  }
  const answer = (visitId: string, triageFeedback?: unknown) =>
    t.http('POST', `/visits/${visitId}/outcome`, {
      token: tok.specialist,
      body: { summary: 'Artrit i tre leder.', plan: 'discharged', triageFeedback },
    });

  let firedRule: string;

  it("#19.4: the answer carries the feedback; it is stored with the case's pathway version and audited with the answer", async () => {
    const v = await visitFor();
    firedRule = v.rules[0]!;
    expect(firedRule).toBeDefined();
    const res = await answer(v.visitId, { verdict: 'should_have_been_less_urgent', ruleIds: [firedRule] });
    expect(res.status).toBe(201);
    const stored = await t.db.query(
      'SELECT verdict, rule_ids, pathway_key, pathway_version, author_id FROM triage_feedback WHERE case_id = $1',
      [v.caseId],
    );
    expect(stored.rows).toEqual([
      {
        verdict: 'should_have_been_less_urgent',
        rule_ids: [firedRule],
        pathway_key: JOINT,
        pathway_version: 1,
        author_id: a.users.specialist.id,
      },
    ]);
    const audit = await t.db.query(
      `SELECT detail FROM audit_event WHERE resource_type = 'VisitOutcome' AND action = 'create' AND actor_user_id = $1`,
      [a.users.specialist.id],
    );
    expect(audit.rows[0].detail.triageFeedback).toEqual({ verdict: 'should_have_been_less_urgent', ruleIds: [firedRule] });
  });

  it('#19.4: a verdict outside the four, rules named with "appropriate", or a rule the version lacks: 4xx naming the field, and no answer is stored', async () => {
    const v = await visitFor();
    const badVerdict = await answer(v.visitId, { verdict: 'wrong' });
    expect(badVerdict.status).toBe(400);
    expect(badVerdict.body.details).toEqual([expect.objectContaining({ field: 'triageFeedback.verdict' })]);
    const rulesWhenRight = await answer(v.visitId, { verdict: 'appropriate', ruleIds: [firedRule] });
    expect(rulesWhenRight.status).toBe(400);
    expect(rulesWhenRight.body.details).toEqual([expect.objectContaining({ field: 'triageFeedback.ruleIds' })]);
    const unknownRule = await answer(v.visitId, { verdict: 'should_have_been_more_urgent', ruleIds: [firedRule, 'no_such_rule'] });
    expect(unknownRule.status).toBe(422);
    expect(unknownRule.body.details).toEqual([
      { field: 'triageFeedback.ruleIds.1', reason: `no_such_rule is not a rule of ${JOINT} version 1`, code: 'invalid' },
    ]);
    expect((await t.db.query('SELECT status FROM visit WHERE id = $1', [v.visitId])).rows[0].status).toBe('scheduled');
    expect((await t.db.query('SELECT count(*)::int AS n FROM visit_outcome WHERE visit_id = $1', [v.visitId])).rows[0].n).toBe(0);
    // Without feedback the answer is as before.
    expect((await answer(v.visitId)).status).toBe(201);
  });

  it('#19.4: per rule, times fired, overridden (re-triage or feedback naming it or no rule) and the share, flagged over the threshold', async () => {
    // The hand-built set, all firing the same rule (three swollen joints): the first case above (less urgent, naming it),
    // the second (no feedback); now one appropriate, one "should have stayed in primary care" naming no rule, one re-triaged.
    const right = await visitFor();
    expect((await answer(right.visitId, { verdict: 'appropriate' })).status).toBe(201);
    const stay = await visitFor();
    expect((await answer(stay.visitId, { verdict: 'should_have_stayed_in_primary_care' })).status).toBe(201);
    const p = await createPatient(t, tok.nurse, a.centres.main);
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(
      (
        await t.http('POST', `/triage-cases/${c.body.id}/retriage`, {
          token: tok.specialist,
          body: { category: 'urgent', reason: 'Misstänkt vaskulit' },
        })
      ).status,
    ).toBe(200);
    // Another region's cases do not count here.
    const pb = await createPatient(t, tokB.nurse, b.centres.main);
    await t.http('POST', '/triage-cases', {
      token: tokB.nurse,
      body: { patientId: pb.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });

    const res = await t.http('GET', `/pathways/${JOINT}/rule-feedback?threshold=0.5&minFired=5`, { token: tok.admin });
    expect(res.status).toBe(200);
    const rule = res.body.rules.find((r: { ruleId: string }) => r.ruleId === firedRule);
    // Fired 5 times; overridden by the named feedback, the feedback naming no rule and the re-triage: 3 of 5.
    expect(rule).toEqual({
      ruleId: firedRule,
      fired: 5,
      overridden: 3,
      share: 0.6,
      flagged: true,
      retriaged: 1,
      verdicts: { appropriate: 1, should_have_stayed_in_primary_care: 1, should_have_been_more_urgent: 0, should_have_been_less_urgent: 1 },
    });
    // A rule that never fired is listed with zeros, unflagged; the threshold and the minimum are the caller's.
    expect(res.body.rules.find((r: { fired: number }) => r.fired === 0)).toMatchObject({ overridden: 0, share: 0, flagged: false });
    const strict = await t.http('GET', `/pathways/${JOINT}/rule-feedback?threshold=0.7`, { token: tok.admin });
    expect(strict.body.rules.find((r: { ruleId: string }) => r.ruleId === firedRule).flagged).toBe(false);
    expect((await t.http('GET', `/pathways/${JOINT}/rule-feedback?threshold=2`, { token: tok.admin })).status).toBe(400);
    expect((await t.http('GET', `/pathways/${JOINT}/rule-feedback`, { token: tok.specialist })).status).toBe(403);
    const other = await t.http('GET', `/pathways/${JOINT}/rule-feedback`, { token: tokB.admin });
    expect(other.body.rules.find((r: { ruleId: string }) => r.ruleId === firedRule)).toMatchObject({ fired: 1, overridden: 0 });
  });

  it("#19.1: the answer's title in FHIR names the profession of the pathway's specialty (a dermatologist's answer on the skin pathway)", async () => {
    const {
      rows: [clinic],
    } = await t.db.query(
      `INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, 'Hudkliniken', 'Sjukhus FA', 'dermatology') RETURNING id`,
      [a.id],
    );
    const {
      rows: [derm],
    } = await t.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id)
       SELECT 'derm.fa', 'Hudläkare FA', password_hash, 'specialist', region_id, $1 FROM app_user WHERE id = $2 RETURNING id`,
      [clinic.id, a.users.specialist.id],
    );
    const dermToken = (await t.http('POST', '/auth/login', { body: { username: 'derm.fa', password: TEST_PASSWORD } })).body
      .accessToken as string;
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + hour++ * 3600_000);
    const session = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: derm.id,
        healthCentreId: a.centres.main,
        start: start.toISOString(),
        end: new Date(start.getTime() + 1800_000).toISOString(),
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    expect(session.status).toBe(201);
    const p = await createPatient(t, tok.nurse, a.centres.main);
    const skin = SHIPPED_PATHWAYS[1]!;
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: { patientId: p.id, pathwayKey: skin.key, answers: skin.testCases[0]!.answers },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(c.status).toBe(201);
    const booking = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: session.body.slots[0].id } });
    expect(booking.status).toBe(201);
    const visitId = booking.body.visitId as string;
    const answered = await t.http('POST', `/visits/${visitId}/outcome`, {
      token: dermToken,
      body: {
        summary: 'Dysplastiskt nevus, excideras.',
        plan: 'follow_up_remote',
        followUpInDays: 30,
        triageFeedback: { verdict: 'appropriate' },
      },
    });
    expect(answered.status).toBe(201);
    const bundle = (await t.http('GET', `/visits/${visitId}/fhir`, { token: tok.nurse })).body;
    const composition = bundle.entry.find(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Composition',
    ).resource;
    expect(composition.title).toBe('Svar efter videobesök hos hudläkare');
    expect(composition.type.text).toBe('Svar från hudläkare');
    expect(composition.section.find((s: { title: string }) => s.title === 'Plan').text.div).toContain('Återbesök på distans hos hudläkare');
    expect(JSON.stringify(bundle)).not.toMatch(/reumatolog/i);
    expect((await t.http('GET', `/visits/${visitId}`, { token: tok.nurse })).body.specialist.profession).toEqual({
      sv: 'Hudläkare',
      en: 'Dermatologist',
    });
  });
});
