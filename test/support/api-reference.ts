import { execFileSync } from 'node:child_process';
import type { Route } from './route-table';

/** The parts of an OpenAPI 3 document the reference reads. */
interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const esc = (s: string) => s.replace(/\|/g, '\\|');

/**
 * docs/api-reference.md, generated from the running api: the route table (roles from `@Allow`, scope from
 * the same declaration) joined with the OpenAPI document (parameters and request bodies). Generated rather than
 * written, so it cannot drift from the code: test/api-reference.e2e-spec.ts fails when it is stale.
 */
export function renderApiReference(routes: Route[], doc: OpenApiDocument): string {
  const resolve = (s: Schema | undefined): Schema | undefined => {
    if (!s?.$ref) return s;
    return doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')];
  };
  const typeOf = (raw: Schema | undefined): string => {
    const s = resolve(raw);
    if (!s) return 'any';
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
    const variants = s.anyOf ?? s.oneOf;
    if (variants) return variants.map(typeOf).join(' \\| ');
    if (s.allOf?.length === 1) return typeOf(s.allOf[0]);
    const t = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'object');
    if (t === 'array') return `${typeOf(s.items)}[]`;
    return s.format ? `${t} (${s.format})` : t;
  };
  const describeBody = (op: Operation): string => {
    const schema = resolve(op.requestBody?.content?.['application/json']?.schema);
    if (!schema?.properties) return '';
    const required = new Set(schema.required ?? []);
    return Object.entries(schema.properties)
      .map(([name, prop]) => `\`${name}\`${required.has(name) ? '' : '?'}: ${typeOf(prop)}`)
      .join('<br>');
  };
  const describeQuery = (op: Operation): string =>
    (op.parameters ?? [])
      .filter((p) => p.in === 'query' || p.in === 'header')
      .map((p) => `${p.in === 'header' ? 'header ' : ''}\`${p.name}\`${p.required ? '' : '?'}: ${typeOf(p.schema)}`)
      .join('<br>');

  /** The 2xx answers by status: the schema's name (a component) or its type; a redirect or a 204 by its status only. */
  const describeAnswer = (op: Operation): string =>
    Object.entries(op.responses ?? {})
      .filter(([status]) => /^[23]\d\d$/.test(status))
      .map(([status, r]) => {
        const kinds = Object.entries(r.content ?? {}).map(([type, c]) => {
          const name = (x: Schema | undefined): string =>
            x?.$ref ? x.$ref.replace('#/components/schemas/', '') : x?.type === 'array' ? `${name(x.items)}[]` : typeOf(x);
          return type === 'application/json' ? name(c.schema) : type;
        });
        return kinds.length > 0 ? `${status} ${kinds.join(' \\| ')}` : status;
      })
      .join('<br>');

  const byTag = new Map<string, string[]>();
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const route of sorted) {
    const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
    const op = doc.paths[openApiPath]?.[route.method.toLowerCase()] ?? {};
    const tag = op.tags?.[0] ?? 'other';
    const who = !route.rule ? 'undeclared' : route.rule.public ? 'anyone' : route.rule.roles.join(', ');
    const scope = route.rule?.scope ?? '(none)';
    const row = `| ${route.method} | \`${esc(route.path)}\` | ${who} | ${scope} | ${describeQuery(op)} | ${describeBody(op)} | ${describeAnswer(op)} |`;
    byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
  }
  const sections = [...byTag.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, rows]) =>
      [
        `## ${tag}`,
        '',
        '| method | path | who | scope | query and headers | body (`?` optional) | answer |',
        '|---|---|---|---|---|---|---|',
        ...rows,
      ].join('\n'),
    );
  return [
    '# API reference (generated)',
    '',
    'Every route of the api, generated from the running server by `test/api-reference.e2e-spec.ts`',
    '(`UPDATE_API_REFERENCE=1 npx jest test/api-reference` writes it anew; the test fails when this file is',
    'stale). *who*: the roles the route admits; *scope*: whose data its ids and results may belong to',
    '(declared on the route with its roles: `@Allow(scope, ...roles)`); *answer*: the success statuses and their',
    "schemas' names. Conventions and errors: `docs/api.md`; the complete schemas: `docs/openapi.json` (the OpenAPI",
    'document, also served at `/api/docs`).',
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
}

/** The success answers that count as described: a 2xx with a schema, or a 204 or a redirect, which have no body. */
export function operationsWithoutAnswerSchema(doc: OpenApiDocument): string[] {
  const missing: string[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const answers = Object.entries(op.responses ?? {});
      const described = answers.some(
        ([status, r]) =>
          status === '204' ||
          /^3\d\d$/.test(status) ||
          (/^2\d\d$/.test(status) && Object.values(r.content ?? {}).some((c) => c.schema !== undefined)),
      );
      if (!described) missing.push(`${method.toUpperCase()} ${path} (answers: ${answers.map(([s]) => s).join(', ') || 'none'})`);
    }
  }
  return missing.sort();
}

/** The document as written to docs/openapi.json: as served (paths and schemas sorted by name), indented. */
export function documentJson(doc: OpenApiDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const WEB_TYPES_HEADER = `/**
 * Generated from docs/openapi.json by test/api-reference.e2e-spec.ts with openapi-typescript: do not edit.
 * \`UPDATE_API_REFERENCE=1 npx jest test/api-reference\` writes it anew; the test fails when it is stale, and
 * the web's typecheck fails when a server change breaks a page that reads the changed shape.
 */
`;

/** openapi-typescript in plain Node: its dependencies are ES modules, which jest's CommonJS runtime cannot load. */
const GENERATE = `
const { default: openapiTS, astToString } = require('openapi-typescript');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => openapiTS(JSON.parse(input)).then((ast) => process.stdout.write(astToString(ast))));
`;

/** apps/web/src/api-schema.ts: the document's schemas and operations as TypeScript types for the web. */
export function renderWebTypes(doc: OpenApiDocument): string {
  const types = execFileSync(process.execPath, ['-e', GENERATE], { input: JSON.stringify(doc), encoding: 'utf8', maxBuffer: 64 << 20 });
  return `${WEB_TYPES_HEADER}${types}`;
}
