import { randomUUID } from 'node:crypto';
import { createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 19, item 6 (and issue 17, item 8): the region records its hired-doctor (hyrläkare) weeks and costs
 * and internal locum weeks (internstafett) per specialty and month, entered or imported from CSV, and the
 * `staffing` report sets them beside the on-site weeks planned as sessions and the remote visits held.
 * Hand-built set, region ST, March 2027: one remote visit held (another booked, not held), an on-site day of
 * 8 hours (0.2 weeks of 40 hours) and in April a morning of 4 hours (0.1 weeks); recorded by hand: March's
 * hired-doctor weeks; imported: February (with recorded internal weeks) and dermatology's March.
 */
describe('Hired-doctor and internal locum weeks beside remote visits (issue 19, item 6)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let tok: Record<'nurse' | 'otherNurse' | 'specialist' | 'admin', string>;
  let tokB: Record<'nurse' | 'otherNurse' | 'specialist' | 'admin', string>;
  const PERIOD = 'from=2027-02-01&to=2027-04-30';

  /** A session on a Stockholm day and hours (winter and spring times are given with their offsets). */
  const session = async (mode: 'remote' | 'onsite', start: string, end: string) => {
    const res = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: { specialistId: a.users.specialist.id, healthCentreId: a.centres.main, start, end, slotMinutes: 30, mode },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; slots: Array<{ id: string }> };
  };

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'ST');
    b = await createRegion(t.db, 'SU');
    tok = await loginAll(t, a);
    tokB = await loginAll(t, b);
    const remote = await session('remote', '2027-03-10T08:00:00+01:00', '2027-03-10T09:00:00+01:00');
    for (const [i, slot] of remote.slots.entries()) {
      const p = await createPatient(t, tok.nurse, a.centres.main);
      const c = await t.http('POST', '/triage-cases', {
        token: tok.nurse,
        body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(c.status).toBe(201);
      const booking = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: slot.id } });
      expect(booking.status).toBe(201);
      // The first is held (the visit's day is months ahead, so its end is arranged in the database).
      if (i === 0) await t.db.query(`UPDATE visit SET status = 'completed' WHERE id = $1`, [booking.body.visitId]);
    }
    await session('onsite', '2027-03-11T08:00:00+01:00', '2027-03-11T16:00:00+01:00');
    await session('onsite', '2027-04-05T08:00:00+02:00', '2027-04-05T12:00:00+02:00');
  }, 120_000);
  afterAll(() => t?.close());

  it('#19.6: records a month by hand, audited; bad input is 400 or 422 naming the field', async () => {
    const put = await t.http('PUT', '/staffing', {
      token: tok.admin,
      body: { specialty: 'rheumatology', month: '2027-03', hiredDoctorWeeks: 3, hiredDoctorCost: 285000 },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      specialty: 'rheumatology',
      month: '2027-03',
      hiredDoctorWeeks: 3,
      hiredDoctorCost: 285000,
      internalLocumWeeks: null,
      currency: 'SEK',
    });
    const audit = await t.db.query(
      `SELECT action, resource_id, outcome FROM audit_event WHERE actor_user_id = $1
        AND resource_type = 'StaffingMonth' ORDER BY id DESC LIMIT 1`,
      [a.users.admin.id],
    );
    expect(audit.rows).toEqual([{ action: 'update', resource_id: 'rheumatology/2027-03', outcome: 'success' }]);

    const badMonth = await t.http('PUT', '/staffing', {
      token: tok.admin,
      body: { specialty: 'rheumatology', month: '2027-13', hiredDoctorWeeks: 1, hiredDoctorCost: 1 },
    });
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.details).toEqual([expect.objectContaining({ field: 'month' })]);
    const negative = await t.http('PUT', '/staffing', {
      token: tok.admin,
      body: { specialty: 'rheumatology', month: '2027-03', hiredDoctorWeeks: -1, hiredDoctorCost: 1 },
    });
    expect(negative.status).toBe(400);
    expect(negative.body.details).toEqual([expect.objectContaining({ field: 'hiredDoctorWeeks' })]);
    const unknown = await t.http('PUT', '/staffing', {
      token: tok.admin,
      body: { specialty: 'cardiology', month: '2027-03', hiredDoctorWeeks: 1, hiredDoctorCost: 1 },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'specialty' })]);
    expect((await t.http('PUT', '/staffing', { token: tok.nurse, body: {} })).status).toBe(403);
    expect((await t.http('GET', '/staffing', { token: tok.specialist })).status).toBe(403);
  });

  it('#19.6: imports a Swedish Excel CSV (semicolons, decimal commas, labels or keys), all or nothing', async () => {
    const refused = await t.http('POST', '/staffing/import', {
      token: tok.admin,
      body: {
        csv:
          'specialitet;månad;hyrläkarveckor;hyrläkarkostnad\nReumatologi;2027-02;4;380 000\nreumatologi;2027-14;1;1\n' +
          'hudsjukvård;2027-03;x;1\nkardiologi;2027-03;1;1\n',
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([
      { field: 'line 3: month', reason: expect.stringContaining('YYYY-MM'), code: 'invalid' },
      { field: 'line 4: hiredDoctorWeeks', reason: expect.stringContaining('not a number'), code: 'invalid' },
      { field: 'line 5: specialty', reason: expect.stringContaining('not a known specialty'), code: 'invalid' },
    ]);
    expect((await t.http('GET', '/staffing?from=2027-01&to=2027-12', { token: tok.admin })).body).toHaveLength(1);
    const noHeader = await t.http('POST', '/staffing/import', { token: tok.admin, body: { csv: 'a;b\n1;2\n' } });
    expect(noHeader.status).toBe(422);
    expect(noHeader.body.details).toEqual([
      { field: 'line 1', reason: expect.stringContaining('specialty, month, hiredDoctorWeeks, hiredDoctorCost'), code: 'invalid' },
    ]);

    const csv =
      '\uFEFFSpecialitet;Månad;Hyrläkarveckor;Hyrläkarkostnad;Internstafettveckor\r\n' +
      'Reumatologi;2027-02;4;380 000;2,5\r\n' +
      'dermatology;2027-03;1;"99 500,50";\r\n';
    const imported = await t.http('POST', '/staffing/import', { token: tok.admin, body: { csv } });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ imported: 2, months: ['2027-02', '2027-03'], specialties: ['dermatology', 'rheumatology'] });
    const list = await t.http('GET', '/staffing?from=2027-01&to=2027-12', { token: tok.admin });
    expect(
      list.body.map((r: Record<string, unknown>) => [r.specialty, r.month, r.hiredDoctorWeeks, r.hiredDoctorCost, r.internalLocumWeeks]),
    ).toEqual([
      ['rheumatology', '2027-02', 4, 380000, 2.5],
      ['dermatology', '2027-03', 1, 99500.5, null],
      ['rheumatology', '2027-03', 3, 285000, null],
    ]);
    const audit = await t.db.query(
      `SELECT detail FROM audit_event WHERE actor_user_id = $1 AND resource_type = 'StaffingMonth' AND resource_id = $2`,
      [a.users.admin.id, a.id],
    );
    expect(audit.rows.map((r) => r.detail)).toContainEqual(expect.objectContaining({ imported: 2, from: '2027-02', to: '2027-03' }));
  });

  it('#19.6: the report sets recorded weeks and costs beside planned on-site weeks and remote visits, by specialty and month', async () => {
    const res = await t.http('GET', `/reports/staffing?${PERIOD}`, { token: tok.admin });
    expect(res.status).toBe(200);
    const rows = res.body.rows.map((r: Record<string, unknown>) => [
      r.specialty,
      r.month,
      r.remoteVisits,
      r.internalLocumWeeksPlanned,
      r.internalLocumWeeksRecorded,
      r.internalLocumWeeks,
      r.hiredDoctorWeeks,
      r.hiredDoctorCost,
    ]);
    expect(rows).toEqual([
      ['Hudsjukvård', '2027-02-01', 0, 0, null, 0, null, null],
      ['Hudsjukvård', '2027-03-01', 0, 0, null, 0, 1, 99500.5],
      ['Hudsjukvård', '2027-04-01', 0, 0, null, 0, null, null],
      ['Reumatologi', '2027-02-01', 0, 0, 2.5, 2.5, 4, 380000],
      ['Reumatologi', '2027-03-01', 1, 0.2, null, 0.2, 3, 285000],
      ['Reumatologi', '2027-04-01', 0, 0.1, null, 0.1, null, null],
    ]);
  });

  it("#19.6: the board's trend reads in one place: internal locum weeks 51, 18, 7 while hired-doctor costs rose", async () => {
    const csv =
      'specialty;month;hiredDoctorWeeks;hiredDoctorCost;internalLocumWeeks\n' +
      'rheumatology;2017-01;8;760000;51\nrheumatology;2017-02;14;1330000;18\nrheumatology;2017-03;19;1805000;7\n';
    expect((await t.http('POST', '/staffing/import', { token: tok.admin, body: { csv } })).status).toBe(200);
    const res = await t.http('GET', '/reports/staffing?from=2017-01-01&to=2017-03-31', { token: tok.admin });
    expect(res.body.rows.map((r: Record<string, unknown>) => [r.month, r.internalLocumWeeks, r.hiredDoctorCost])).toEqual([
      ['2017-01-01', 51, 760000],
      ['2017-02-01', 18, 1330000],
      ['2017-03-01', 7, 1805000],
    ]);
  });

  it("#19.6: region-scoped: another region's admin neither sees nor changes these figures", async () => {
    expect((await t.http('GET', '/staffing?from=2000-01&to=2099-12', { token: tokB.admin })).body).toEqual([]);
    const report = await t.http('GET', `/reports/staffing?${PERIOD}`, { token: tokB.admin });
    expect(report.status).toBe(200);
    expect(report.body.rows).toEqual([]);
    const put = await t.http('PUT', '/staffing', {
      token: tokB.admin,
      body: { specialty: 'rheumatology', month: '2027-03', hiredDoctorWeeks: 99, hiredDoctorCost: 1 },
    });
    expect(put.status).toBe(200);
    const mine = await t.http('GET', '/staffing?from=2027-03&to=2027-03', { token: tok.admin });
    expect(mine.body.find((r: { specialty: string }) => r.specialty === 'rheumatology').hiredDoctorWeeks).toBe(3);
    expect((await t.http('GET', '/staffing?from=2027-03&to=2027-03', { token: tokB.admin })).body).toHaveLength(1);
    void b;
  });

  it("#17.8: every report's CSV offers semicolons and decimal commas for Swedish Excel; the default stays RFC 4180", async () => {
    const sv = await t.http('GET', `/reports/staffing?${PERIOD}&csvStyle=excel-sv`, { token: tok.admin, headers: { accept: 'text/csv' } });
    expect(sv.status).toBe(200);
    const lines = (sv.body as string).replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toBe(
      'Specialitet;Månad;Distansbesök;Internstafett, planerad (veckor);Internstafett, registrerad (veckor);' +
        'Internstafett (veckor);Hyrläkarveckor;Hyrläkarkostnad;Valuta',
    );
    expect(lines).toContain('Hudsjukvård;2027-03-01;0;0;;0;1;99500,5;SEK');
    expect(lines).toContain('Reumatologi;2027-02-01;0;0;2,5;2,5;4;380000;SEK');
    const rfc = await t.http('GET', `/reports/staffing?${PERIOD}`, { token: tok.admin, headers: { accept: 'text/csv' } });
    expect((rfc.body as string).split('\r\n')).toContain('Hudsjukvård,2027-03-01,0,0,,0,1,99500.5,SEK');
    const bad = await t.http('GET', `/reports/staffing?${PERIOD}&csvStyle=excel`, { token: tok.admin, headers: { accept: 'text/csv' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'csvStyle' })]);
  });
});
