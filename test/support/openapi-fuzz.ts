import fc from 'fast-check';

/** The part of an OpenAPI 3.0 schema object that the api's zod schemas produce (through nestjs-zod). */
export interface Schema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  // OpenAPI 3.0 writes a boolean beside minimum/maximum, 3.1 the bound itself.
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzOptions {
  /** Real ids offered to uuid fields now and then, so that valid-shaped bodies get past "not found". */
  ids?: readonly string[];
  /** Known-good bodies, for schemas that say little (a pathway definition is `object`, nothing more). */
  examples?: readonly unknown[];
}

export type BodyKind = 'valid' | 'near-miss' | 'garbage';

/** A request body as it goes on the wire: `text` undefined means no body at all. */
export interface FuzzedBody {
  kind: BodyKind;
  text: string | undefined;
}

/** The operation of a route-table entry (`/api/v1/users/:id`) in the document (`/api/v1/users/{id}`). */
export function operationOf(doc: OpenApiDocument, method: string, routePath: string): Operation | undefined {
  return doc.paths[routePath.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
}

export function requestBodySchema(doc: OpenApiDocument, method: string, routePath: string): Schema | undefined {
  return operationOf(doc, method, routePath)?.requestBody?.content?.['application/json']?.schema;
}

export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 20; hops++) s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {};
  return s;
}

/**
 * JSON that JSON.stringify cannot write (-0, 1e999, duplicate keys, broken syntax): spliced into the
 * text verbatim, because the parser on the other side is exactly what these are meant to exercise.
 */
class RawJson {
  constructor(readonly text: string) {}
}

export function toText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof RawJson) return value.text;
  const raws: string[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? `\u0000fuzz-raw-${raws.push(v.text) - 1}\u0000` : v));
  return json.replace(/"\\u0000fuzz-raw-(\d+)\\u0000"/g, (_, i: string) => raws[Number(i)]!);
}

const MAX_DEPTH = 4;
/**
 * Characters a schema admits that cause trouble further in: PostgreSQL's text refuses NUL, a lone
 * surrogate has no UTF-8, and the rest try the escaping of JSON, SQL, logs and CSV.
 */
const awkwardUnit = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  fc.constantFrom('\u0000', '\ud800', '\u202e', '\u0007', '\n', '"', "'", '\\', '%', ';', 'å', '🙂'),
);
const ordinaryDateTime = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
/**
 * Times at the ends of every range on the way: year 0000 (JavaScript has it, PostgreSQL does not), 0001,
 * 9999, JavaScript's last day (+275760), years before 1 and local times without an offset.
 */
export const EDGE_DATE_TIMES = [
  '0000-01-01T00:00:00.000Z',
  '0001-01-01T00:00:00.000Z',
  '0001-01-01T00:00',
  '1899-12-31T23:00:00Z',
  '1970-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T12:00',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
];
export const EDGE_DATES = ['0000-01-01', '0001-01-01', '0001-12-31', '1900-01-01', '9999-12-31', '+275760-09-13', '-000001-01-01'];
const dateTime = fc.oneof({ weight: 4, arbitrary: ordinaryDateTime }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATE_TIMES) });
const date = fc.oneof(
  { weight: 4, arbitrary: ordinaryDateTime.map((d) => d.slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATES) },
);
/** Numbers at the ends of the ranges of JavaScript, int4, int8 and float8 (each kept only where a schema admits it). */
const EDGE_NUMBERS = [
  0,
  -0,
  1e-300,
  5e-324,
  0.0004,
  0.004,
  0.04,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  1e21,
  1e308,
  -(2 ** 31) - 1,
  -1e-300,
];

/** Values that fit the schema as far as the document describes it (zod refinements are invisible here). */
export function validValue(doc: OpenApiDocument, schema: Schema, options: FuzzOptions = {}, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const value = shapedValue(doc, s, options, depth);
  return s.nullable ? fc.option(value, { nil: null, freq: 4 }) : value;
}

