import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '@app/common';
import { REFRESH_COOKIE, REFRESH_HEADER, REFRESH_PATH } from './session.service';

/**
 * The refresh cookie by hand rather than through @fastify/cookie: one cookie, read on one route, and
 * its attributes are the security argument, so they stand here in full.
 */
export function setRefreshCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  reply.header('set-cookie', `${REFRESH_COOKIE}=${token}; Path=${REFRESH_PATH}; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Strict`);
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${REFRESH_COOKIE}=; Path=${REFRESH_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Strict`);
}

/** One cookie's value from the request's Cookie header. */
export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function refreshCookieOf(req: FastifyRequest): string | undefined {
  return cookieOf(req, REFRESH_COOKIE);
}

/**
 * CSRF cannot reach the refresh route: the cookie is SameSite=Strict, and the route also wants a custom
 * header (another site's page cannot send one without a CORS preflight, which the api refuses) and, when
 * the browser names an Origin, this host's own.
 */
export function refuseCrossSite(req: FastifyRequest): void {
  if (req.headers[REFRESH_HEADER] !== '1') {
    throw ApiError.forbidden(`A refresh must send the header ${REFRESH_HEADER}: 1`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host === null || host !== req.host) throw ApiError.forbidden("A refresh must come from the application's own origin");
  }
}
