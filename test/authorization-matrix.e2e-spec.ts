import { randomUUID } from 'node:crypto';
import { type Role } from '@app/identity';
import { createRegion, loginAll, type TestRegion } from './support/factories';
import { goutPathway } from './support/gout-pathway';
import { type Route, routeTable } from './support/route-table';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The expected answer of each route for each caller, by what the route declares: anonymous callers
 * get 401 unless the route is public, a role the route does not allow gets 403, an allowed role gets
 * past the access check (any other answer, typically 200, 400, 404 or 422 for the ids and bodies
 * the matrix sends). Routes that must be exercised differently are listed with the reason.
 */
const SPECIAL: Record<string, string> = {
  'AuthController.logout': "ends the caller's tokens: exercised in the foundation tests",
  'AuthController.logoutEverywhere': 'ends every session of the caller: exercised in test/sessions',
  'AuthController.refresh': 'public, but wants the refresh cookie and its CSRF header: exercised in test/sessions',
  'PathwaysController.approve':
    'a right of the reviewers the region names, not of a role (403 to others and to the author): test/pathway-signoff',
  'PathwaysController.reject':
    'a right of the reviewers the region names, not of a role (403 to others and to the author): test/pathway-signoff',
  'LiveKitWebhookController.receive': "authenticated by LiveKit's signature, not a user: exercised in the visits tests",
};

describe('Authorisation matrix, generated from the route table', () => {
  let t: TestApp;
  let region: TestRegion;
  let tokens: Record<string, string>;
  let routes: Route[];

  beforeAll(async () => {
    t = await createTestApp();
    region = await createRegion(t.db, 'AM');
    tokens = await loginAll(t, region);
    routes = routeTable(t);
    // A pathway the admin's region owns: the shipped one is a read-only template (403 to every admin, #15.1).
    expect((await t.http('POST', '/pathways', { token: tokens.admin, body: goutPathway({ key: 'am-gout' }) })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('finds the routes, and every one declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(40);
    const undeclared = routes.filter((r) => !r.rule).map((r) => `${r.method} ${r.path} (${r.name})`);
    expect(undeclared).toEqual([]);
  });

  it('answers every route x caller as the declaration says', async () => {
    const callers: Array<[string, Role | null]> = [
      ['anonymous', null],
      ['nurse', 'nurse'],
      ['specialist', 'specialist'],
      ['admin', 'admin'],
    ];
    const cells: string[] = [];
    const wrong: string[] = [];
    for (const route of routes) {
      if (SPECIAL[route.name] || !route.rule) continue;
      const path = route.path.replace(/:(\w+)/g, (_, name: string) =>
        name === 'key' ? 'am-gout' : name === 'version' ? '1' : randomUUID(),
      );
      for (const [label, role] of callers) {
        const res = await t.http(route.method, path, {
          token: role ? tokens[role === 'nurse' ? 'nurse' : role] : undefined,
          ...(route.method === 'GET' ? {} : { body: {} }),
          headers: { 'idempotency-key': randomUUID() },
        });
        const expected = route.rule.public
          ? 'not 401/403'
          : role === null
            ? '401'
            : route.rule.roles.includes(role)
              ? 'not 401/403'
              : '403';
        const ok =
          expected === 'not 401/403' ? res.status !== 401 && res.status !== 403 && res.status < 500 : String(res.status) === expected;
        cells.push(`${route.method} ${route.path} as ${label}: ${res.status}`);
        if (!ok) wrong.push(`${route.method} ${route.path} as ${label}: got ${res.status}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
    // The figure the README quotes.
    expect(cells.length).toBeGreaterThan(150);
    if (process.env.MATRIX_REPORT) console.log(`${routes.length} routes, ${cells.length} cells\n${cells.slice(0, 6).join('\n')}`);
  }, 120_000);
});