function shapedValue(doc: OpenApiDocument, s: Schema, options: FuzzOptions, depth: number): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => validValue(doc, a, options, depth)));
  switch (s.type ?? (s.properties ? 'object' : undefined)) {
    case 'string':
      return stringValue(s, options);
    case 'integer': {
      const min = integerBound(s.minimum, s.exclusiveMinimum, -1e6, 1);
      const max = Math.max(min, integerBound(s.maximum, s.exclusiveMaximum, 1e6, -1));
      const unbounded = s.minimum === undefined || s.maximum === undefined;
      const ends = [min, max, ...EDGE_NUMBERS.filter((n) => Number.isInteger(n) && (unbounded || (n >= min && n <= max)))];
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(...ends) });
    }
    case 'number': {
      const min = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : (s.minimum ?? -1e6);
      const max = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : (s.maximum ?? 1e6);
      const minExcluded = s.exclusiveMinimum !== undefined && s.exclusiveMinimum !== false;
      const maxExcluded = s.exclusiveMaximum !== undefined && s.exclusiveMaximum !== false;
      const inside = (n: number) => (minExcluded ? n > min : n >= min) && (maxExcluded ? n < max : n <= max);
      // The smallest numbers the schema admits above its minimum (1e-300 above an exclusive 0) and its ends.
      const ends = [min, max, min + 1e-300, min + Number.EPSILON, ...EDGE_NUMBERS].filter(inside);
      const inRange = fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true });
      return ends.length ? fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...ends) }) : inRange;
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = s.minItems ?? 0;
      return fc.array(validValue(doc, s.items ?? {}, options, depth + 1), {
        minLength,
        maxLength: Math.max(minLength, Math.min(s.maxItems ?? 4, 4)),
      });
    }
    case 'object': {
      const properties = Object.entries(s.properties ?? {});
      if (properties.length === 0 && s.additionalProperties !== false) return anyJson(depth);
      const model = Object.fromEntries(properties.map(([k, p]) => [k, validValue(doc, p, options, depth + 1)]));
      return fc.record(model, { requiredKeys: s.required ?? [] });
    }
    default:
      return anyJson(depth);
  }
}

/** The smallest (step 1) or largest (step -1) integer inside a minimum or maximum. */
function integerBound(value: number | undefined, exclusive: boolean | number | undefined, fallback: number, step: 1 | -1): number {
  const limit = typeof exclusive === 'number' ? exclusive : value;
  if (limit === undefined) return fallback;
  const rounded = step > 0 ? Math.ceil(limit) : Math.floor(limit);
  return (exclusive === true || typeof exclusive === 'number') && rounded === limit ? rounded + step : rounded;
}

function anyJson(depth: number): fc.Arbitrary<unknown> {
  return depth < MAX_DEPTH ? fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }) : fc.constant({});
}

function stringValue(s: Schema, options: FuzzOptions): fc.Arbitrary<string> {
  const uuid = options.ids?.length ? fc.oneof(fc.uuid(), fc.constantFrom(...options.ids)) : fc.uuid();
  if (s.format === 'uuid') return uuid;
  if (s.format === 'date-time') return dateTime;
  if (s.format === 'date') return date;
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 40));
  const text = s.pattern
    ? fc.stringMatching(new RegExp(s.pattern))
    : fc.oneof(fc.string({ unit: 'grapheme', minLength, maxLength }), fc.string({ unit: awkwardUnit, minLength, maxLength }));
  // zod's datetimes and dates reach the document as bare strings or a pattern: offer real ones wherever the text admits them.
  const pattern = s.pattern ? new RegExp(s.pattern) : undefined;
  const lookalikes: Array<[fc.Arbitrary<string>, string]> = [
    [date, '2025-01-31'],
    [dateTime, '2025-01-31T08:00:00.000Z'],
    [uuid, '00000000-0000-4000-8000-000000000000'],
  ];
  const admitted = lookalikes.filter(([, example]) => !pattern || pattern.test(example)).map(([arb]) => arb);
  return fc.oneof(text, ...admitted);
}

/** One value of a wrong kind: what a buggy client, a proxy or an attacker might put in any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, '', ' ', 0, -1, 1.5, [], {}, [null], { '': '' }),
  // Type confusion with what the field probably wanted.
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '-0',
    '1e999',
    '0x10',
    ' 1 ',
    '١٢',
    'true',
    'null',
    'undefined',
    '2025-02-30',
    '2025-13-01T25:61:00Z',
    '00000000-0000-0000-0000-00000000000g',
  ),
  // Beyond every column type: int4, int8, float8, and what PostgreSQL's numeric does with them.
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 5e-324, 1e-300, 1e21),
  // Dates at and past the ends of their ranges, and numbers as text that parse as nothing.
  fc.constantFrom(...EDGE_DATES, ...EDGE_DATE_TIMES, '2147483648', '9007199254740993', 'NaN', '+Inf', '1e-300'),
  fc.constantFrom('-0', '1e999', '-1e999', '1E400', '123456789012345678901234567890', '0.1e-400').map((t) => new RawJson(t)),
  // Text PostgreSQL refuses (NUL), text that reverses on screen, astral and lone surrogates.
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u202eevil',
    '🙂'.repeat(60),
    'ÅÄÖ åäö',
    '\ud800',
    'Ω≈ç√∫',
    "'; DROP TABLE patient; --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
  ),
  fc.constantFrom(10_000, 100_000).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.integer({ min: 1, max: 2000 }).map((n) => nest(n)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** `{"a":{"a":...}}`, n levels: recursion in validators and in the pathway engine. */
