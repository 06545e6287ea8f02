import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access.decorators';
import { requestIdOf } from '../access.guard';
import { cookieOf, setRefreshCookie } from '../sessions/cookies';
import { SignInMethodsResponse } from '../identity.responses';
import { OidcService, SignInMethods } from './oidc.service';

/** The cookie that ties a sign-in's callback to the browser that started it; read on the OIDC routes only. */
const BROWSER_COOKIE = 'ledtriage_oidc';
const OIDC_PATH = '/api/v1/auth/oidc';

const browserCookieOf = (req: FastifyRequest) => cookieOf(req, BROWSER_COOKIE);

/**
 * Sign-in through the region's IdP (issue 18, #1). The callback is a browser navigation, so it answers
 * with redirects into the web app: `/` signed in (the refresh cookie set, the app takes its access token
 * from it), or `/#/sign-in-refused?reason=<code>` with no token and no cookie.
 */
@ApiTags('auth')
@Controller('auth')
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  /** Which sign-in methods the login page offers: the password form, the IdP's button (SITHS), or both. */
  @Public()
  @Get('methods')
  @ZodResponse({ status: 200, type: SignInMethodsResponse })
  methods(): SignInMethods {
    return this.oidc.methods();
  }

  /** 302 to the IdP with state, nonce and a PKCE challenge; 404 when no IdP is configured, 503 when it cannot be reached. */
  @Public()
  @Get('oidc/login')
  @ApiFoundResponse({ description: "To the IdP's sign-in page" })
  async login(@Res() reply: FastifyReply): Promise<void> {
    const { url, browserSecret } = await this.oidc.begin();
    // Lax, not Strict: the IdP's redirect back is a cross-site navigation, which must carry it.
    reply.header('set-cookie', `${BROWSER_COOKIE}=${browserSecret}; Path=${OIDC_PATH}; Max-Age=600; HttpOnly; Secure; SameSite=Lax`);
    reply.header('cache-control', 'no-store');
    await reply.code(302).header('location', url).send();
  }

  /** The IdP's answer (code, state, iss; or error): a browser navigation the IdP sends. */
  @Public()
  @Get('oidc/callback')
  @ApiFoundResponse({ description: 'Into the web app, signed in or refused' })
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    const outcome = await this.oidc.complete(query, browserCookieOf(req), req.ip ?? null, requestIdOf(req));
    reply.header('set-cookie', `${BROWSER_COOKIE}=; Path=${OIDC_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Lax`);
    reply.header('cache-control', 'no-store');
    if ('refused' in outcome) {
      await reply.code(302).header('location', `/#/sign-in-refused?reason=${outcome.refused}`).send();
      return;
    }
    setRefreshCookie(reply, outcome.signedIn.refresh.token, outcome.signedIn.refresh.expiresAt);
    await reply.code(302).header('location', '/').send();
  }
}
