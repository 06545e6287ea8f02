import { randomUUID } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { ApiError } from '@app/common';
import { ACCESS_KEY, AccessRule, AuthenticatedRequest, RATE_KEY, RateKind } from './access.decorators';
import { AuthService } from './auth.service';
import { TokenService } from './token.service';

/**
 * Global guard: every HTTP route must declare its access with @Allow(...) or @Public(); an undeclared
 * route is refused, so forgetting the declaration cannot open a route.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    // Answers carry patient data or tokens: no browser, proxy or shared cache may keep them (refusals included).
    context.switchToHttp().getResponse<FastifyReply>().header('Cache-Control', 'no-store');
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!rule) throw ApiError.forbidden('This route declares no access rule');
    if (rule.public) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw ApiError.unauthorized('Sign-in required: send Authorization: Bearer <accessToken>');
    // Writes count against the user's per-minute limit, previews and expensive reads against limits of their own.
    const declared = this.reflector.get<RateKind | undefined>(RATE_KEY, context.getHandler());
    const actor = await this.auth.actorFromToken(token, declared ?? (['GET', 'HEAD', 'OPTIONS'].includes(req.method) ? null : 'write'));
    if (!actor) throw ApiError.unauthorized('The access token is invalid, expired or revoked');
    req.context = { actor, requestId: requestIdOf(req), clientIp: req.ip ?? null, sessionId: this.tokens.verify(token)?.sid };
    if (!rule.roles.includes(actor.role)) throw ApiError.forbidden();
    return true;
  }
}

/** The id the request logger gave the request (and sent back as x-request-id). */
export function requestIdOf(req: AuthenticatedRequest): string {
  const id = (req.raw as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : randomUUID();
}
