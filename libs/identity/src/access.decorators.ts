import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from './actor';
import type { Role } from './organisation.entities';

export const ACCESS_KEY = 'access';

/**
 * Whose data a route's ids and results may belong to, declared on the route beside its roles. The
 * authorisation and isolation matrices (test/regions.e2e-spec.ts) and the API reference read it from the
 * routes, so there is no second table to keep in step.
 */
export type RouteScope =
  /** No sign-in (health, sign-in, the LiveKit webhook with its own signature). */
  | 'public'
  /** The caller's own account. */
  | 'self'
  /**
   * Patient data: a nurse her own health centre's; a specialist the cases her region serves, those an
   * active agreement lets it serve, and the visits she is booked for; an admin her region's.
   */
  | 'centre'
  /** The caller's region's organisation: centres, rooms, users, sessions, pathways, settings, reports. */
  | 'region'
  /** Between two regions: an agreement is seen by its provider and its receiver only. */
  | 'agreement'
  /** The same for everyone signed in (the definition schema, the list of regions, the report list). */
  | 'shared';

export type AccessRule =
  { public: true; scope: 'public' } | { public?: false; scope: Exclude<RouteScope, 'public'>; roles: readonly Role[] };

/**
 * Declares whose data a route reaches and which roles may call it: `@Allow('centre', 'nurse', 'admin')`.
 * A route with no declaration is refused (fail closed).
 */
export const Allow = (scope: Exclude<RouteScope, 'public'>, ...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { scope, roles } satisfies AccessRule);
export const Public = () => SetMetadata(ACCESS_KEY, { public: true, scope: 'public' } satisfies AccessRule);

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
