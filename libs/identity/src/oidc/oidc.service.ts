import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, OidcConfig } from '@app/config';
import { ApiError, rowsOf } from '@app/common';
import { actorOf, type RequestContext } from '../actor';
import { writeAudit } from '../audit-row';
import { AuthService, SignedIn } from '../auth.service';
import { HSA_ID } from '../hsa';
import { User } from '../organisation.entities';
import { OidcRefusal, REFUSAL_TEXT, refusalOf } from './refusal';

/** How long a sign-in may spend at the IdP (typing a PIN to a SITHS card included) before its state is refused. */
const STATE_LIFETIME_SECONDS = 600;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export type CallbackOutcome = { signedIn: SignedIn } | { refused: OidcRefusal };

/** What the sign-in page is to offer (GET /auth/methods). */
export interface SignInMethods {
  password: boolean;
  oidc: boolean;
}

class Refused extends Error {
  constructor(
    readonly refusal: OidcRefusal,
    readonly hsaId: string | null = null,
    readonly user: User | null = null,
  ) {
    super(REFUSAL_TEXT[refusal]);
  }
}

/**
 * OpenID Connect sign-in through the region's IdP (issue 18, #1): authorization code with PKCE
 * (S256), state and nonce kept server-side and spent once, the ID token checked by openid-client
 * (signature source, issuer, audience, nonce, expiry within OIDC_CLOCK_SKEW_SECONDS). The person is
 * found by the HSA-id claim; roles, centre and specialties stay the administrator's. A success opens
 * the same session as a password sign-in; every outcome is a login_attempt and an audit row.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly auth: AuthService,
  ) {}

  methods(): SignInMethods {
    return { password: this.config.passwordLogin, oidc: this.config.oidc !== undefined };
  }

  private settings(): OidcConfig {
    if (!this.config.oidc) throw ApiError.notFound('OpenID Connect sign-in (not configured here)');
    return this.config.oidc;
  }

  /** The IdP's metadata, fetched on first use and kept; a failed fetch is tried again next time. */
  private configuration(): Promise<oidc.Configuration> {
    const s = this.settings();
    this.discovered ??= oidc
      .discovery(
        new URL(s.issuer),
        s.clientId,
        { [oidc.clockTolerance]: s.clockSkewSeconds },
        s.clientSecret ? oidc.ClientSecretBasic(s.clientSecret) : oidc.None(),
        // http is allowed by the configuration for a loopback issuer only (the tests' provider).
        { execute: new URL(s.issuer).protocol === 'http:' ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((e: unknown) => {
        this.discovered = null;
        throw e;
      });
    return this.discovered;
  }

  /**
   * Starts a sign-in: the IdP's authorization URL, and the browser secret the controller puts in an
   * httpOnly cookie (the callback must come back to the browser that started it).
   */
  async begin(): Promise<{ url: string; browserSecret: string }> {
    const s = this.settings();
    let configuration: oidc.Configuration;
    try {
      configuration = await this.configuration();
    } catch (e) {
      this.logger.warn({ err: e }, "the IdP's metadata could not be fetched");
      throw new ApiError(503, 'The identity provider cannot be reached; try again in a moment', undefined, { code: 'idp_unavailable' });
    }
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    const browserSecret = randomBytes(32).toString('base64url');
    await this.dataSource.query('DELETE FROM oidc_login_state WHERE expires_at < now()');
    await this.dataSource.query(
      `INSERT INTO oidc_login_state (state_sha256, browser_sha256, nonce, code_verifier, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [sha256(state), sha256(browserSecret), nonce, verifier, STATE_LIFETIME_SECONDS],
    );
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: s.redirectUri,
      scope: s.scope,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, browserSecret };
  }

  /** The IdP's answer (the callback's query string): a session, or a refusal that says why. */
  async complete(query: string, browserSecret: string | undefined, clientIp: string | null, requestId: string): Promise<CallbackOutcome> {
    try {
      const user = await this.userOf(query, browserSecret);
      const signedIn = await this.auth.signIn(user, 'oidc', clientIp);
      await this.dataSource.transaction(async (m) => {
        await m.query('INSERT INTO login_attempt (username_key, client_ip, succeeded) VALUES ($1, $2, true)', [user.username, clientIp]);
        await writeAudit(m, this.contextOf(user, requestId, clientIp), {
          action: 'login',
          resourceType: 'Session',
          resourceId: signedIn.sessionId,
          outcome: 'success',
          reason: "signed in through the region's identity provider",
          detail: { method: 'oidc' },
        });
      });
      return { signedIn };
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      await this.recordRefusal(e, clientIp, requestId);
      return { refused: e.refusal };
    }
  }

  private async userOf(query: string, browserSecret: string | undefined): Promise<User> {
    const s = this.settings();
    const callback = new URL(s.redirectUri);
    callback.search = query;
    const state = callback.searchParams.get('state');
    if (!state || !browserSecret) throw new Refused('state');
    // Spent here whatever follows: a state is good for one answer of the IdP.
    const [row] = await rowsOf<{ browser_sha256: Buffer; nonce: string; code_verifier: string; fresh: boolean }>(
      this.dataSource,
      `DELETE FROM oidc_login_state WHERE state_sha256 = $1
       RETURNING browser_sha256, nonce, code_verifier, expires_at > now() AS fresh`,
      [sha256(state)],
    );
    if (!row || !row.fresh || !row.browser_sha256.equals(sha256(browserSecret))) throw new Refused('state');
    let claims: oidc.IDToken | undefined;
    try {
      const configuration = await this.configuration();
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: row.code_verifier,
        expectedState: state,
        expectedNonce: row.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (e) {
      const refusal = refusalOf(e);
      this.logger.warn({ refusal, error: (e as Error).message, code: (e as { code?: string }).code }, 'OIDC sign-in refused');
      throw new Refused(refusal);
    }
    const raw = claims?.[s.hsaIdClaim];
    const hsaId = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
    if (!HSA_ID.test(hsaId)) throw new Refused('no_hsa_id');
    const user = await this.dataSource.getRepository(User).createQueryBuilder('u').where('upper(u.hsaId) = :hsaId', { hsaId }).getOne();
    if (!user) throw new Refused('unknown_hsa_id', hsaId);
    if (!user.active) throw new Refused('deactivated', hsaId, user);
    return user;
  }

  private contextOf(user: User, requestId: string, clientIp: string | null): RequestContext {
    return {
      actor: actorOf(user),
      requestId,
      clientIp,
    };
  }

  /** A refusal is counted like a failed password (login_attempt) and audited, naming the HSA-id when there was one. */
  private async recordRefusal(r: Refused, clientIp: string | null, requestId: string): Promise<void> {
    const key = r.user ? r.user.username : `oidc:${(r.hsaId ?? '').toLowerCase()}`;
    const entry = {
      action: 'login' as const,
      resourceType: 'Session',
      outcome: 'denied' as const,
      reason: `OIDC sign-in refused: ${REFUSAL_TEXT[r.refusal]}`,
      detail: { method: 'oidc', refusal: r.refusal, hsaId: r.hsaId },
    };
    await this.dataSource.transaction(async (m) => {
      await m.query('INSERT INTO login_attempt (username_key, client_ip, succeeded) VALUES ($1, $2, false)', [key, clientIp]);
      if (r.user) return writeAudit(m, this.contextOf(r.user, requestId, clientIp), entry);
      // Nobody of ours: the row names the HSA-id the IdP vouched for, if any.
      await m.query(
        `INSERT INTO audit_event (action, resource_type, outcome, reason, request_id, client_ip, detail, actor_hsa_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [entry.action, entry.resourceType, entry.outcome, entry.reason, requestId, clientIp, JSON.stringify(entry.detail), r.hsaId],
      );
    });
  }
}
