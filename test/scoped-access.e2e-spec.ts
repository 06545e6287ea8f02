import { randomUUID } from 'node:crypto';
import { granted, outOfScope, Refusal, ScopedAccess } from '@app/audit';
import { ApiError } from '@app/common';
import type { RequestContext } from '@app/identity';
import { createRegion, type TestRegion } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The access primitive itself (issue 16 #1), on the real database: what it writes for a granted read, a
 * refusal and a failure, and that a refusal rolls back whatever the work wrote before it refused.
 */
describe('ScopedAccess: one way to check access and audit', () => {
  let t: TestApp;
  let region: TestRegion;
  let access: ScopedAccess;
  let ctx: RequestContext;

  beforeAll(async () => {
    t = await createTestApp();
    region = await createRegion(t.db, 'SA');
    access = t.app.get(ScopedAccess);
    const nurse = region.users.nurse;
    ctx = {
      actor: {
        userId: nurse.id,
        username: nurse.username,
        displayName: nurse.username,
        role: 'nurse',
        regionId: region.id,
        healthCentreId: region.centres.main,
        clinicId: null,
      },
      requestId: randomUUID(),
      clientIp: '127.0.0.1',
    };
  });
  afterAll(() => t.close());

  const rowsFor = async (resourceId: string) =>
    (
      await t.db.query(
        `SELECT outcome, action, resource_type, patient_id, reason, detail FROM audit_event WHERE resource_id = $1 ORDER BY id`,
        [resourceId],
      )
    ).rows;
  const target = (resourceId: string) => ({ action: 'read' as const, resourceType: 'Probe', resourceId, notFound: 'Probe' });

  it('a granted read answers the result and writes one success row with the fields the work gave', async () => {
    const id = randomUUID();
    const patientId = randomUUID();
    const result = await access.run(ctx, target(id), () => Promise.resolve(granted({ ok: true }, { patientId, detail: { via: 'test' } })));
    expect(result).toEqual({ ok: true });
    expect(await rowsFor(id)).toEqual([
      { outcome: 'success', action: 'read', resource_type: 'Probe', patient_id: patientId, reason: null, detail: { via: 'test' } },
    ]);
  });

  it('out of scope: 404 with the route noun, one denied row, and what the work wrote is rolled back', async () => {
    const id = randomUUID();
    const before = Number((await t.db.query(`SELECT count(*) FROM audit_event WHERE reason = 'probe write'`)).rows[0].count);
    const refused = access.run(ctx, target(id), async (m) => {
      // A write made before the work found the id out of scope must not survive the refusal.
      await m.query(
        `INSERT INTO audit_event (actor_username, action, resource_type, outcome, reason) VALUES ('probe', 'read', 'Probe', 'success', 'probe write')`,
      );
      return outOfScope();
    });
    await expect(refused).rejects.toMatchObject({ status: 404 });
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    expect(Number((await t.db.query(`SELECT count(*) FROM audit_event WHERE reason = 'probe write'`)).rows[0].count)).toBe(before);
    expect(await rowsFor(id)).toEqual([
      {
        outcome: 'denied',
        action: 'read',
        resource_type: 'Probe',
        patient_id: null,
        reason: "not found in the caller's scope",
        detail: null,
      },
    ]);
  });

  it('a refusal with its own answer (403) and the patient it concerns is audited as such', async () => {
    const id = randomUUID();
    const patientId = randomUUID();
    const refused = access.run(ctx, target(id), () =>
      Promise.resolve(new Refusal('may read but not join', patientId, ApiError.forbidden('Not yours'), { via: 'http' })),
    );
    await expect(refused).rejects.toMatchObject({ status: 403 });
    expect(await rowsFor(id)).toEqual([
      {
        outcome: 'denied',
        action: 'read',
        resource_type: 'Probe',
        patient_id: patientId,
        reason: 'may read but not join',
        detail: { via: 'http' },
      },
    ]);
  });

  it('a failure inside the work (a conflict) passes through, rolls back and writes no success row', async () => {
    const id = randomUUID();
    await expect(access.run(ctx, target(id), () => Promise.reject(ApiError.conflict('busy')))).rejects.toMatchObject({ status: 409 });
    expect(await rowsFor(id)).toEqual([]);
  });
});
