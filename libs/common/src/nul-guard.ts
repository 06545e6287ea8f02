import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { z } from 'zod';
import { ApiError, type FieldProblem } from './api-error';

/** Deeper JSON than any request of the api needs; refused before anything walks it. */
export const MAX_BODY_DEPTH = 32;

/** A lone UTF-16 surrogate: with the u flag, a well-formed pair is one code point and does not match. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why a string cannot be stored as it is: U+0000 (no PostgreSQL text holds it), or a lone surrogate
 * (not a character: UTF-8 cannot encode it, and jsonb refuses its escape, e.g. in an audit row's detail).
 */
function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone surrogate, half of a character)';
  return null;
}

/**
 * The first problem of a parsed body that no route can take: a string (or key) that cannot be stored
 * (see textProblem), or nesting deeper than MAX_BODY_DEPTH. Walked without recursion, so a
 * hostile body cannot exhaust the stack.
 */
export function bodyProblem(body: unknown): FieldProblem | null {
  const stack: Array<[unknown, string, number]> = [[body, '', 0]];
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { field: path || '(body)', reason: problem };
      continue;
    }
    if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_BODY_DEPTH) return { field: path || '(body)', reason: `nested deeper than ${MAX_BODY_DEPTH} levels` };
    for (const [key, v] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      const problem = textProblem(key);
      if (problem) return { field: keyPath, reason: problem };
      stack.push([v, keyPath, depth + 1]);
    }
  }
  return null;
}

/** The largest request body any route takes. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Refuses, at the edge, a NUL character anywhere in the path, the query or a JSON body's text (no
 * column can hold it, and the database would otherwise answer with an error instead of a 400), and
 * absurdly deep bodies. A Fastify preValidation hook: the body is parsed, no route has run.
 */
export function refuseUnstorableInput(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const problems: FieldProblem[] = [];
  if (/%00/i.test(request.url)) problems.push({ field: '(url)', reason: 'must not contain the NUL character (%00)' });
  const inBody = bodyProblem(request.body);
  if (inBody) problems.push(inBody);
  done(problems.length > 0 ? ApiError.badRequest('The request cannot be taken as it is', problems) : undefined);
}

const UTF8 = /^utf-?8$/i;

/**
 * Refuses, before the body is read, what the api cannot read: a compressed body (no client of the
 * api compresses what it sends) and JSON in another character set than UTF-8 (RFC 8259). A Fastify
 * onRequest hook.
 */
export function refuseUnreadableBody(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const encoding = request.headers['content-encoding'];
  if (encoding && encoding.trim().toLowerCase() !== 'identity') {
    return done(ApiError.unsupportedMediaType(`Content-Encoding "${encoding}" is not accepted: send the body uncompressed`));
  }
  const type = request.headers['content-type'];
  if (type && /json/i.test(type)) {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
    if (charset && !UTF8.test(charset)) return done(ApiError.unsupportedMediaType(`JSON must be UTF-8, not "${charset}"`));
  }
  done();
}

/**
 * Characters that print nothing on their own: spaces, format characters (zero-width space and
 * joiners, BOM, soft hyphen, direction marks), controls, lone combining marks and the Hangul and
 * Braille blanks. A name made of these alone looks empty on every screen.
 */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{Cc}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0\u2800]/u;

export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

/** A person's name (patient, user): trimmed, 1 to `max` characters, at least one of them visible. */
export function personNameSchema(max = 200) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(hasVisibleCharacter, 'must contain a visible character, not only blank or invisible (zero-width) ones');
}
