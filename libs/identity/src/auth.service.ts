import { HttpStatus, Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryPrepared } from '@app/database';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiError, IntervalJob, rowsOf } from '@app/common';
import type { RateKind } from './access.decorators';
import { Actor, actorOf, RequestContext } from './actor';
import { writeAudit } from './audit-row';
import { backoffSeconds, passwordProblems } from './core';
import { User } from './organisation.entities';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { SessionService } from './sessions/session.service';
import { TokenService } from './token.service';

export interface LoginResult {
  accessToken: string;
  expiresAt: string;
  user: PublicUser;
}

/** A sign-in's answer and the refresh token the controller puts in the cookie (never in the body). */
export interface SignedIn {
  result: LoginResult;
  /** The session the sign-in opened (audit rows name it). */
  sessionId: string;
  refresh: { token: string; expiresAt: Date };
}

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  role: User['role'];
  healthCentreId: string | null;
  clinicId: string | null;
  regionId: string;
  hsaId?: string | null;
  active?: boolean;
}

export function toPublicUser(u: Pick<User, Exclude<keyof PublicUser, 'hsaId'>> & { hsaId?: string | null }): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    healthCentreId: u.healthCentreId,
    clinicId: u.clinicId,
    regionId: u.regionId,
    hsaId: u.hsaId ?? null,
  };
}

