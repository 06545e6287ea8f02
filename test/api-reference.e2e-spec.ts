import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  documentJson,
  type OpenApiDocument,
  operationsWithoutAnswerSchema,
  renderApiReference,
  renderWebTypes,
} from './support/api-reference';
import { routeTable } from './support/route-table';
import { createTestApp, type TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const UPDATE = process.env.UPDATE_API_REFERENCE === '1';

/** The generated file as the running api makes it; written anew with UPDATE_API_REFERENCE=1, else compared. */
function expectCurrent(file: string, expected: string): void {
  const path = join(ROOT, file);
  if (UPDATE) writeFileSync(path, expected);
  let committed = '';
  try {
    committed = readFileSync(path, 'utf8');
  } catch {
    // missing: reported by the comparison below
  }
  if (committed !== expected) {
    throw new Error(`${file} is stale: run UPDATE_API_REFERENCE=1 npx jest test/api-reference and commit it`);
  }
}

describe('the generated api documents match the running api', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http('GET', '/api/docs-json')).body as OpenApiDocument;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('docs/api-reference.md lists every route with its roles, scope, parameters, body and answer, as the code declares them', () => {
    expectCurrent('docs/api-reference.md', renderApiReference(routeTable(t), doc));
  });

  it('issue 16 #5: docs/openapi.json is the OpenAPI document the api serves', () => {
    expectCurrent('docs/openapi.json', documentJson(doc));
  });

  it("issue 16 #5: apps/web/src/api-schema.ts (the web's types) is generated from that document", () => {
    expectCurrent('apps/web/src/api-schema.ts', renderWebTypes(doc));
  });

  it('issue 16 #5: every route declares the schema of its success answer (or answers 204 or a redirect)', () => {
    const missing = operationsWithoutAnswerSchema(doc);
    if (missing.length > 0) {
      throw new Error(
        `${missing.length} route(s) without a 2xx answer schema: give each @ZodResponse({ status, type }) (the status it answers ` +
          `today; without a status the document says 'default'), or @ApiNoContentResponse / @ApiOkResponse({ schema }) for ` +
          `what is not JSON:\n${missing.join('\n')}`,
      );
    }
  });
});
