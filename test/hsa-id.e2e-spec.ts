import { createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('Issue 18 #2: HSA-ids on users and care units, and on every audit row (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let ta: Record<string, string>;
  let tb: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'HA');
    b = await createRegion(t.db, 'HB');
    ta = await loginAll(t, a);
    tb = await loginAll(t, b);
  });
  afterAll(() => t.close());

  const put = (path: string, hsaId: unknown, token = ta.admin) => t.http('PUT', path, { token, body: { hsaId } });

  it('#18.2: the admin sets the HSA-ids of a nurse and her centre; the lists show them; each change is audited', async () => {
    const set = await put(`/users/${a.users.nurse.id}/hsa-id`, 'se2321000016-n1');
    expect(set.body).toEqual({ id: a.users.nurse.id, hsaId: 'SE2321000016-N1' });
    expect((await put(`/health-centres/${a.centres.main}/hsa-id`, 'SE2321000016-HC1')).status).toBe(200);
    const users = (await t.http('GET', '/users', { token: ta.admin })).body;
    expect(users.find((u: { id: string }) => u.id === a.users.nurse.id).hsaId).toBe('SE2321000016-N1');
    const centres = (await t.http('GET', '/health-centres', { token: ta.admin })).body;
    expect(centres.find((c: { id: string }) => c.id === a.centres.main).hsaId).toBe('SE2321000016-HC1');
    const audit = await t.db.query(
      `SELECT resource_type, detail FROM audit_event WHERE detail ->> 'change' = 'hsa-id' AND actor_user_id = $1 ORDER BY id`,
      [a.users.admin.id],
    );
    expect(audit.rows).toEqual([
      { resource_type: 'User', detail: { change: 'hsa-id', hsaId: { from: null, to: 'SE2321000016-N1' } } },
      { resource_type: 'HealthCentre', detail: { change: 'hsa-id', hsaId: { from: null, to: 'SE2321000016-HC1' } } },
    ]);
  });

  it("#18.2: every audit row carries the actor's HSA-id and her care unit's, as they were when it was written", async () => {
    const p = await createPatient(t, ta.nurse, a.centres.main);
    expect((await t.http('GET', `/patients/${p.id}`, { token: ta.nurse })).status).toBe(200);
    const [row] = (
      await t.db.query(
        `SELECT actor_hsa_id, care_unit_hsa_id FROM audit_event WHERE patient_id = $1 AND action = 'read' ORDER BY id DESC LIMIT 1`,
        [p.id],
      )
    ).rows;
    expect(row).toEqual({ actor_hsa_id: 'SE2321000016-N1', care_unit_hsa_id: 'SE2321000016-HC1' });
    const log = await t.http('GET', `/patients/${p.id}/access-log`, { token: ta.admin });
    type Item = { action: string; resource: { type: string } };
    const nurseRead = log.body.items.find((i: Item) => i.action === 'read' && i.resource.type === 'Patient');
    expect(nurseRead).toMatchObject({
      user: { hsaId: 'SE2321000016-N1' },
      careUnit: { hsaId: 'SE2321000016-HC1' },
    });
    // A later change of the id leaves the rows already written as they were.
    expect((await put(`/users/${a.users.nurse.id}/hsa-id`, 'SE2321000016-N2')).status).toBe(200);
    const again = (await t.db.query(`SELECT actor_hsa_id FROM audit_event WHERE patient_id = $1 AND action = 'read' ORDER BY id`, [p.id]))
      .rows;
    expect(again[0].actor_hsa_id).toBe('SE2321000016-N1');
  });

  it("#18.2: a malformed id -> 400 naming hsaId, in use -> 409, another region's -> 404, a nurse -> 403; nothing changes", async () => {
    const before = (await t.db.query('SELECT id, hsa_id FROM app_user ORDER BY id')).rows;
    for (const bad of ['2321000016-X', 'SE123-X', 'SE2321000016-', 'SE2321000016-ÅÄÖ', 42]) {
      const res = await put(`/users/${a.users.specialist.id}/hsa-id`, bad);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.details)).toContain('hsaId');
    }
    const taken = await put(`/users/${a.users.specialist.id}/hsa-id`, 'SE2321000016-N2');
    expect(taken.status).toBe(409);
    expect(taken.body.details).toEqual([{ field: 'hsaId', reason: 'is already in use', code: 'invalid' }]);
    expect((await put(`/users/${a.users.specialist.id}/hsa-id`, 'SE2321000016-S9', tb.admin)).status).toBe(404);
    expect((await put(`/users/${a.users.specialist.id}/hsa-id`, 'SE2321000016-S9', ta.nurse)).status).toBe(403);
    expect((await t.db.query('SELECT id, hsa_id FROM app_user ORDER BY id')).rows).toEqual(before);
    expect((await put(`/clinics/${a.clinicId}/hsa-id`, 'SE2321000016-K1')).status).toBe(200);
    expect((await put(`/users/${a.users.nurse.id}/hsa-id`, null)).body).toEqual({ id: a.users.nurse.id, hsaId: null });
  });
});