@Injectable()
export class AuthService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuthService.name);
  /** Past minutes' write counters are of no use: dropped every minute (by any instance, harmlessly twice). */
  private readonly pruneWriteCounters = new IntervalJob(
    60,
    () => this.dataSource.query(`DELETE FROM write_rate WHERE window_start < now() - interval '2 minutes'`),
    (e) => this.logger.warn({ err: e }, 'pruning write counters failed'),
  );

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
  ) {}

  /** Sessions ended or expired more than a day ago are deleted with their refresh tokens. */
  private readonly pruneSessions = new IntervalJob(
    3600,
    () => this.sessions.prune(),
    (e) => this.logger.warn({ err: e }, 'pruning sessions failed'),
  );

  onModuleInit(): void {
    if ((['write', 'preview', 'read'] as const).some((kind) => this.limitOf(kind) > 0)) this.pruneWriteCounters.start();
    this.pruneSessions.start();
  }

  private limitOf(kind: RateKind): number {
    return { write: this.config.writeRatePerMinute, preview: this.config.previewRatePerMinute, read: this.config.readRatePerMinute }[kind];
  }

  async onModuleDestroy(): Promise<void> {
    await this.pruneWriteCounters.stop();
    await this.pruneSessions.stop();
  }

  /** Username and password. Failed attempts are counted in the database, so the limit holds across instances. */
  async loginWithPassword(username: string, password: string, clientIp: string | null): Promise<SignedIn> {
    if (!this.config.passwordLogin) {
      const message = "Password sign-in is switched off here: sign in through the region's identity provider (SITHS)";
      throw new ApiError(HttpStatus.FORBIDDEN, message, undefined, { code: 'password_login_off' });
    }
    const key = username.trim().toLowerCase();
    await this.refuseWhenThrottled(key, clientIp);
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :key', { key })
      .getOne();
    const ok = user?.passwordHash
      ? await verifyPassword(user.passwordHash, password)
      : (await verifyPassword(await dummyPasswordHash(), password), false);
    const succeeded = ok && user !== null && user.active;
    await this.dataSource.query('INSERT INTO login_attempt (username_key, client_ip, succeeded) VALUES ($1, $2, $3)', [
      key,
      clientIp,
      succeeded,
    ]);
    if (!succeeded || !user) throw ApiError.unauthorized('Wrong username or password');
    return this.signIn(user, 'password', clientIp);
  }

  /** The single exit of every sign-in method: a new session, its first access token and refresh token. */
  async signIn(user: User, method: 'password' | 'oidc', clientIp: string | null): Promise<SignedIn> {
    const session = await this.sessions.open(user.id, method, clientIp);
    const { accessToken, expiresAt } = this.tokens.issue({ sub: user.id, ver: user.tokenVersion, sid: session.sessionId });
    return {
      result: { accessToken, expiresAt: expiresAt.toISOString(), user: toPublicUser(user) },
      sessionId: session.sessionId,
      refresh: { token: session.refreshToken, expiresAt: session.absoluteExpiresAt },
    };
  }

  /** The refresh cookie spent for the next one and a new access token (issue 18, #3). */
  async refresh(
    presented: string | undefined,
    idleSeconds: number | null,
    clientIp: string | null,
  ): Promise<{ accessToken: string; expiresAt: string; refresh: SignedIn['refresh'] }> {
    const s = await this.sessions.refresh(presented, idleSeconds, clientIp);
    const { accessToken, expiresAt } = this.tokens.issue({ sub: s.userId, ver: s.tokenVersion, sid: s.sessionId });
    return { accessToken, expiresAt: expiresAt.toISOString(), refresh: { token: s.refreshToken, expiresAt: s.absoluteExpiresAt } };
  }

  /** Signs out this device: its session ends, and with it its access tokens and sockets. */
  endSession(sessionId: string): Promise<void> {
    return this.sessions.end(sessionId, 'logout');
  }

  liveSessions(userId: string, currentSessionId?: string) {
    return this.sessions.liveOf(userId, currentSessionId);
  }

  /**
   * The caller behind a token, or null: the user must still be active and the token not revoked. With
   * `countAs`, the same statement counts the request against the user's per-minute limit of that kind
   * (in PostgreSQL, so every instance shares the count) and throws 429 past it.
   */
  async actorFromToken(token: string, countAs: RateKind | null = null): Promise<Actor | null> {
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    const limit = countAs ? this.limitOf(countAs) : 0;
    // On every request: a prepared plain query rather than the ORM's, it is the hottest read there is.
    // The token's session must be live too: signing out ends its tokens at once, not when they expire.
    const columns = `id, username, display_name AS "displayName", role, region_id AS "regionId", health_centre_id AS "healthCentreId",
              clinic_id AS "clinicId", active, token_version AS "tokenVersion",
              EXISTS (SELECT 1 FROM auth_session s WHERE s.id = $2::uuid AND s.user_id = app_user.id AND s.ended_at IS NULL
                        AND s.idle_expires_at > now()) AS "sessionLive"`;
    const [user] = await queryPrepared<Omit<User, 'createdAt' | 'passwordHash'> & { writes?: number; sessionLive: boolean }>(
      this.dataSource,
      limit > 0
        ? `WITH u AS (SELECT ${columns} FROM app_user WHERE id = $1),
                w AS (INSERT INTO write_rate (user_id, kind, window_start, writes)
                        SELECT id, $4, date_trunc('minute', now()), 1 FROM u WHERE active AND "tokenVersion" = $3 AND "sessionLive"
                      ON CONFLICT (user_id, kind, window_start) DO UPDATE SET writes = write_rate.writes + 1 RETURNING writes)
           SELECT u.*, (SELECT writes FROM w) AS writes FROM u`
        : `SELECT ${columns} FROM app_user WHERE id = $1`,
      limit > 0 ? [claims.sub, claims.sid, claims.ver, countAs] : [claims.sub, claims.sid],
    );
    if (!user || !user.active || user.tokenVersion !== claims.ver || !user.sessionLive) return null;
    if (countAs && limit > 0 && (user.writes ?? 0) > limit) {
      const what = { write: 'changes', preview: 'previews', read: 'list reads' }[countAs];
      throw ApiError.tooManyRequests(
        `At most ${limit} ${what} a minute per user; wait a moment and send again`,
        60 - new Date().getUTCSeconds(),
      );
    }
    return actorOf(user);
  }

  private readonly revokeListeners: Array<(userId: string) => void | Promise<void>> = [];

  /** Lets the realtime module end a user's sockets when her tokens end, without identity knowing sockets. */
  onRevoke(listener: (userId: string) => void | Promise<void>): void {
    this.revokeListeners.push(listener);
  }

  /**
   * Ends every session and token of the user (sign out everywhere, an admin's decision, deactivation)
   * and, through the listeners, her live connections.
   */
  async revokeTokens(userId: string, reason: 'logout_everywhere' | 'admin' | 'revoked' = 'revoked'): Promise<number> {
    const ended = await this.dataSource.transaction(async (m) => {
      await m.query('UPDATE app_user SET token_version = token_version + 1, updated_at = now() WHERE id = $1', [userId]);
      return this.sessions.endAllOf(userId, reason, m);
    });
    for (const listener of this.revokeListeners) await listener(userId);
    return ended;
  }

  /** An admin ends every session of a user of her region: tokens, refresh cookies and sockets; audited with the change. */
  async endSessionsOf(ctx: RequestContext, userId: string): Promise<{ userId: string; endedSessions: number }> {
    const ended = await this.dataSource.transaction(async (m) => {
      const [user] = await rowsOf<{ username: string }>(
        m,
        `UPDATE app_user SET token_version = token_version + 1, updated_at = now() WHERE id = $1 AND region_id = $2 RETURNING username`,
        [userId, ctx.actor.regionId],
      );
      if (!user) return null;
      const n = await this.sessions.endAllOf(userId, 'admin', m);
      await writeAudit(m, ctx, {
        action: 'update',
        resourceType: 'User',
        resourceId: userId,
        outcome: 'success',
        reason: 'sessions ended by an administrator',
        detail: { change: 'end-sessions', endedSessions: n, username: user.username },
      });
      return n;
    });
    if (ended === null) throw ApiError.notFound('User');
    for (const listener of this.revokeListeners) await listener(userId);
    return { userId, endedSessions: ended };
  }

  /**
   * A user changes her own password: the current one must be right (a wrong one counts as a failed
   * sign-in of her username from this address, so the route cannot be used to guess), the new one must
   * pass the policy. Every token of hers ends (other devices signed out, sockets closed); this device
   * gets a new token. Audited in the same transaction.
   */
  async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<SignedIn> {
    const key = ctx.actor.username.trim().toLowerCase();
    await this.refuseWhenThrottled(key, ctx.clientIp);
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: ctx.actor.userId })
      .getOneOrFail();
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
      await this.dataSource.query('INSERT INTO login_attempt (username_key, client_ip, succeeded) VALUES ($1, $2, false)', [
        key,
        ctx.clientIp,
      ]);
      throw ApiError.invalid('The current password is wrong', [{ field: 'currentPassword', reason: 'is not your current password' }]);
    }
    const problems = passwordProblems(newPassword, user.username).map((p) => ({ field: 'newPassword', reason: p.en }));
    if (newPassword === currentPassword) problems.push({ field: 'newPassword', reason: 'must differ from the current password' });
    if (problems.length > 0) throw ApiError.invalid('The new password is not accepted', problems);
    const passwordHash = await hashPassword(newPassword);
    const tokenVersion = await this.dataSource.transaction(async (m) => {
      const [row] = await rowsOf<{ token_version: number }>(
        m,
        `UPDATE app_user SET password_hash = $2, token_version = token_version + 1, updated_at = now()
          WHERE id = $1 RETURNING token_version`,
        [user.id, passwordHash],
      );
      await this.sessions.endAllOf(user.id, 'revoked', m);
      await writeAudit(m, ctx, {
        action: 'update',
        resourceType: 'User',
        resourceId: user.id,
        outcome: 'success',
        reason: 'own password changed; other sessions ended',
      });
      return row!.token_version;
    });
    for (const listener of this.revokeListeners) await listener(user.id);
    return this.signIn({ ...user, tokenVersion }, 'password', ctx.clientIp);
  }

  /**
   * Failed sign-ins cost time, never the account (#15.10): per username and client address, the first
   * LOGIN_MAX_FAILURES are free, then each failure doubles the wait (from LOGIN_BACKOFF_SECONDS up to
   * LOGIN_WINDOW_SECONDS). A guesser spread over many addresses meets the same back-off per username
   * after ten times as many failures, and one address guessing many usernames after ten times as many.
   * A success of the pair (or of the username, for the username's count) starts the count again.
   */
  private async refuseWhenThrottled(key: string, clientIp: string | null): Promise<void> {
    const window = this.config.loginWindowSeconds;
    type Counts = Record<'pair_n' | 'pair_since' | 'user_n' | 'user_since' | 'ip_n' | 'ip_since', string | null>;
    const rows: Counts[] = await this.dataSource.query(
      `WITH recent AS (
         SELECT username_key = $1 AS same_user, client_ip IS NOT DISTINCT FROM $2 AS same_ip, succeeded, attempted_at
           FROM login_attempt
          WHERE (username_key = $1 OR client_ip = $2 OR ($2::text IS NULL AND client_ip IS NULL))
            AND attempted_at > now() - make_interval(secs => $3)
       ), ok AS (
         SELECT coalesce(max(attempted_at) FILTER (WHERE same_user AND same_ip), '-infinity') AS pair,
                coalesce(max(attempted_at) FILTER (WHERE same_user), '-infinity') AS username
           FROM recent WHERE succeeded
       ), failed AS (
         SELECT r.*, r.same_user AND r.same_ip AND r.attempted_at > ok.pair AS pair,
                r.same_user AND r.attempted_at > ok.username AS username
           FROM recent r CROSS JOIN ok WHERE NOT r.succeeded
       )
       SELECT count(*) FILTER (WHERE pair) AS pair_n,
              extract(epoch FROM now() - max(attempted_at) FILTER (WHERE pair)) AS pair_since,
              count(*) FILTER (WHERE username) AS user_n,
              extract(epoch FROM now() - max(attempted_at) FILTER (WHERE username)) AS user_since,
              count(*) FILTER (WHERE same_ip) AS ip_n,
              extract(epoch FROM now() - max(attempted_at) FILTER (WHERE same_ip)) AS ip_since
         FROM failed`,
      [key, clientIp, window],
    );
    const r = rows[0]!;
    const free = this.config.loginMaxFailures;
    const policy = (freeFailures: number) => ({ freeFailures, baseSeconds: this.config.loginBackoffSeconds, maxSeconds: window });
    const wait = Math.max(
      backoffSeconds(Number(r.pair_n ?? 0), Number(r.pair_since ?? 0), policy(free)),
      backoffSeconds(Number(r.user_n ?? 0), Number(r.user_since ?? 0), policy(free * 10)),
      backoffSeconds(Number(r.ip_n ?? 0), Number(r.ip_since ?? 0), policy(free * 10)),
    );
    if (wait > 0) {
      const retryAt = new Date(Date.now() + wait * 1000);
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, `Too many failed sign-ins; try again in ${wait} seconds`, undefined, {
        retryAfterSeconds: wait,
        retryAt: retryAt.toISOString(),
      });
    }
  }
}
