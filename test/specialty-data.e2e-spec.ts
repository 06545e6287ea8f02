import { randomUUID } from 'node:crypto';
import { toICalendar } from '../libs/scheduling/src/calendar';
import { noticeText } from '../libs/scheduling/src/channels/notice-text';
import { SHIPPED_PATHWAYS } from '../libs/pathways/src/shipped-pathways';
import { createPatient, createRegion, goLive, login, loginAll, TEST_PASSWORD, type TestRegion } from './support/factories';
import { goutPathway } from './support/gout-pathway';
import { JOINT, jointAnswers } from './support/joint-answers';
import { publishDraft } from './support/pathway-drafts';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 19, item 1 (the remainder): urgency levels and answer plans as data in the definition, the feedback in the
 * answer, and the texts that name a specialty or profession (notices, calendar, FHIR) taken from data.
 */
describe('Specialties, urgency levels and answer plans as data (issue 19)', () => {
  let t: TestApp;
  let a: TestRegion;
  let tok: Record<'nurse' | 'otherNurse' | 'specialist' | 'admin', string>;
  let dermId: string;
  let dermToken: string;
  let hour = 1;
  const SKIN = SHIPPED_PATHWAYS[1]!;
  const GOUT = 'gout-own-plans';
  const plans = [
    { key: 'urate_lowering_started', label: { sv: 'Uratsänkande behandling insatt', en: 'Urate-lowering treatment started' } },
    { key: 'gout_follow_up', label: { sv: 'Återbesök för uratkontroll', en: 'Follow-up of the urate level' }, followUp: true },
  ];

  beforeAll(async () => {
    t = await createTestApp({ env: { VISIT_JOIN_OPENS_MINUTES: '1440' } });
    a = await createRegion(t.db, 'SD');
    tok = await loginAll(t, a);
    // The region's dermatologist: a specialist of the dermatology clinic and specialty.
    const {
      rows: [clinic],
    } = await t.db.query(
      `INSERT INTO clinic (region_id, name, hospital_name, specialty) VALUES ($1, 'Hudkliniken', 'Sjukhus SD', 'dermatology') RETURNING id`,
      [a.id],
    );
    const {
      rows: [derm],
    } = await t.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id)
       SELECT 'derm.sd', 'Hudläkare SD', password_hash, 'specialist', region_id, $1 FROM app_user WHERE id = $2 RETURNING id`,
      [clinic.id, a.users.specialist.id],
    );
    dermId = derm.id;
    await t.db.query(`INSERT INTO user_specialty (user_id, specialty_key) VALUES ($1, 'dermatology') ON CONFLICT DO NOTHING`, [dermId]);
    dermToken = await login(t, 'derm.sd', TEST_PASSWORD);
    // A pathway of the region's own with its own answer plans, written, signed off and published through the api.
    const created = await t.http('POST', '/pathways', { token: tok.admin, body: goutPathway({ key: GOUT, answerPlans: plans }) });
    expect(created.status).toBe(201);
    expect((await publishDraft(t, tok.admin, GOUT)).status).toBe(200);
    await goLive(t.db, GOUT, a);
  });
  afterAll(() => t?.close());

  /** A case on the pathway booked into a visit of the specialist that can be answered now. */
  async function visitOn(pathwayKey: string, answers: Record<string, unknown>, specialistId = a.users.specialist.id) {
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + hour++ * 3600_000);
    const session = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId,
        healthCentreId: a.centres.main,
        slotMinutes: 30,
        mode: 'remote',
        start: start.toISOString(),
        end: new Date(start.getTime() + 1800_000).toISOString(),
      },
    });
    expect(session.status).toBe(201);
    const p = await createPatient(t, tok.nurse, a.centres.main);
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: { patientId: p.id, pathwayKey, answers },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(c.status).toBe(201);
    const booking = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: session.body.slots[0].id } });
    expect(booking.status).toBe(201);
    return { visitId: booking.body.visitId as string, caseId: c.body.id as string, patientId: p.id };
  }
  const goutAnswers = () => ({ age_years: 60, first_mtp_attack: true, attacks_last_year: 3, tophi: false });

  it('#19.1: every category is served with its urgency level; the schema names the five levels and the answer plans', async () => {
    const joint = await t.http('GET', `/pathways/${JOINT}`, { token: tok.nurse });
    expect(joint.status).toBe(200);
    expect(joint.body.categories.map((c: { key: string; urgency: string }) => [c.key, c.urgency])).toEqual([
      ['emergency', 'emergency'],
      ['not_applicable', 'primary_care'],
      ['urgent', 'urgent'],
      ['early_arthritis', 'soon'],
      ['routine', 'routine'],
      ['primary_care', 'primary_care'],
    ]);
    const skin = await t.http('GET', `/pathways/${SKIN.key}`, { token: tok.nurse });
    expect(skin.body.categories.find((c: { key: string }) => c.key === 'suspected_cancer').urgency).toBe('urgent');
    const schema = await t.http('GET', '/pathways/schema', { token: tok.admin });
    expect(JSON.stringify(schema.body)).toContain('"primary_care"');
    expect(JSON.stringify(schema.body)).toContain('"answerPlans"');
  });

  it('#19.1: a level outside the five, or two plans with one key, is refused naming the field', async () => {
    const gout = goutPathway({ key: 'gout-bad-level' }) as { categories: Array<Record<string, unknown>> };
    gout.categories[0]!.urgency = 'very_urgent';
    const badLevel = await t.http('POST', '/pathways', { token: tok.admin, body: gout });
    expect(badLevel.status).toBe(422);
    expect(badLevel.body.details).toEqual([expect.objectContaining({ field: 'categories[0].urgency' })]);
    const twice = await t.http('POST', '/pathways', {
      token: tok.admin,
      body: goutPathway({ key: 'gout-twice', answerPlans: [plans[0], plans[0]] }),
    });
    expect(twice.status).toBe(422);
    expect(twice.body.details).toEqual([expect.objectContaining({ field: 'answerPlans[1].key' })]);
  });

  it("#19.1: the answer form offers the pathway's plans and the fired rules; a plan the pathway lacks is 422 naming `plan`", async () => {
    const v = await visitOn(GOUT, goutAnswers());
    const form = (await t.http('GET', `/visits/${v.visitId}`, { token: tok.specialist })).body.answerForm;
    expect(form.plans).toEqual(plans);
    expect(form.firedRules).toEqual([
      { ruleId: 'frequent_attacks', text: expect.objectContaining({ sv: expect.stringContaining('Täta attacker') }) },
    ]);
    const answer = (plan: string) =>
      t.http('POST', `/visits/${v.visitId}/outcome`, { token: tok.specialist, body: { summary: 'Gikt.', plan } });
    const notHers = await answer('discharged');
    expect(notHers.status).toBe(422);
    expect(notHers.body.details).toEqual([
      expect.objectContaining({ field: 'plan', reason: 'must be one of urate_lowering_started, gout_follow_up' }),
    ]);
    const malformed = await answer('Not a plan');
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toEqual([expect.objectContaining({ field: 'plan' })]);
    expect((await t.db.query('SELECT status FROM visit WHERE id = $1', [v.visitId])).rows[0].status).toBe('scheduled');
    // Its own plan without a follow-up: stored (the fixed list of the database is gone), no new case.
    const done = await answer('urate_lowering_started');
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ plan: 'urate_lowering_started', followUpCaseId: null });
    const read = await t.http('GET', `/visits/${v.visitId}`, { token: tok.nurse });
    expect(read.body.outcome).toMatchObject({ plan: 'urate_lowering_started', planLabel: plans[0]!.label, followUp: false });
    const inbox = await t.http('GET', '/inbox', { token: tok.nurse });
    expect(inbox.body.find((o: { visitId: string }) => o.visitId === v.visitId).planLabel).toEqual(plans[0]!.label);
  });

  it("#19.1: a plan marked followUp opens the follow-up case; FHIR writes the plan's own words", async () => {
    const v = await visitOn(GOUT, goutAnswers());
    const done = await t.http('POST', `/visits/${v.visitId}/outcome`, {
      token: tok.specialist,
      body: { summary: 'Gikt, behandling insatt.', plan: 'gout_follow_up', followUpInDays: 60 },
    });
    expect(done.status).toBe(201);
    expect(done.body.followUpCaseId).toEqual(expect.any(String));
    const followUp = await t.db.query('SELECT pathway_key, status, flags FROM triage_case WHERE id = $1', [done.body.followUpCaseId]);
    expect(followUp.rows).toEqual([{ pathway_key: GOUT, status: 'awaiting_booking', flags: ['follow_up'] }]);
    const bundle = (await t.http('GET', `/visits/${v.visitId}/fhir`, { token: tok.nurse })).body;
    const composition = bundle.entry.find(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Composition',
    ).resource;
    const plan = composition.section.find((s: { title: string }) => s.title === 'Plan');
    expect(plan.code.coding[0].code).toBe('gout_follow_up');
    // The gout pathway names no specialty: a specialist doctor.
    expect(plan.text.div).toContain('Återbesök för uratkontroll hos specialistläkare');
    // The shipped pathway keeps the four defaults: a remote follow-up is still one.
    const joint = await visitOn(JOINT, jointAnswers({ swollen_joint_count: 3 }));
    const form = await t.http('GET', `/visits/${joint.visitId}`, { token: tok.specialist });
    expect(form.body.answerForm.plans.map((p: { key: string }) => p.key)).toEqual([
      'follow_up_remote',
      'follow_up_primary_care',
      'hospital_referral',
      'discharged',
    ]);
    const remote = await t.http('POST', `/visits/${joint.visitId}/outcome`, {
      token: tok.specialist,
      body: { summary: 'Artrit.', plan: 'follow_up_remote' },
    });
    expect(remote.body.followUpCaseId).toEqual(expect.any(String));
  });

  it('#19.4: the feedback is saved in the draft as chosen, and stored with the answer', async () => {
    const v = await visitOn(GOUT, goutAnswers());
    const feedback = { verdict: 'should_have_stayed_in_primary_care', ruleIds: ['frequent_attacks'] };
    const saved = await t.http('PUT', `/visits/${v.visitId}/outcome-draft`, {
      token: tok.specialist,
      body: { summary: 'Gikt', plan: 'urate_lowering_started', triageFeedback: feedback },
    });
    expect(saved.status).toBe(200);
    const again = await t.http('GET', `/visits/${v.visitId}/outcome-draft`, { token: tok.specialist });
    expect(again.body.draft).toEqual({ summary: 'Gikt', plan: 'urate_lowering_started', triageFeedback: feedback });
    const badDraft = await t.http('PUT', `/visits/${v.visitId}/outcome-draft`, {
      token: tok.specialist,
      body: { triageFeedback: { verdict: 'maybe' } },
    });
    expect(badDraft.status).toBe(400);
    expect(badDraft.body.details).toEqual([expect.objectContaining({ field: 'triageFeedback.verdict' })]);
    // A plan as typed is one of the pathway's (the defaults are not the gout pathway's).
    const otherPlan = await t.http('PUT', `/visits/${v.visitId}/outcome-draft`, { token: tok.specialist, body: { plan: 'discharged' } });
    expect(otherPlan.status).toBe(400);
    expect(otherPlan.body.details).toEqual([expect.objectContaining({ field: 'plan' })]);
    const kept = await t.http('GET', `/visits/${v.visitId}/outcome-draft`, { token: tok.specialist });
    expect(kept.body.draft.plan).toBe('urate_lowering_started');
    const audited = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_event
        WHERE resource_type = 'VisitOutcomeDraft' AND resource_id = $1 AND action IN ('read', 'update')`,
      [v.visitId],
    );
    expect(audited.rows[0].n).toBeGreaterThanOrEqual(2);
    const done = await t.http('POST', `/visits/${v.visitId}/outcome`, {
      token: tok.specialist,
      body: { summary: 'Gikt.', plan: 'urate_lowering_started', triageFeedback: feedback },
    });
    expect(done.status).toBe(201);
    const stored = await t.db.query('SELECT verdict, rule_ids, pathway_key FROM triage_feedback WHERE case_id = $1', [v.caseId]);
    expect(stored.rows).toEqual([{ verdict: 'should_have_stayed_in_primary_care', rule_ids: ['frequent_attacks'], pathway_key: GOUT }]);
  });

  it('#19.1, #22: a notice names no specialty on any pathway (what the patient is seen for stays off a lock screen)', async () => {
    const skin = await visitOn(SKIN.key, SKIN.testCases[0]!.answers, dermId);
    const joint = await visitOn(JOINT, jointAnswers({ swollen_joint_count: 3 }));
    const body = async (patientId: string) =>
      (await t.db.query(`SELECT body FROM notice_outbox WHERE patient_id = $1 AND kind = 'booked'`, [patientId])).rows[0].body as string;
    const skinText = await body(skin.patientId);
    expect(skinText).toMatch(/videobesök med specialistläkare .* på SD Norra hälsocentral/);
    expect(skinText).not.toMatch(/hud|reumat|\(/i);
    expect(await body(joint.patientId)).not.toMatch(/reumat|led|artrit|\(/i);
    // The dermatologist's answer in FHIR is hers, with the default plans' words.
    const answered = await t.http('POST', `/visits/${skin.visitId}/outcome`, {
      token: dermToken,
      body: { summary: 'Nevus.', plan: 'hospital_referral' },
    });
    expect(answered.status).toBe(201);
    const bundle = JSON.stringify((await t.http('GET', `/visits/${skin.visitId}/fhir`, { token: tok.nurse })).body);
    expect(bundle).toContain('Svar efter videobesök hos hudläkare');
    expect(bundle).toContain('Remiss till sjukhus');
    expect(bundle).not.toMatch(/reumatolog/i);
  });

  it("#19.1: the calendar names what the specialist's sessions serve, from her specialties", async () => {
    await visitOn(SKIN.key, SKIN.testCases[0]!.answers, dermId);
    const ics = await t.http('GET', `/calendar.ics?specialistId=${dermId}`, { token: dermToken });
    expect(ics.status).toBe(200);
    expect(ics.body).toContain('SUMMARY:Mottagning i hudsjukvård på distans – SD Norra hälsocentral');
    expect(ics.body).not.toMatch(/reumatolog/i);
  });

  it('#19.1: the words of notices name no specialty, and calendars none unless data gives one', () => {
    const facts = {
      patientName: 'Test',
      start: new Date('2026-12-01T10:00:00Z'),
      healthCentreName: 'HC',
      healthCentrePhone: '0680-1',
      healthCentreAddress: null,
      link: 'https://x/p/abc',
    };
    expect(noticeText('reminder', facts).body).toMatch(/videobesök med specialistläkare [^(]/);
    expect(noticeText('changed', facts).body).toContain('videobesök med specialistläkare är flyttad');
    const session = {
      id: randomUUID(),
      start: new Date('2026-12-01T09:00:00Z'),
      end: new Date('2026-12-01T12:00:00Z'),
      mode: 'remote' as const,
      status: 'planned' as const,
      healthCentre: 'HC',
      specialist: 'Dr X',
      slots: 6,
      booked: 0,
      bookings: [],
    };
    const ics = toICalendar('Mottagningar', [session, { ...session, id: randomUUID(), mode: 'onsite', specialty: 'Hudsjukvård' }]);
    expect(ics).toContain('SUMMARY:Specialistmottagning på distans – HC');
    expect(ics).toContain('SUMMARY:Mottagning i hudsjukvård på plats – HC');
    expect(ics).not.toMatch(/reumatolog/i);
  });
});
