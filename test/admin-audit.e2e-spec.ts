import { randomUUID } from 'node:crypto';
import { createPatient, createRegion, login, loginAll, secondAdmin, TEST_PASSWORD, type TestRegion } from './support/factories';
import { goutPathway } from './support/gout-pathway';
import { JOINT, jointAnswers } from './support/joint-answers';
import { publishDraft } from './support/pathway-drafts';
import { type Route, routeTable } from './support/route-table';
import { createTestApp, type HttpResponse, type TestApp } from './support/test-app';

/**
 * #15.1: every administrative change leaves an audit row naming who made it and what it changed, in
 * the change's own transaction. Generated from the route table: every write route an administrator
 * may call is called once, successfully, as an administrator, and must leave an audit row with her
 * as the actor and the changed resource's id. A new write route fails this test until it has a
 * recipe here (and audits), or is listed as changing nothing.
 */

interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The id (or key) the audit row must name, from the answer when it is created by the call. */
  resource: string | ((res: HttpResponse) => string);
}

/** Write routes that change nothing, so leave no administrative audit row (each with the reason). */
const CHANGES_NOTHING: Record<string, string> = {
  'PathwaysController.evaluate': 'a preview of an outcome: nothing is stored',
  'PathwaysController.test': "runs the draft's test cases: nothing is stored",
  'PathwaysController.impact': 'compares the draft with past cases: nothing is stored',
  'PatientsController.search': 'a look-up by personnummer (a read, audited as one)',
  'AuthController.logout': "ends the caller's own tokens: no administrative change",
  'AuthController.logoutEverywhere': "ends the caller's own sessions: no administrative change",
  'AuthController.refresh': 'public: renews a session (issue 18; test/sessions)',
  'AuthController.login': 'public: signs in (counted in login_attempt)',
  'VisitsController.join': 'administrators do not join visits (403)',
  'FederationController.readNews': "records the caller as a reader of a partner's news: her own read receipt, not an administrative change",
  'FederationController.retry': 'makes messages already waiting for a partner due now: delivery state only, nothing administrative changes',
};

