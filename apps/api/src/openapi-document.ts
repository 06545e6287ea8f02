import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/** nestjs-zod's marker keys on the properties of a DTO's schema (see its dto module). */
const UNWRAP_ROOT = 'x-nestjs_zod-unwrap-root';
const DEFS = 'x-nestjs_zod-$defs';
const PARENT_ID = 'x-nestjs_zod-parent-id';
const THREE_POINT_ONE = 'x-nestjs_zod-uses-3-point-1-syntax';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The api's OpenAPI document: requests and, through `@ZodResponse`, every answer's schema (issue 16 #5),
 * named by the zod schemas' ids. The web's types are generated from it (apps/web/src/api-schema.ts).
 */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ledtriage API')
    .setDescription('Remote specialist triage and video visits for health centres (API v1)')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return tidyZodDocument(SwaggerModule.createDocument(app, config));
}

/**
 * nestjs-zod's cleanup, with three repairs of nestjs-zod 5.5 under zod >= 4.5 (BenLorantfy/nestjs-zod#475,
 * #375): a schema with an id is emitted as a `$ref` to itself, which the cleanup takes for two schemas of
 * one name; an array answer's `items` keeps the DTO's class name after the cleanup renamed it; and answers
 * get an `_Output` suffix even where no request schema shares the name, which would leak into the web's types.
 */
export function tidyZodDocument(raw: OpenAPIObject): OpenAPIObject {
  const renames = new Map<string, string>();
  for (const [name, schema] of Object.entries(raw.components?.schemas ?? {})) {
    const root = isObject(schema) && isObject(schema.properties) ? schema.properties.root : undefined;
    if (isObject(root)) inlineSelfRef(root);
    const props = isObject(schema) && isObject(schema.properties) ? Object.values(schema.properties) : [];
    const id = props.map((p) => (isObject(p) ? p[PARENT_ID] : undefined)).find((v): v is string => typeof v === 'string');
    if (id && id !== name) renames.set(name, id);
  }
  const doc = cleanupOpenApiDoc(raw);
  const schemas = doc.components?.schemas ?? {};
  // An `_Output` schema keeps its suffix only where a request schema has the plain name.
  for (const name of Object.keys(schemas)) {
    const plain = name.replace(/_Output$/, '');
    if (plain !== name && !(plain in schemas)) {
      schemas[plain] = schemas[name]!;
      delete schemas[name];
      renames.set(name, plain);
    }
  }
  for (const [from, to] of [...renames]) if (renames.has(to)) renames.set(from, renames.get(to)!);
  rewriteRefs(doc, (name) => renames.get(name) ?? name);
  return sortKeys(doc);
}

/** `{ $ref: '#/$defs/X', x-nestjs_zod-$defs: { X: {...} } }` for the DTO whose id is X: X's schema in place of the ref. */
function inlineSelfRef(root: Json): void {
  const ref = root.$ref;
  const defs = root[DEFS];
  if (root[UNWRAP_ROOT] !== true || typeof ref !== 'string' || !ref.startsWith('#/$defs/') || !isObject(defs)) return;
  const own = defs[ref.slice('#/$defs/'.length)];
  if (!isObject(own) || root[PARENT_ID] !== ref.slice('#/$defs/'.length)) return;
  delete root.$ref;
  // nestjs-zod's `required: false` on the wrapper property is no JSON Schema `required` (a list).
  if (typeof root.required === 'boolean') delete root.required;
  Object.assign(root, structuredClone(own));
  // The cleanup converts every def to OpenAPI 3.0; the same for the schema in place, so the two stay one.
  root[THREE_POINT_ONE] = true;
}

function rewriteRefs(node: unknown, rename: (name: string) => string): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteRefs(item, rename);
    return;
  }
  if (!isObject(node)) return;
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    node.$ref = `#/components/schemas/${rename(ref.slice('#/components/schemas/'.length))}`;
  }
  for (const value of Object.values(node)) rewriteRefs(value, rename);
}

/**
 * Paths and schemas by name, so the document written to docs/openapi.json changes only when the api does;
 * a schema's properties keep the order the code declares them in (the order a reader expects).
 */
function sortKeys(doc: OpenAPIObject): OpenAPIObject {
  const byKey = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const paths = byKey(doc.paths);
  const schemas = doc.components?.schemas;
  return {
    ...doc,
    paths,
    ...(doc.components ? { components: { ...doc.components, ...(schemas ? { schemas: byKey(schemas) } : {}) } } : {}),
  };
}
