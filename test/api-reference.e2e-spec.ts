import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type OpenApiDocument, renderApiReference } from './support/api-reference';
import { routeTable } from './support/route-table';
import { createTestApp, type TestApp } from './support/test-app';

const FILE = join(__dirname, '..', 'docs', 'api-reference.md');

describe('docs/api-reference.md matches the running api', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists every route with its roles, scope, parameters and body, as the code declares them', async () => {
    const doc = (await t.http('GET', '/api/docs-json')).body as OpenApiDocument;
    const expected = renderApiReference(routeTable(t), doc);
    if (process.env.UPDATE_API_REFERENCE === '1') writeFileSync(FILE, expected);
    let committed = '';
    try {
      committed = readFileSync(FILE, 'utf8');
    } catch {
      // missing: reported by the comparison below
    }
    if (committed !== expected) {
      throw new Error('docs/api-reference.md is stale: run UPDATE_API_REFERENCE=1 npx jest test/api-reference and commit it');
    }
  });
});
