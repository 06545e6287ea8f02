import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryPrepared } from '@app/database';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiError, IntervalJob } from '@app/common';
import type { RateKind } from './access.decorators';
import { Actor } from './actor';
import { User } from './organisation.entities';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { TokenService } from './token.service';

export interface LoginResult {
  accessToken: string;
  expiresAt: string;
  user: PublicUser;
}

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  role: User['role'];
  healthCentreId: string | null;
  clinicId: string | null;
  regionId: string;
  active?: boolean;
}

export function toPublicUser(u: Pick<User, keyof PublicUser>): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    healthCentreId: u.healthCentreId,
    clinicId: u.clinicId,
    regionId: u.regionId,
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
  ) {}

  onModuleInit(): void {
    if ((['write', 'preview', 'read'] as const).some((kind) => this.limitOf(kind) > 0)) this.pruneWriteCounters.start();
  }

  private limitOf(kind: RateKind): number {
    return { write: this.config.writeRatePerMinute, preview: this.config.previewRatePerMinute, read: this.config.readRatePerMinute }[kind];
  }

  onModuleDestroy(): Promise<void> {
    return this.pruneWriteCounters.stop();
  }

  /** Username and password. Failed attempts are counted in the database, so the limit holds across instances. */
  async loginWithPassword(username: string, password: string, clientIp: string | null): Promise<LoginResult> {
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
    await this.dataSource.query(
      'INSERT INTO login_attempt (username_key, client_ip, succeeded) VALUES ($1, $2, $3)',
      [key, clientIp, succeeded],
    );
    if (!succeeded || !user) throw ApiError.unauthorized('Wrong username or password');
    return this.issueFor(user);
  }

  /** The single exit of every sign-in method. */
  issueFor(user: User): LoginResult {
    const { accessToken, expiresAt } = this.tokens.issue({ sub: user.id, ver: user.tokenVersion });
    return { accessToken, expiresAt: expiresAt.toISOString(), user: toPublicUser(user) };
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
    const columns = `id, username, display_name AS "displayName", role, region_id AS "regionId", health_centre_id AS "healthCentreId",
              clinic_id AS "clinicId", active, token_version AS "tokenVersion"`;
    const [user] = await queryPrepared<Omit<User, 'createdAt' | 'passwordHash'> & { writes?: number }>(
      this.dataSource,
      limit > 0
        ? `WITH u AS (SELECT ${columns} FROM app_user WHERE id = $1),
                w AS (INSERT INTO write_rate (user_id, kind, window_start, writes)
                        SELECT id, $3, date_trunc('minute', now()), 1 FROM u WHERE active AND "tokenVersion" = $2
                      ON CONFLICT (user_id, kind, window_start) DO UPDATE SET writes = write_rate.writes + 1 RETURNING writes)
           SELECT u.*, (SELECT writes FROM w) AS writes FROM u`
        : `SELECT ${columns} FROM app_user WHERE id = $1`,
      limit > 0 ? [claims.sub, claims.ver, countAs] : [claims.sub],
    );
    if (!user || !user.active || user.tokenVersion !== claims.ver) return null;
    if (countAs && limit > 0 && (user.writes ?? 0) > limit) {
      const what = { write: 'changes', preview: 'previews', read: 'list reads' }[countAs];
      throw ApiError.tooManyRequests(`At most ${limit} ${what} a minute per user; wait a moment and send again`, 60 - new Date().getUTCSeconds());
    }
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      regionId: user.regionId,
      healthCentreId: user.healthCentreId,
      clinicId: user.clinicId,
    };
  }

  private readonly revokeListeners: Array<(userId: string) => void | Promise<void>> = [];

  /** Lets the realtime module end a user's sockets when her tokens end, without identity knowing sockets. */
  onRevoke(listener: (userId: string) => void | Promise<void>): void {
    this.revokeListeners.push(listener);
  }

  /** Ends every token of the user (logout everywhere, deactivation) and, through the listeners, her live connections. */
  async revokeTokens(userId: string): Promise<void> {
    await this.dataSource.query('UPDATE app_user SET token_version = token_version + 1, updated_at = now() WHERE id = $1', [
      userId,
    ]);
    for (const listener of this.revokeListeners) await listener(userId);
  }

  private async refuseWhenThrottled(key: string, clientIp: string | null): Promise<void> {
    const window = this.config.loginWindowSeconds;
    const rows: Array<{ by_user: string; by_ip: string }> = await this.dataSource.query(
      `SELECT
         count(*) FILTER (WHERE username_key = $1 AND NOT succeeded
           AND attempted_at > greatest(now() - make_interval(secs => $3),
             coalesce((SELECT max(attempted_at) FROM login_attempt WHERE username_key = $1 AND succeeded), '-infinity'))) AS by_user,
         count(*) FILTER (WHERE client_ip = $2 AND NOT succeeded AND attempted_at > now() - make_interval(secs => $3)) AS by_ip
       FROM login_attempt
       WHERE (username_key = $1 OR client_ip = $2) AND attempted_at > now() - make_interval(secs => $3)`,
      [key, clientIp, window],
    );
    const byUser = Number(rows[0]?.by_user ?? 0);
    const byIp = Number(rows[0]?.by_ip ?? 0);
    if (byUser >= this.config.loginMaxFailures || byIp >= this.config.loginMaxFailures * 10) {
      throw ApiError.tooManyRequests('Too many failed sign-in attempts; try again later', window);
    }
  }
}
