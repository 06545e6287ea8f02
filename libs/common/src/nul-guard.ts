import type { NextFunction, Request, Response } from 'express';
import { ApiError, FieldProblem } from './api-error';

/** Deeper JSON than any request of the api needs; refused before anything walks it. */
export const MAX_BODY_DEPTH = 32;

/**
 * The first problem of a parsed body that no route can take: a string (or key) holding U+0000, which
 * PostgreSQL text cannot store, or nesting deeper than MAX_BODY_DEPTH. Walked without recursion, so a
 * hostile body cannot exhaust the stack.
 */
export function bodyProblem(body: unknown): FieldProblem | null {
  const stack: Array<[unknown, string, number]> = [[body, '', 0]];
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: path || '(body)', reason: 'must not contain the NUL character (U+0000)' };
      continue;
    }
    if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_BODY_DEPTH) return { field: path || '(body)', reason: `nested deeper than ${MAX_BODY_DEPTH} levels` };
    for (const [key, v] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return { field: keyPath, reason: 'must not contain the NUL character (U+0000)' };
      stack.push([v, keyPath, depth + 1]);
    }
  }
  return null;
}

/**
 * Refuses, at the edge, a NUL character anywhere in the path, the query or a JSON body's text (no
 * column can hold it, and the database would otherwise answer with an error instead of a 400), and
 * absurdly deep bodies.
 */
export function refuseUnstorableInput(req: Request, _res: Response, next: NextFunction): void {
  const problems: FieldProblem[] = [];
  if (/%00/i.test(req.originalUrl)) problems.push({ field: '(url)', reason: 'must not contain the NUL character (%00)' });
  const inBody = bodyProblem(req.body);
  if (inBody) problems.push(inBody);
  next(problems.length > 0 ? ApiError.badRequest('The request cannot be taken as it is', problems) : undefined);
}
