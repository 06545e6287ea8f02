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

  const byTag = new Map<string, string[]>();
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const route of sorted) {
    const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
    const op = doc.paths[openApiPath]?.[route.method.toLowerCase()] ?? {};
    const tag = op.tags?.[0] ?? 'other';
    const who = !route.rule ? 'undeclared' : route.rule.public ? 'anyone' : route.rule.roles.join(', ');
    const scope = route.rule?.scope ?? '(none)';
    const row = `| ${route.method} | \`${esc(route.path)}\` | ${who} | ${scope} | ${describeQuery(op)} | ${describeBody(op)} |`;
    byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
  }
  const sections = [...byTag.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, rows]) =>
      [
        `## ${tag}`,
        '',
        '| method | path | who | scope | query and headers | body (`?` optional) |',
        '|---|---|---|---|---|---|',
        ...rows,
      ].join('\n'),
    );
  return [
    '# API reference (generated)',
    '',
    'Every route of the api, generated from the running server by `test/api-reference.e2e-spec.ts`',
    '(`UPDATE_API_REFERENCE=1 npx jest test/api-reference` writes it anew; the test fails when this file is',
    'stale). *who*: the roles the route admits; *scope*: whose data its ids and results may belong to',
    '(declared on the route with its roles: `@Allow(scope, ...roles)`). Conventions and errors: `docs/api.md`; the complete schemas:',
    'the OpenAPI document at `/api/docs`.',
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
}
