import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from './actor';
import type { Role } from './organisation.entities';

export const ACCESS_KEY = 'access';

export type AccessRule = { public: true } | { public?: false; roles: readonly Role[] };

/** Declares which roles may call a route. A route with no declaration is refused (fail closed). */
export const Allow = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { roles } satisfies AccessRule);
export const Public = () => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule);

export const RATE_KEY = 'rate';
/** What a request counts as in the per-user minute limits: changes, previews and expensive list reads each have their own. */
export type RateKind = 'write' | 'preview' | 'read';
/**
 * Counts a route as a preview (a POST that changes nothing, such as the nurse's live evaluation) or an
 * expensive read (a list) instead of the default: every POST, PUT, PATCH and DELETE is a write, other
 * reads are not counted.
 */
export const RateLimit = (kind: RateKind) => SetMetadata(RATE_KEY, kind);

export interface AuthenticatedRequest extends FastifyRequest {
  context?: RequestContext;
}

/** The signed-in caller's context, set by the access guard. */
export const Ctx = createParamDecorator((_: unknown, execution: ExecutionContext): RequestContext => {
  const req = execution.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.context) throw new Error('Ctx used on a route without authentication');
  return req.context;
});
