import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from './actor';
import type { Role } from './organisation.entities';

export const ACCESS_KEY = 'access';

export type AccessRule = { public: true } | { public?: false; roles: readonly Role[] };

/** Declares which roles may call a route. A route with no declaration is refused (fail closed). */
export const Allow = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { roles } satisfies AccessRule);
export const Public = () => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule);

export interface AuthenticatedRequest extends FastifyRequest {
  context?: RequestContext;
}

/** The signed-in caller's context, set by the access guard. */
export const Ctx = createParamDecorator((_: unknown, execution: ExecutionContext): RequestContext => {
  const req = execution.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.context) throw new Error('Ctx used on a route without authentication');
  return req.context;
});