function nest(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

type Path = Array<string | number>;

/** Every node of a JSON value but the root, as the keys that lead to it. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

function at(root: unknown, path: Path): any {
  return path.reduce<any>((node, key) => node[key], root);
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** An own property even for `__proto__`, so that it reaches the wire as a key rather than as a prototype. */
function put(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'id', 'regionId', 'role', 'status', 'createdAt', 'isAdmin', ''),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** A valid-shaped body with one thing wrong: a field's value, a missing field, or a field too many. */
function nearMiss(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.constantFrom('replace', 'replace', 'drop', 'extra'), fc.nat(), extraKey, wrongValue)
    .map(([body, how, pick, key, wrong]) => {
      const root = body && typeof body === 'object' ? structuredClone(body) : {};
      const paths = pathsOf(root);
      const path = paths[pick % Math.max(paths.length, 1)];
      if (how === 'replace' && path) {
        put(at(root, path.slice(0, -1)), path[path.length - 1]!, wrong);
      } else if (how === 'drop' && path) {
        const parent = at(root, path.slice(0, -1));
        if (Array.isArray(parent)) parent.splice(Number(path[path.length - 1]), 1);
        else delete parent[path[path.length - 1]!];
      } else {
        const objects = [[], ...paths].filter((p) => isRecord(at(root, p)));
        if (objects.length === 0) return { [key]: wrong };
        put(at(root, objects[pick % objects.length]!), key, wrong);
      }
      return root;
    });
}

/** Bodies no client of this api sends: wrong top-level types, broken JSON, a body past the size limit. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue(),
  fc.array(wrongValue, { maxLength: 5 }),
  fc
    .constantFrom(
      '',
      '{',
      '}',
      '[',
      '{"a":',
      'null',
      'true',
      '0',
      '-0',
      '1e999',
      'NaN',
      '"text"',
      "{'single': 'quotes'}",
      '{"a":1,"a":2}',
      '\ufeff{}',
      '{"__proto__":{"role":"admin"}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
      `{"a":"${'x'.repeat(300_000)}"}`,
    )
    .map((t) => new RawJson(t)),
);

/**
 * Request bodies for one operation: valid-shaped (so the handler's own checks run), near-misses
 * (so each field's validation runs), and garbage (so the parser and the error filter run).
 */
export function bodyArbitrary(doc: OpenApiDocument, schema: Schema | undefined, options: FuzzOptions = {}): fc.Arbitrary<FuzzedBody> {
  const fromSchema = schema ? validValue(doc, schema, options) : fc.constantFrom<unknown>(undefined, {});
  const valid = options.examples?.length ? fc.oneof(fromSchema, fc.constantFrom(...options.examples)) : fromSchema;
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => ({ kind: 'valid' as const, text: toText(v) })) },
    { weight: 4, arbitrary: nearMiss(valid).map((v) => ({ kind: 'near-miss' as const, text: toText(v) })) },
    { weight: 2, arbitrary: garbage.map((v) => ({ kind: 'garbage' as const, text: toText(v) })) },
  );
}

const utf8AsLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

/**
 * Values of one header parameter, `undefined` meaning "not sent". fetch only sends bytes (latin-1),
 * so unicode goes as what a UTF-8 client puts on the wire.
 */
export function headerValue(schema: Schema | undefined): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: schema?.type === 'string' || !schema ? fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 64 })) : fc.constant('1'),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        undefined,
        '',
        ' ',
        '\t',
        'x'.repeat(200),
        'x'.repeat(201),
        'x'.repeat(300),
        'x'.repeat(8000),
        'åäö',
        utf8AsLatin1('nyckel-🙂-ÅÄÖ'),
        utf8AsLatin1('\u202e'),
        'null',
        '0',
      ),
    },
  );
}

/** The header parameters the document declares for an operation, each fuzzed. */
export function headersArbitrary(
  doc: OpenApiDocument,
  method: string,
  routePath: string,
): fc.Arbitrary<Record<string, string | undefined>> {
  const declared = (operationOf(doc, method, routePath)?.parameters ?? []).filter((p) => p.in === 'header');
  return fc.record(Object.fromEntries(declared.map((p) => [p.name.toLowerCase(), headerValue(p.schema)])));
}

const asQueryText = (v: unknown): string => (typeof v === 'string' ? v : v instanceof RawJson ? v.text : (JSON.stringify(v) ?? ''));

/**
 * The query parameters the document declares for an operation: values of their schemas (dates and
 * numbers at the ends of their ranges included), wrong values, or none.
 */
export function queryArbitrary(
  doc: OpenApiDocument,
  method: string,
  routePath: string,
  options: FuzzOptions = {},
): fc.Arbitrary<Record<string, string | undefined>> {
  const declared = (operationOf(doc, method, routePath)?.parameters ?? []).filter((p) => p.in === 'query');
  const value = (p: Parameter) =>
    fc.option(
      fc.oneof(
        { weight: 3, arbitrary: validValue(doc, p.schema ?? {}, options).map(asQueryText) },
        { weight: 1, arbitrary: wrongValue.map(asQueryText) },
      ),
      { nil: undefined, freq: 3 },
    );
  return fc.record(Object.fromEntries(declared.map((p) => [p.name, value(p)])));
}

export function queryParameterNames(doc: OpenApiDocument, method: string, routePath: string): string[] {
  return (operationOf(doc, method, routePath)?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
}