const daysAhead = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('#15.1: every administrative change is audited (generated from the route table, HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let ta: Record<string, string>;
  let tb: Record<string, string>;
  let routes: Route[];
  let day = 3;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'AU');
    b = await createRegion(t.db, 'AV');
    ta = await loginAll(t, a);
    tb = await loginAll(t, b);
    routes = routeTable(t).filter((r) => r.method !== 'GET' && r.rule && !r.rule.public && r.rule.roles.includes('admin'));
  }, 60_000);
  /** A second installation (its own database and keys), started by the partner-registration recipe. */
  let partner: TestApp | undefined;
  afterAll(async () => {
    await partner?.close();
    await t.close();
  });

  async function ok(expected: number, pending: Promise<HttpResponse>): Promise<any> {
    const res = await pending;
    if (res.status !== expected) throw new Error(`arranging: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function session(r: TestRegion, tok: Record<string, string>, centre = r.centres.main) {
    const date = daysAhead(day++);
    return ok(
      201,
      t.http('POST', '/clinic-sessions', {
        token: tok.admin,
        body: {
          specialistId: r.users.specialist.id,
          healthCentreId: centre,
          start: `${date}T09:00`,
          end: `${date}T11:00`,
          slotMinutes: 30,
          mode: 'remote',
        },
      }),
    );
  }

  async function openCase(): Promise<string> {
    const p = await createPatient(t, ta.nurse!, a.centres.main);
    const c = await ok(
      201,
      t.http('POST', '/triage-cases', {
        token: ta.nurse,
        body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
        headers: { 'idempotency-key': randomUUID() },
      }),
    );
    return c.id;
  }

  async function booking() {
    const s = await session(a, ta);
    const b1 = await ok(201, t.http('POST', '/bookings', { token: ta.nurse, body: { caseId: await openCase(), slotId: s.slots[0].id } }));
    return { booking: b1.id as string, freeSlot: s.slots[1].id as string };
  }

  async function publishedPathway(tok: Record<string, string>, key: string) {
    await ok(201, t.http('POST', '/pathways', { token: tok.admin, body: goutPathway({ key }) }));
    await ok(200, publishDraft(t, tok.admin!, key));
  }

  async function proposal(by: Record<string, string>, provider: TestRegion, centres: string[]) {
    return ok(
      201,
      t.http('POST', '/agreements', {
        token: by.admin,
        body: {
          title: 'Reumatologi',
          providerRegionId: provider.id,
          providerClinicId: provider.clinicId,
          healthCentreIds: centres,
          pathwayKeys: [JOINT],
          capacityShare: 0.2,
          validFrom: daysAhead(0),
          validTo: daysAhead(365),
          prices: { remoteVisit: 1800, onsiteDay: 14000, noShow: 600 },
        },
      }),
    );
  }

  /** How each administrative write route is called successfully: arranged first where it needs something to change. */
  const recipes: Record<string, () => Promise<Call>> = {
    'OrganisationController.createHealthCentre': async () => ({
      path: '/health-centres',
      body: { name: 'AU Västra hälsocentral', roadDistanceKm: 42 },
      resource: (r) => r.body.id,
    }),
    'OrganisationController.createUser': async () => ({
      path: '/users',
      body: {
        username: 'nurse.ny.au',
        password: 'Tre gröna äpplen på bordet',
        role: 'nurse',
        healthCentreId: a.centres.main,
        displayName: 'Ny Sköterska',
      },
      resource: (r) => r.body.id,
    }),
    'OrganisationController.deactivate': async () => ({
      path: `/users/${a.users.otherNurse.id}/deactivate`,
      resource: a.users.otherNurse.id,
    }),
    'OrganisationController.activate': async () => ({ path: `/users/${a.users.otherNurse.id}/activate`, resource: a.users.otherNurse.id }),
    'OrganisationController.endSessions': async () => ({
      path: `/users/${a.users.otherNurse.id}/end-sessions`,
      resource: a.users.otherNurse.id,
    }),
    'HsaIdController.user': async () => ({
      path: `/users/${a.users.otherNurse.id}/hsa-id`,
      body: { hsaId: 'SE2321000016-AU1' },
      resource: a.users.otherNurse.id,
    }),
    'HsaIdController.healthCentre': async () => ({
      path: `/health-centres/${a.centres.main}/hsa-id`,
      body: { hsaId: 'SE2321000016-AU2' },
      resource: a.centres.main,
    }),
    'HsaIdController.clinic': async () => ({
      path: `/clinics/${a.clinicId}/hsa-id`,
      body: { hsaId: 'SE2321000016-AU3' },
      resource: a.clinicId,
    }),
    'PatientsController.update': async () => {
      const p = await createPatient(t, ta.nurse!, a.centres.main);
      return { path: `/patients/${p.id}`, body: { interpreterLanguage: 'so', postalAddress: 'Byvägen 1, 840 00 Byn' }, resource: p.id };
    },
    'NoticeStaffController.printBatch': async () => {
      // A letter ready to print (its notice delivered to the letter channel) at the centre.
      const p = await createPatient(t, ta.nurse!, a.centres.main);
      await t.db.query(`UPDATE patient SET postal_address = 'Byvägen 2, 840 00 Byn' WHERE id = $1`, [p.id]);
      await t.db.query(
        `INSERT INTO notice_outbox (patient_id, kind, channel, subject, body, status, health_centre_id) VALUES ($1, 'booked', 'letter', 'Din tid', 'Hej!', 'sent', $2)`,
        [p.id, a.centres.main],
      );
      return {
        path: '/notices/letter-batches',
        body: { healthCentreId: a.centres.main },
        resource: (r) => r.headers.get('letter-batch-id') ?? '',
      };
    },
    'ReportsController.updateSettings': async () => ({
      path: '/reports/settings',
      body: { externalLocumWeeklyCost: 65000 },
      resource: a.id,
    }),
    'StaffingController.put': async () => ({
      path: '/staffing',
      body: { specialty: 'rheumatology', month: '2026-01', hiredDoctorWeeks: 2, hiredDoctorCost: 190000 },
      resource: 'rheumatology/2026-01',
    }),
    'StaffingController.import': async () => ({
      path: '/staffing/import',
      body: { csv: 'specialitet;månad;hyrläkarveckor;hyrläkarkostnad\nreumatologi;2026-02;1;95000\n' },
      resource: a.id,
    }),
    'CalendarFeedController.renew': async () => ({ path: '/calendar/feed', resource: a.users.admin.id }),
    'CalendarFeedController.revoke': async () => ({ path: '/calendar/feed', resource: a.users.admin.id }),
    'SchedulingController.createRoom': async () => ({
      path: `/health-centres/${a.centres.main}/rooms`,
      body: { name: 'Videorum 2' },
      resource: (r) => r.body.id,
    }),
    'SchedulingController.setNeighbour': async () => ({
      path: `/health-centres/${a.centres.main}/neighbours`,
      body: { healthCentreId: a.centres.other, roadKm: 35 },
      resource: a.centres.main,
    }),
    'SchedulingController.createSession': async () => {
      const date = daysAhead(day++);
      return {
        path: '/clinic-sessions',
        body: {
          specialistId: a.users.specialist.id,
          healthCentreId: a.centres.other,
          start: `${date}T13:00`,
          end: `${date}T14:00`,
          slotMinutes: 20,
          mode: 'remote',
        },
        resource: (r) => r.body.id,
      };
    },
    'SchedulingController.cancelSession': async () => {
      const s = await session(a, ta, a.centres.other);
      return { path: `/clinic-sessions/${s.id}/cancel`, body: { reason: 'Specialisten är sjuk' }, resource: s.id };
    },
    'SchedulingController.autoSchedule': async () => ({
      path: '/scheduling/auto',
      body: { pathwayKey: JOINT, from: `${daysAhead(60)}T00:00`, to: `${daysAhead(67)}T00:00`, dryRun: false },
      resource: JOINT,
    }),
    'SchedulingController.book': async () => {
      const s = await session(a, ta);
      return { path: '/bookings', body: { caseId: await openCase(), slotId: s.slots[0].id }, resource: (r) => r.body.id };
    },
    'SchedulingController.cancelBooking': async () => {
      const x = await booking();
      return { path: `/bookings/${x.booking}/cancel`, body: {}, resource: x.booking };
    },
    'SchedulingController.reschedule': async () => {
      const x = await booking();
      return { path: `/bookings/${x.booking}/reschedule`, body: { slotId: x.freeSlot }, resource: x.booking };
    },
    'PatientsController.create': async () => ({
      path: '/patients',
      body: { personnummer: '19121212-1212', name: 'Tolvan Tolvansson', healthCentreId: a.centres.other },
      resource: (r) => r.body.id,
    }),
    'TriageController.withdraw': async () => {
      const id = await openCase();
      return { path: `/triage-cases/${id}/withdraw`, body: { reason: 'Registrerad två gånger' }, resource: id };
    },
    'AgreementsController.propose': async () => ({
      path: '/agreements',
      body: {
        title: 'Reumatologi',
        providerRegionId: b.id,
        providerClinicId: b.clinicId,
        healthCentreIds: [a.centres.other],
        pathwayKeys: [JOINT],
        capacityShare: 0.4,
        validFrom: daysAhead(0),
        validTo: daysAhead(365),
        prices: { remoteVisit: 1800, onsiteDay: 14000, noShow: 600 },
      },
      resource: (r) => r.body.id,
    }),
    'AgreementsController.accept': async () => {
      const p = await proposal(tb, a, [b.centres.main]);
      return { path: `/agreements/${p.id}/accept`, resource: p.id };
    },
    'AgreementsController.terminate': async () => {
      const p = await proposal(tb, a, [b.centres.other]);
      return { path: `/agreements/${p.id}/terminate`, resource: p.id };
    },
    'PathwaysController.create': async () => ({ path: '/pathways', body: goutPathway({ key: 'au-created' }), resource: 'au-created' }),
    'PathwaysController.copy': async () => ({ path: `/pathways/${JOINT}/copy`, body: { key: 'au-joint' }, resource: 'au-joint' }),
    'PathwaysController.replaceDraft': async () => {
      await ok(201, t.http('POST', '/pathways', { token: ta.admin, body: goutPathway({ key: 'au-edited' }) }));
      const draft = await ok(200, t.http('GET', '/pathways/au-edited/draft', { token: ta.admin }));
      return {
        path: '/pathways/au-edited/draft',
        body: goutPathway({ key: 'au-edited' }),
        headers: { 'if-match': `"${draft.revision}"` },
        resource: 'au-edited',
      };
    },
    'PathwaysController.publish': async () => {
      await ok(201, t.http('POST', '/pathways', { token: ta.admin, body: goutPathway({ key: 'au-published' }) }));
      // Signed off first (issue 20): submitted by the author, approved by a second administrator of the region.
      const approver = await login(t, (await secondAdmin(t.db, a.id, [a.users.admin.id])).username);
      await ok(200, t.http('POST', '/pathways/au-published/draft/submit', { token: ta.admin, body: {} }));
      await ok(200, t.http('POST', '/pathways/au-published/draft/approve', { token: approver, body: {} }));
      const draft = await ok(200, t.http('GET', '/pathways/au-published/draft', { token: ta.admin }));
      return { path: '/pathways/au-published/publish', body: { revision: draft.revision }, resource: 'au-published' };
    },
    'CatalogueController.offer': async () => {
      await publishedPathway(ta, 'au-offered');
      return { path: '/pathways/au-offered/offer', resource: 'au-offered' };
    },
    'CatalogueController.withdrawOffer': async () => {
      await publishedPathway(ta, 'au-withdrawn');
      await ok(201, t.http('POST', '/pathways/au-withdrawn/offer', { token: ta.admin }));
      return { path: '/pathways/au-withdrawn/offer', resource: 'au-withdrawn' };
    },
    'CatalogueController.adopt': async () => {
      await publishedPathway(tb, 'av-adopted');
      await ok(201, t.http('POST', '/pathways/av-adopted/offer', { token: tb.admin }));
      return { path: '/pathway-catalogue/av-adopted/adopt', resource: 'av-adopted' };
    },
    'CatalogueController.giveUp': async () => {
      await publishedPathway(tb, 'av-given-up');
      await ok(201, t.http('POST', '/pathways/av-given-up/offer', { token: tb.admin }));
      await ok(201, t.http('POST', '/pathway-catalogue/av-given-up/adopt', { token: ta.admin }));
      return { path: '/pathway-catalogue/av-given-up/adopt', resource: 'av-given-up' };
    },
    'RolloutController.setRollout': async () => ({
      path: `/pathways/${JOINT}/rollouts/${a.centres.other}`,
      body: { state: 'paused' },
      resource: `${JOINT}@${a.centres.other}`,
    }),
    'RolloutController.trainingSettings': async () => ({
      path: `/pathways/${JOINT}/training-settings`,
      body: { passShare: 0.8 },
      resource: JOINT,
    }),
    'RolloutController.recordTraining': async () => ({
      path: `/pathways/${JOINT}/training-records`,
      body: { userId: a.users.otherNurse.id },
      resource: `${JOINT}@${a.users.otherNurse.id}`,
    }),
    'FederationController.registerPartner': async () => {
      partner = await createTestApp();
      return { path: '/federation/partners', body: { name: 'Region AW', baseUrl: partner.baseUrl }, resource: (r) => r.body.id };
    },
    'FederationController.rotate': async () => ({ path: '/federation/keys/rotate', resource: (r) => r.body.kid }),
    'FederationController.offerService': async () => ({
      path: '/federation/services',
      body: {
        title: 'AU Reumatologisk bedömning',
        specialty: 'Reumatologi',
        pathwayKey: JOINT,
        turnaroundDays: 14,
        pricePerReferral: 1200,
      },
      resource: (r) => r.body.id,
    }),
    'FederationController.changeService': async () => {
      const service = await ok(
        201,
        t.http('POST', '/federation/services', {
          token: ta.admin,
          body: { title: 'AU Ändrad tjänst', specialty: 'Reumatologi', pathwayKey: JOINT, turnaroundDays: 14, pricePerReferral: 1200 },
        }),
      );
      return { path: `/federation/services/${service.id}`, body: { turnaroundDays: 21 }, resource: service.id };
    },
    'PathwaysController.restore': async () => {
      await publishedPathway(ta, 'au-restored');
      return { path: '/pathways/au-restored/versions/1/restore', resource: 'au-restored' };
    },
    // Issue 20's sign-off: these name reviewers in region AU, so they run last (see LAST).
    'PathwaysController.submit': async () => {
      await reviewersOfA();
      await ok(201, t.http('POST', '/pathways', { token: ta.admin, body: goutPathway({ key: 'au-submitted' }) }));
      return { path: '/pathways/au-submitted/draft/submit', body: { comment: 'Granska' }, resource: 'au-submitted' };
    },
    'PathwaysController.approve': async () => ({
      path: `/pathways/${await submittedBySecondAdmin('au-approved')}/draft/approve`,
      resource: 'au-approved',
    }),
    'PathwaysController.reject': async () => ({
      path: `/pathways/${await submittedBySecondAdmin('au-rejected')}/draft/reject`,
      body: { comment: 'Nej' },
      resource: 'au-rejected',
    }),
    'PathwayReviewersController.replace': async () => ({
      path: '/pathway-reviewers',
      body: { userIds: [a.users.admin.id] },
      resource: a.id,
    }),
    // Last: it ends the admin's other tokens.
    'AuthController.changePassword': async () => ({
      path: '/auth/password',
      body: { currentPassword: TEST_PASSWORD, newPassword: 'Sju sjösjuka sjömän på Sjöbo' },
      resource: a.users.admin.id,
    }),
  };
  const LAST = [
    'PathwaysController.submit',
    'PathwaysController.approve',
    'PathwaysController.reject',
    'PathwayReviewersController.replace',
    'AuthController.changePassword',
  ];

  /** Region AU's admin and a second administrator review its pathways (issue 20). */
  async function reviewersOfA(): Promise<string> {
    await t.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id)
       SELECT 'admin2.au', 'Andra administratören', password_hash, 'admin', region_id FROM app_user WHERE id = $1 ON CONFLICT DO NOTHING`,
      [a.users.admin.id],
    );
    await t.db.query(
      `INSERT INTO pathway_reviewer (region_id, user_id) SELECT $1, id FROM app_user WHERE id = $2 OR username = 'admin2.au' ON CONFLICT DO NOTHING`,
      [a.id, a.users.admin.id],
    );
    return login(t, 'admin2.au');
  }

  /** A draft written and submitted by the second administrator, for AU's admin to review. */
  async function submittedBySecondAdmin(key: string): Promise<string> {
    const other = await reviewersOfA();
    await ok(201, t.http('POST', '/pathways', { token: other, body: goutPathway({ key }) }));
    await ok(200, t.http('POST', `/pathways/${key}/draft/submit`, { token: other, body: {} }));
    return key;
  }

  it('has a recipe or a reason for every write route an administrator may call', () => {
    const missing = routes.map((r) => r.name).filter((n) => !recipes[n] && !CHANGES_NOTHING[n]);
    expect(missing).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(30);
  });

  it('leaves an audit row naming the administrator and the changed resource for every administrative write, in its transaction', async () => {
    const unaudited: string[] = [];
    const ordered = [...routes.filter((r) => !LAST.includes(r.name)), ...LAST.flatMap((n) => routes.filter((r) => r.name === n))];
    let checked = 0;
    for (const route of ordered) {
      const recipe = recipes[route.name];
      if (!recipe) continue;
      const call = await recipe();
      const [{ mark }] = (await t.db.query('SELECT coalesce(max(id), 0) AS mark FROM audit_event')).rows;
      const res = await t.http(route.method, call.path, { token: ta.admin, body: call.body, headers: call.headers });
      if (res.status >= 300)
        throw new Error(`${route.name}: ${route.method} ${call.path} answered ${res.status} ${JSON.stringify(res.body)}`);
      const resource = typeof call.resource === 'function' ? call.resource(res) : call.resource;
      const { rows } = await t.db.query(
        `SELECT action, resource_type, resource_id, detail FROM audit_event
          WHERE id > $1 AND actor_user_id = $2 AND actor_role = 'admin' AND outcome = 'success' AND resource_id = $3`,
        [mark, a.users.admin.id, resource],
      );
      if (rows.length === 0) unaudited.push(`${route.name} (${route.method} ${route.path}): no audit row naming ${resource}`);
      else if (rows.some((r) => JSON.stringify(r.detail ?? {}).includes('$argon2')))
        unaudited.push(`${route.name}: a password hash in the audit detail`);
      checked++;
    }
    expect(unaudited).toEqual([]);
    expect(checked).toBe(routes.filter((r) => recipes[r.name]).length);
  }, 120_000);

  it('writes no audit row for a refused administrative change, and no change without its audit row (one transaction)', async () => {
    const [{ mark }] = (await t.db.query('SELECT coalesce(max(id), 0) AS mark FROM audit_event')).rows;
    // A duplicate name is refused by the database inside the transaction: neither the centre nor an audit row remains.
    const dup = await t.http('POST', '/health-centres', { token: tb.admin, body: { name: 'AV Norra hälsocentral', roadDistanceKm: 10 } });
    expect(dup.status).toBe(409);
    const dupRoom = await t.http('POST', `/health-centres/${b.centres.main}/rooms`, { token: tb.admin, body: { name: 'Videorum 1' } });
    expect(dupRoom.status).toBe(409);
    const { rows } = await t.db.query(
      `SELECT resource_type FROM audit_event WHERE id > $1 AND actor_user_id = $2 AND outcome = 'success'`,
      [mark, b.users.admin.id],
    );
    expect(rows).toEqual([]);
  });
});
