import { createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('Issue 18 #5: the admin searches the audit log by action and outcome (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let ta: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'AS');
    ta = await loginAll(t, a);
  });
  afterAll(() => t.close());

  it('#18.5: action and outcome narrow the search; a bad value -> 400 naming it', async () => {
    const p = await createPatient(t, ta.nurse!, a.centres.main);
    await t.http('GET', `/patients/${p.id}`, { token: ta.nurse });
    await t.http('GET', `/patients/${p.id}`, { token: ta.otherNurse }); // another centre's nurse: denied
    const all = (await t.http('GET', `/audit-events?patientId=${p.id}`, { token: ta.admin })).body;
    expect(new Set(all.map((e: { action: string }) => e.action))).toEqual(new Set(['create', 'read']));
    const reads = (await t.http('GET', `/audit-events?patientId=${p.id}&action=read`, { token: ta.admin })).body;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((e: { action: string }) => e.action === 'read')).toBe(true);
    const denied = (await t.http('GET', `/audit-events?patientId=${p.id}&outcome=denied`, { token: ta.admin })).body;
    expect(denied.length).toBeGreaterThan(0);
    expect(
      denied.every((e: { outcome: string; user: { id: string } }) => e.outcome === 'denied' && e.user.id === a.users.otherNurse.id),
    ).toBe(true);
    for (const [query, field] of [
      ['action=peek', 'action'],
      ['outcome=maybe', 'outcome'],
    ]) {
      const res = await t.http('GET', `/audit-events?${query}`, { token: ta.admin });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.details)).toContain(field);
    }
  });
});
