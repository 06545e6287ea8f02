import { randomUUID } from 'node:crypto';
import type { Role } from '@app/identity';
import { createPatient, createRegion, goLive, loginAll, personnummer, type TestRegion } from './support/factories';
import { publishDraft } from './support/pathway-drafts';
import { goutPathway } from './support/gout-pathway';
import { JOINT, jointAnswers } from './support/joint-answers';
import { type Route, routeTable } from './support/route-table';
import { connected, connectRealtime, nextEvent } from './support/sockets';
import { createTestApp, type TestApp } from './support/test-app';

type Tokens = Record<keyof TestRegion['users'], string>;

/** A connected socket that has joined its rooms (the server says so with a 'connected' queue.updated). */
async function readySocket(baseUrl: string, token: string) {
  const socket = connectRealtime(baseUrl, token);
  const joined = nextEvent(socket, 'queue.updated', (e: { reason: string }) => e.reason === 'connected');
  await connected(socket);
  await joined;
  return socket;
}

/** A day a week or two ahead (Stockholm date), and a Monday-based week so a test's slots share one week. */
function nextMonday(weeksAhead = 1): string {
  const d = new Date();
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 7 * weeksAhead)).toISOString().slice(0, 10);
}

function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

describe('Regions as tenants, agreements, the pathway catalogue (HTTP + socket.io, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion; // provides rheumatology
  let b: TestRegion; // receives
  let ta: Tokens;
  let tb: Tokens;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'RA');
    b = await createRegion(t.db, 'RB');
    ta = await loginAll(t, a);
    tb = await loginAll(t, b);
  });
  afterAll(() => t.close());

  const submit = (token: string, patientId: string, pathwayKey = JOINT, answers = jointAnswers({ swollen_joint_count: 3 })) =>
    t.http('POST', '/triage-cases', { token, body: { patientId, pathwayKey, answers }, headers: { 'idempotency-key': randomUUID() } });

  const proposal = (over: Record<string, unknown> = {}) => ({
    title: 'Reumatologi från RA till RB',
    providerRegionId: a.id,
    providerClinicId: a.clinicId,
    healthCentreIds: [b.centres.main],
    pathwayKeys: [JOINT],
    capacityShare: 0.4,
    validFrom: today(-1),
    validTo: today(365),
    prices: { remoteVisit: 1800, onsiteDay: 14000, noShow: 600 },
    ...over,
  });

  async function activeAgreement(over: Record<string, unknown> = {}): Promise<string> {
    const proposed = await t.http('POST', '/agreements', { token: tb.admin, body: proposal(over) });
    expect(proposed.status).toBe(201);
    const accepted = await t.http('POST', `/agreements/${proposed.body.id}/accept`, { token: ta.admin });
    expect(accepted.status).toBe(200);
    return proposed.body.id as string;
  }

  describe('isolation', () => {
    /** One of each of region B's things, whose ids region A's users must not reach. */
    let ids: Record<string, string>;

    beforeAll(async () => {
      const start = new Date(`${nextMonday(3)}T08:00:00Z`);
      const session = await t.http('POST', '/clinic-sessions', {
        token: tb.admin,
        body: {
          specialistId: b.users.specialist.id,
          healthCentreId: b.centres.main,
          start: start.toISOString(),
          end: new Date(start.getTime() + 3600_000).toISOString(),
          slotMinutes: 30,
          mode: 'remote',
        },
      });
      expect(session.status).toBe(201);
      const p = await createPatient(t, tb.nurse, b.centres.main);
      const c = await submit(tb.nurse, p.id);
      const booking = await t.http('POST', '/bookings', { token: tb.nurse, body: { caseId: c.body.id, slotId: session.body.slots[0].id } });
      expect(booking.status).toBe(201);
      const other = await createRegion(t.db, 'RC');
      const toC = await t.http('POST', '/agreements', {
        token: tb.admin,
        body: proposal({ providerRegionId: other.id, providerClinicId: other.clinicId }),
      });
      expect(toC.status).toBe(201);
      // Region B's own pathway, published and with a new draft open.
      expect((await t.http('POST', '/pathways', { token: tb.admin, body: goutPathway({ key: 'rb-gout' }) })).status).toBe(201);
      expect((await publishDraft(t, tb.admin!, 'rb-gout')).status).toBe(200);
      expect(
        (
          await t.http('PUT', '/pathways/rb-gout/draft', {
            token: tb.admin,
            body: goutPathway({ key: 'rb-gout' }),
            headers: { 'if-match': '"1"' },
          })
        ).status,
      ).toBe(200);
      const outcome = await t.db.query(
        `INSERT INTO visit_outcome (visit_id, case_id, health_centre_id, author_id, summary, plan) VALUES ($1, $2, $3, $4, 'Artros', 'discharged') RETURNING id`,
        [booking.body.visitId, c.body.id, b.centres.main, b.users.specialist.id],
      );
      // Issue 21: region B's referral to a partner installation, its offered service and a partner's news.
      const partner = await t.db.query(
        `INSERT INTO federation_partner (region_id, name, base_url, installation_id, keys, keys_fetched_at)
         VALUES ($1, 'Partner', 'http://127.0.0.1:9', gen_random_uuid(), '[]', now()) RETURNING id`,
        [b.id],
      );
      const referral = await t.db.query(
        `INSERT INTO federation_referral (id, direction, region_id, partner_id, service_id, service_title, patient_id, health_centre_id, referred_by,
                                          referrer, answers, bundle, status, price, currency, sent_at)
         VALUES (gen_random_uuid(), 'outgoing', $1, $2, gen_random_uuid(), 'Tjänst', $3, $4, $5, '{}', '{}', '{}', 'sent', 100, 'SEK', now()) RETURNING id`,
        [b.id, partner.rows[0].id, p.id, b.centres.main, b.users.specialist.id],
      );
      const service = await t.db.query(
        `INSERT INTO federation_service (region_id, title, specialty, pathway_key, turnaround_days, price_per_referral) VALUES ($1, 'Tjänst', 'rheumatology', 'rb-gout', 14, 100) RETURNING id`,
        [b.id],
      );
      const news = await t.db.query(
        `INSERT INTO federation_news (region_id, partner_id, service_id, service_title, changes) VALUES ($1, $2, gen_random_uuid(), 'Tjänst', '[]') RETURNING id`,
        [b.id, partner.rows[0].id],
      );
      ids = {
        referral: referral.rows[0].id,
        federationService: service.rows[0].id,
        news: news.rows[0].id,
        patient: p.id,
        personnummer: p.personnummer,
        case: c.body.id,
        session: session.body.id,
        slot: session.body.slots[1].id,
        booking: booking.body.id,
        visit: booking.body.visitId,
        outcome: outcome.rows[0].id,
        user: b.users.nurse.id,
        centre: b.centres.main,
        clinic: b.clinicId,
        agreement: toC.body.id,
        pathway: 'rb-gout',
      };
    });

    /** Region B's id for each path parameter, by the route it is in. */
    function otherRegionsPath(route: Route): string | undefined {
      const idFor: Array<[RegExp, string]> = [
        [/\/triage-cases\/:id/, ids.case],
        [/\/clinic-sessions\/:id/, ids.session],
        [/\/bookings\/:id/, ids.booking],
        [/\/visits\/:id/, ids.visit],
        [/\/inbox\/:id/, ids.outcome],
        [/\/users\/:id/, ids.user],
        [/\/health-centres\/:id/, ids.centre],
        [/\/clinics\/:id/, ids.clinic],
        [/\/rollouts\/:healthCentreId/, ids.centre],
        [/\/agreements\/:id/, ids.agreement],
        [/\/patients\/:id/, ids.patient],
        [/\/referrals\/:id/, ids.referral],
        [/\/federation\/services\/:id/, ids.federationService],
        [/\/federation\/news\/:id/, ids.news],
      ];
      const byRoute = idFor.find(([re]) => re.test(route.path));
      let unknown = false;
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
        if (name === 'key') return ids.pathway;
        if (name === 'version' || name === 'from' || name === 'to') return '1';
        if (!byRoute) unknown = true;
        return byRoute?.[1] ?? '';
      });
      return unknown ? undefined : path;
    }

    /** Bodies that pass validation, so that what answers is the scope check. */
    const bodies: Record<string, unknown> = {
      'TriageController.withdraw': { reason: 'Patienten har flyttat' },
      'TriageController.retriage': { category: 'urgent', reason: 'Misstänkt vaskulit' },
      'SchedulingController.cancelBooking': { reason: 'Sjuk' },
      'SchedulingController.reschedule': { slotId: '00000000-0000-4000-8000-000000000000' },
      'SchedulingController.cancelSession': { reason: 'Sjuk' },
      'SchedulingController.setNeighbour': { healthCentreId: '00000000-0000-4000-8000-000000000000', roadKm: 10 },
      'SchedulingController.createRoom': { name: 'Rum 9' },
      'VisitsController.outcome': { summary: 'Artros', plan: 'discharged' },
      'PathwaysController.evaluate': { answers: {} },
      'PathwaysController.replaceDraft': goutPathway({ key: 'rb-gout' }),
      'PathwaysController.copy': { key: 'ra-copy' },
      'FederationController.changeService': { pricePerReferral: 200 },
      'ReferralsController.reject': { reason: 'Fel tjänst' },
      'ReferralsController.requestCompletion': { question: 'CRP?' },
      'ReferralsController.complete': { reply: 'CRP 5' },
      'ReferralsController.answer': { summary: 'Artros' },
      'RolloutController.setRollout': { state: 'planned' },
      'HsaIdController.user': { hsaId: 'SE2321000016-RB1' },
      'HsaIdController.healthCentre': { hsaId: 'SE2321000016-RB2' },
      'HsaIdController.clinic': { hsaId: 'SE2321000016-RB3' },
      'RolloutController.trainingSettings': { passShare: 0.9 },
      'RolloutController.recordTraining': { userId: '00000000-0000-4000-8000-000000000000' },
      'RolloutController.check': { index: 0, answers: {} },
      'RolloutController.attempt': { version: 1, results: [{ index: 0, answers: {} }] },
    };
    it('declares roles and a scope on every route', () => {
      expect(
        routeTable(t)
          .filter((r) => !r.rule?.scope)
          .map((r) => r.name),
      ).toEqual([]);
    });

    it('answers every route with an id as its declared scope says: own centre, other centre, other region', async () => {
      const before = await t.db.query(
        `SELECT (SELECT count(*) FROM booking WHERE status = 'active') AS b, (SELECT count(*) FROM triage_case WHERE status = 'booked') AS c`,
      );
      // A report's id names a report, not data: its figures' isolation is checked in test/reports.e2e-spec.ts.
      const routes = routeTable(t).filter((r) => r.path.includes('/:') && !r.rule?.public && r.name !== 'ReportsController.run');
      const wrong: string[] = [];
      const cells: Record<string, number> = {};
      const check = async (route: Route, caller: string, token: string, expected: '404' | 'passes' | '200') => {
        const path = otherRegionsPath(route);
        if (!path) return void wrong.push(`${route.method} ${route.path}: no id of region B for this route (add it to the test)`);
        const res = await t.http(route.method, path, { token, body: route.method === 'GET' ? undefined : (bodies[route.name] ?? {}) });
        const ok =
          expected === '404'
            ? res.status === 404
            : expected === '200'
              ? res.status === 200
              : ![401, 403, 404].includes(res.status) && res.status < 500;
        cells[caller] = (cells[caller] ?? 0) + 1;
        if (!ok)
          wrong.push(
            `${route.method} ${path} (${route.name}, ${route.rule?.scope}) as ${caller}: ${res.status}, expected ${expected}: ${JSON.stringify(res.body).slice(0, 100)}`,
          );
      };
      for (const route of routes) {
        const scope = route.rule?.scope;
        const allowed = (role: Role) => route.rule && !route.rule.public && route.rule.roles.includes(role);
        if (scope === 'shared') continue;
        // Another region's ids: unknown to every role of region A.
        for (const role of ['nurse', 'specialist', 'admin'] as Role[])
          if (allowed(role)) await check(route, `${role} of region A`, ta[role], '404');
        // The same region, another centre: a nurse knows only her own centre's patient data.
        if (allowed('nurse')) await check(route, 'nurse of another centre', tb.otherNurse, scope === 'centre' ? '404' : 'passes');
      }
      // Own centre and region: every read answers (writes are exercised by the feature suites).
      for (const route of routes.filter((r) => r.method === 'GET' && r.rule?.scope !== 'shared')) {
        for (const role of ['nurse', 'specialist', 'admin'] as Role[]) {
          if (route.rule && !route.rule.public && route.rule.roles.includes(role))
            await check(route, `${role} of region B`, tb[role], '200');
        }
      }
      expect(wrong).toEqual([]);
      expect(Object.values(cells).reduce((a, b) => a + b, 0)).toBeGreaterThan(60);
      if (process.env.MATRIX_REPORT) console.log(`scope matrix: ${JSON.stringify(cells)}`);
      const after = await t.db.query(
        `SELECT (SELECT count(*) FROM booking WHERE status = 'active') AS b, (SELECT count(*) FROM triage_case WHERE status = 'booked') AS c`,
      );
      expect(after.rows).toEqual(before.rows);
    }, 120_000);

    it('lists nothing of the other region, whatever filter names its ids', async () => {
      const lists: Array<[keyof Tokens, string]> = [
        ['specialist', `/queue?pathwayKey=${JOINT}&healthCentreId=${ids.centre}`],
        ['admin', `/queue?pathwayKey=${JOINT}&healthCentreId=${ids.centre}`],
        ['admin', `/triage-cases?healthCentreId=${ids.centre}`],
        ['specialist', `/triage-cases?patientId=${ids.patient}`],
        ['admin', `/slots?healthCentreId=${ids.centre}`],
        ['admin', `/clinic-sessions?healthCentreId=${ids.centre}`],
        ['specialist', `/clinic-sessions?specialistId=${b.users.specialist.id}`],
        ['admin', `/audit-events?patientId=${ids.patient}`],
        ['admin', `/visits?healthCentreId=${ids.centre}&date=${nextMonday(3)}`],
        ['admin', '/agreements'],
      ];
      for (const [role, path] of lists) {
        const res = await t.http('GET', path, { token: ta[role] });
        expect([path, res.status]).toEqual([path, 200]);
        const items = Array.isArray(res.body) ? res.body : (res.body.items ?? res.body);
        expect([path, items]).toEqual([path, []]);
      }
      expect((await t.http('POST', '/patients/search', { token: ta.admin, body: { personnummer: ids.personnummer } })).status).toBe(404);
      expect((await t.http('GET', `/pathways/${ids.pathway}`, { token: ta.nurse })).status).toBe(404);
    });

    it('keeps the other region out of the socket rooms: no queue.updated for its cases', async () => {
      const socket = await readySocket(t.baseUrl, ta.specialist);
      const seen: unknown[] = [];
      socket.on('queue.updated', (p: { caseId?: string }) => p.caseId && seen.push(p));
      const p = await createPatient(t, tb.nurse, b.centres.main);
      const ownSpecialist = await readySocket(t.baseUrl, tb.specialist);
      const heard = nextEvent(ownSpecialist, 'queue.updated', (e: { caseId?: string }) => e.caseId !== undefined);
      expect((await submit(tb.nurse, p.id)).status).toBe(201);
      await heard;
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual([]);
      socket.close();
      ownSpecialist.close();
    });
  });

  describe('agreements', () => {
    it("refuses a proposal that names what is not the two regions' to give, with each field and reason", async () => {
      const bad = await t.http('POST', '/agreements', {
        token: tb.admin,
        body: proposal({
          healthCentreIds: [a.centres.main],
          providerClinicId: b.clinicId,
          pathwayKeys: ['rb-nothing'],
          validTo: today(-30),
        }),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'validTo' })]));
      const wrongIds = await t.http('POST', '/agreements', {
        token: tb.admin,
        body: proposal({ healthCentreIds: [a.centres.main], providerClinicId: b.clinicId, pathwayKeys: ['rb-nothing'] }),
      });
      expect(wrongIds.status).toBe(422);
      expect(wrongIds.body.details).toEqual(
        expect.arrayContaining([
          { field: 'providerClinicId', reason: 'no such clinic in the providing region', code: 'invalid' },
          { field: 'healthCentreIds.0', reason: 'not a health centre of your region', code: 'invalid' },
          { field: 'pathwayKeys.0', reason: 'not a pathway both regions use', code: 'invalid' },
        ]),
      );
      expect((await t.http('POST', '/agreements', { token: tb.specialist, body: proposal() })).status).toBe(403);
      expect(
        (
          await t.db.query('SELECT count(*)::int AS n FROM region_agreement WHERE receiver_region_id = $1 AND provider_region_id = $2', [
            b.id,
            a.id,
          ])
        ).rows[0].n,
      ).toBe(0);
    });

    it('#15.9: refuses dates at the ends of their range and shares too small to store with 400 naming the field, not 500', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ validFrom: '0000-01-01' }, 'validFrom'],
        [{ validFrom: '0001-01-01' }, 'validFrom'],
        [{ validTo: '9999-12-31' }, 'validTo'],
        [{ validTo: '+275760-09-13' }, 'validTo'],
        [{ capacityShare: 1e-300 }, 'capacityShare'],
        [{ capacityShare: 0.0004 }, 'capacityShare'],
        [{ fullTimeHoursPerWeek: 1e-300 }, 'fullTimeHoursPerWeek'],
      ];
      for (const [over, field] of cases) {
        const res = await t.http('POST', '/agreements', { token: tb.admin, body: proposal(over) });
        expect([res.status, res.body.details?.map((d: { field: string }) => d.field)]).toEqual([400, expect.arrayContaining([field])]);
      }
      expect(
        (
          await t.db.query('SELECT count(*)::int AS n FROM region_agreement WHERE receiver_region_id = $1 AND provider_region_id = $2', [
            b.id,
            a.id,
          ])
        ).rows[0].n,
      ).toBe(0);
    });

    it("lets the provider's specialists serve the receiver's queue for the covered centres and pathways only, audited with both regions", async () => {
      const covered = await createPatient(t, tb.nurse, b.centres.main);
      const uncovered = await createPatient(t, tb.otherNurse, b.centres.other);
      const coveredCase = (await submit(tb.nurse, covered.id)).body.id as string;
      const uncoveredCase = (await submit(tb.otherNurse, uncovered.id)).body.id as string;
      // Before the agreement is accepted: nothing.
      const proposed = await t.http('POST', '/agreements', { token: tb.admin, body: proposal() });
      expect(proposed.status).toBe(201);
      expect(proposed.body).toMatchObject({
        status: 'proposed',
        capacity: { share: 0.4, hoursPerWeek: 16 },
        provider: { regionId: a.id },
        receiver: { regionId: b.id },
      });
      expect((await t.http('GET', `/triage-cases/${coveredCase}`, { token: ta.specialist })).status).toBe(404);
      expect((await t.http('POST', `/agreements/${proposed.body.id}/accept`, { token: tb.admin })).status).toBe(403);
      expect((await t.http('POST', `/agreements/${proposed.body.id}/accept`, { token: ta.admin })).status).toBe(200);

      // A live queue.updated for a new case at a covered centre reaches the provider's specialist.
      const socket = await readySocket(t.baseUrl, ta.specialist);
      const later = await createPatient(t, tb.nurse, b.centres.main);
      const heard = nextEvent(socket, 'queue.updated', (e: { caseId?: string; reason: string }) => e.reason === 'submitted');
      const laterCase = (await submit(tb.nurse, later.id)).body.id as string;
      expect((await heard).caseId).toBe(laterCase);
      socket.close();

      const queue = await t.http('GET', `/queue?pathwayKey=${JOINT}`, { token: ta.specialist });
      const caseIds = queue.body.items.map((i: { caseId: string }) => i.caseId);
      expect(caseIds).toEqual(expect.arrayContaining([coveredCase, laterCase]));
      expect(caseIds).not.toContain(uncoveredCase);
      expect(queue.body.items.find((i: { caseId: string }) => i.caseId === coveredCase).healthCentre.id).toBe(b.centres.main);
      expect((await t.http('GET', `/triage-cases/${coveredCase}`, { token: ta.specialist })).status).toBe(200);
      expect((await t.http('GET', `/triage-cases/${uncoveredCase}`, { token: ta.specialist })).status).toBe(404);
      // The provider's admin is not a specialist: no access to the receiver's patients.
      expect((await t.http('GET', `/triage-cases/${coveredCase}`, { token: ta.admin })).status).toBe(404);

      // Another pathway of the receiver is not covered.
      await t.http('POST', '/pathways', { token: tb.admin, body: goutPathway({ key: 'rb-gout-2' }) });
      expect((await publishDraft(t, tb.admin!, 'rb-gout-2')).status).toBe(200);
      await goLive(t.db, 'rb-gout-2', b);
      const goutCase = await submit(tb.nurse, covered.id, 'rb-gout-2', {
        age_years: 60,
        first_mtp_attack: true,
        attacks_last_year: 4,
        tophi: false,
      });
      expect(goutCase.status).toBe(201);
      expect((await t.http('GET', `/triage-cases/${goutCase.body.id}`, { token: ta.specialist })).status).toBe(404);
      expect((await t.http('GET', '/queue?pathwayKey=rb-gout-2', { token: ta.specialist })).status).toBe(404);

      // Every access names both regions; the receiver's admin sees who read her patients' data.
      // The case read names the case; the queue read is one row for the list, naming it among its items (#15.7).
      const audit = await t.db.query(
        `SELECT region_id, data_region_id, detail FROM audit_event
          WHERE (resource_id = $1 OR detail -> 'ids' ? $1) AND actor_user_id = $2 AND outcome = 'success'`,
        [coveredCase, a.users.specialist.id],
      );
      expect(audit.rows.length).toBeGreaterThanOrEqual(2);
      for (const row of audit.rows) {
        const agreement = { agreementId: proposed.body.id };
        expect(row).toMatchObject({ region_id: a.id, data_region_id: b.id });
        expect(row.detail.list ? row.detail.via : [row.detail]).toEqual(expect.arrayContaining([expect.objectContaining(agreement)]));
      }
      const seenByB = await t.http('GET', `/audit-events?patientId=${covered.id}`, { token: tb.admin });
      expect(seenByB.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ user: expect.objectContaining({ id: a.users.specialist.id }), regionId: a.id, dataRegionId: b.id }),
        ]),
      );

      // Terminated: the access ends.
      expect((await t.http('POST', `/agreements/${proposed.body.id}/terminate`, { token: tb.admin })).status).toBe(200);
      expect((await t.http('GET', `/triage-cases/${coveredCase}`, { token: ta.specialist })).status).toBe(404);
      const after = await t.http('GET', `/queue?pathwayKey=${JOINT}`, { token: ta.specialist });
      expect(after.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(coveredCase);
    });

    it("plans the provider's specialist only at covered centres, and the auto-scheduler and the database keep to the weekly capacity", async () => {
      // 5 % of 40 h: two booked hours a week, i.e. four 30-minute slots.
      const agreementId = await activeAgreement({ capacityShare: 0.05, healthCentreIds: [b.centres.other] });
      const monday = nextMonday(2);
      const plan = (centre: string, day: string, hour: number, token = tb.admin) =>
        t.http('POST', '/clinic-sessions', {
          token,
          body: {
            specialistId: a.users.specialist.id,
            healthCentreId: centre,
            start: `${day}T${String(hour).padStart(2, '0')}:00`,
            end: `${day}T${String(hour + 3).padStart(2, '0')}:00`,
            slotMinutes: 30,
            mode: 'remote',
          },
        });
      const notCovered = await plan(b.centres.main, monday, 8);
      expect(notCovered.status).toBe(422);
      expect(notCovered.body.details[0].field).toBe('specialistId');
      const session = await plan(b.centres.other, monday, 8);
      expect(session.status).toBe(201);
      expect(session.body.slots).toHaveLength(6);
      expect((await t.db.query('SELECT agreement_id FROM clinic_session WHERE id = $1', [session.body.id])).rows[0].agreement_id).toBe(
        agreementId,
      );
      // The database refuses a session with another region's specialist outside an agreement.
      await expect(
        t.db.query(
          `INSERT INTO clinic_session (region_id, specialist_id, health_centre_id, room_id, mode, period, slot_minutes)
           SELECT $1, $2, $3, r.id, 'remote', tstzrange(now() + interval '40 days', now() + interval '40 days 1 hour'), 30 FROM health_centre_room r WHERE r.health_centre_id = $3`,
          [b.id, a.users.specialist.id, b.centres.main],
        ),
      ).rejects.toThrow(/agreement/);

      const cases: string[] = [];
      for (let i = 0; i < 6; i++) {
        const p = await createPatient(t, tb.otherNurse, b.centres.other);
        cases.push((await submit(tb.otherNurse, p.id)).body.id);
      }
      const body = { pathwayKey: JOINT, from: `${monday}T00:00:00Z`, to: `${nextMonday(3)}T00:00:00Z` };
      const auto = await t.http('POST', '/scheduling/auto', { token: tb.admin, body });
      expect(auto.status).toBe(200);
      const booked = auto.body.assignments.filter((x: { caseId: string }) => cases.includes(x.caseId));
      expect(booked).toHaveLength(4);
      expect(
        auto.body.unassigned.filter((u: { caseId: string }) => cases.includes(u.caseId)).map((u: { reason: string }) => u.reason),
      ).toEqual(['capacity', 'capacity']);
      const agreement = await t.http('GET', `/agreements/${agreementId}`, { token: ta.admin });
      expect(agreement.body.capacity.hoursPerWeek).toBe(2);

      // By hand, the remaining slots are refused by the database's cap, even when asked for at once.
      const freeSlots = session.body.slots
        .map((s: { id: string }) => s.id)
        .filter((id: string) => !booked.some((x: { slotId: string }) => x.slotId === id));
      const waiting = cases.filter((c) => !booked.some((x: { caseId: string }) => x.caseId === c));
      const attempts = await Promise.all(
        waiting.map((caseId, i) => t.http('POST', '/bookings', { token: tb.otherNurse, body: { caseId, slotId: freeSlots[i] } })),
      );
      expect(attempts.map((r) => r.status)).toEqual([409, 409]);
      expect(attempts[0]!.body.message).toMatch(/capacity/);

      // Another week has its own two hours; concurrent requests for the last of them: exactly one wins.
      const nextWeek = await plan(b.centres.other, nextMonday(3), 8);
      const slots = nextWeek.body.slots.map((s: { id: string }) => s.id);
      const fresh: string[] = [];
      for (let i = 0; i < 5; i++) {
        const p = await createPatient(t, tb.otherNurse, b.centres.other);
        fresh.push((await submit(tb.otherNurse, p.id)).body.id);
      }
      for (let i = 0; i < 3; i++)
        expect((await t.http('POST', '/bookings', { token: tb.otherNurse, body: { caseId: fresh[i], slotId: slots[i] } })).status).toBe(
          201,
        );
      const race = await Promise.all(
        [3, 4].map((i) => t.http('POST', '/bookings', { token: tb.otherNurse, body: { caseId: fresh[i], slotId: slots[i] } })),
      );
      expect(race.map((r) => r.status).sort()).toEqual([201, 409]);

      // The provider's specialist sees the visits in her own list and her calendar.
      const visits = await t.http('GET', `/visits?date=${monday}`, { token: ta.specialist });
      expect(visits.body.map((v: { caseId: string }) => v.caseId).sort()).toEqual(booked.map((x: { caseId: string }) => x.caseId).sort());
      const calendar = await t.http('GET', `/clinic-sessions?from=${monday}T00:00&to=${nextMonday(4)}T00:00`, { token: ta.specialist });
      expect(calendar.body.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([session.body.id, nextWeek.body.id]));
    });
  });

  describe('the pathway catalogue', () => {
    it("lets a region offer its pathway and another adopt it: the adopter's nurses triage on it, the offering region's specialists serve the cases", async () => {
      const key = 'ra-gout';
      expect((await t.http('POST', '/pathways', { token: ta.admin, body: goutPathway({ key }) })).status).toBe(201);
      // Only a published pathway, only by its owner.
      expect((await t.http('POST', `/pathways/${key}/offer`, { token: ta.admin })).status).toBe(422);
      expect((await publishDraft(t, ta.admin!, key)).status).toBe(200);
      expect((await t.http('POST', `/pathways/${key}/offer`, { token: tb.admin })).status).toBe(404);
      expect((await t.http('POST', `/pathways/${JOINT}/offer`, { token: ta.admin })).status).toBe(404);
      const offered = await t.http('POST', `/pathways/${key}/offer`, { token: ta.admin });
      expect(offered.status).toBe(201);
      expect(offered.body).toMatchObject({ key, own: true, adopted: false, offeredBy: { regionId: a.id } });

      // Before adoption, region B cannot use it.
      const p = await createPatient(t, tb.nurse, b.centres.main);
      const answers = { age_years: 60, first_mtp_attack: true, attacks_last_year: 4, tophi: false };
      expect((await submit(tb.nurse, p.id, key, answers)).status).toBe(404);
      const catalogue = await t.http('GET', '/pathway-catalogue', { token: tb.admin });
      expect(catalogue.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key, own: false, adopted: false, offeredBy: { regionId: a.id, regionName: 'Region RA' } }),
        ]),
      );
      expect((await t.http('POST', `/pathway-catalogue/${key}/adopt`, { token: ta.admin })).status).toBe(409);
      const adopted = await t.http('POST', `/pathway-catalogue/${key}/adopt`, { token: tb.admin });
      expect(adopted.status).toBe(201);
      expect(adopted.body).toMatchObject({ key, adopted: true });
      // Issue 19: B rolls it out at its centres and trains its nurses.
      await goLive(t.db, key, b);
      expect((await t.http('POST', `/pathway-catalogue/${key}/adopt`, { token: tb.admin })).status).toBe(409);

      // B's nurse triages on it; the case is B's patient's, served by A.
      const listed = await t.http('GET', '/pathways', { token: tb.nurse });
      expect(listed.body.map((x: { key: string }) => x.key)).toContain(key);
      const socket = await readySocket(t.baseUrl, ta.specialist);
      const heard = nextEvent(
        socket,
        'queue.updated',
        (e: { caseId?: string; pathwayKey: string; reason: string }) => e.pathwayKey === key && e.reason === 'submitted',
      );
      const c = await submit(tb.nurse, p.id, key, answers);
      expect(c.status).toBe(201);
      expect(c.body).toMatchObject({ category: 'specialist', status: 'awaiting_booking' });
      expect((await heard).caseId).toBe(c.body.id);
      socket.close();
      const row = (await t.db.query('SELECT region_id, serving_region_id FROM triage_case WHERE id = $1', [c.body.id])).rows[0];
      expect(row).toEqual({ region_id: b.id, serving_region_id: a.id });
      const aQueue = await t.http('GET', `/queue?pathwayKey=${key}`, { token: ta.specialist });
      expect(aQueue.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([c.body.id]);
      const bQueue = await t.http('GET', `/queue?pathwayKey=${key}`, { token: tb.specialist });
      expect(bQueue.body.items).toEqual([]);
      expect((await t.http('GET', `/triage-cases/${c.body.id}`, { token: tb.nurse })).status).toBe(200);
      // The queue read is one audit row for the list (#15.7), naming the case among its items and the route it came by.
      const read = await t.db.query(`SELECT data_region_id, detail FROM audit_event WHERE detail -> 'ids' ? $1 AND actor_user_id = $2`, [
        c.body.id,
        a.users.specialist.id,
      ]);
      expect(read.rows[0]).toMatchObject({
        data_region_id: b.id,
        detail: expect.objectContaining({ list: 'queue', via: [{ via: 'adopted_pathway' }] }),
      });

      // The adopter uses the pathway but does not change it; the offer stays while it is adopted.
      expect((await t.http('PUT', `/pathways/${key}/draft`, { token: tb.admin, body: goutPathway({ key }) })).status).toBe(403);
      expect((await t.http('DELETE', `/pathways/${key}/offer`, { token: ta.admin })).status).toBe(409);
      expect((await t.http('DELETE', `/pathway-catalogue/${key}/adopt`, { token: tb.admin })).status).toBe(204);
      expect((await t.http('DELETE', `/pathways/${key}/offer`, { token: ta.admin })).status).toBe(204);
    });
  });

  it('keeps the personnummer register per region: the same person may be registered in both', async () => {
    const pnr = personnummer('19500505');
    const inA = await t.http('POST', '/patients', {
      token: ta.nurse,
      body: { personnummer: pnr, name: 'Test Person', healthCentreId: a.centres.main },
    });
    const inB = await t.http('POST', '/patients', {
      token: tb.nurse,
      body: { personnummer: pnr, name: 'Test Person', healthCentreId: b.centres.main },
    });
    expect([inA.status, inB.status]).toEqual([201, 201]);
    expect(inA.body.id).not.toBe(inB.body.id);
  });
});
