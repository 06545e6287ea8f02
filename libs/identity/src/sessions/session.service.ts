import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiError, rowsOf } from '@app/common';
import type { Actor, RequestContext } from '../actor';
import { writeAudit } from '../audit-row';

/** The refresh cookie: sent by the browser to the refresh route only (issue 18, #3). */
export const REFRESH_COOKIE = 'ledtriage_refresh';
export const REFRESH_PATH = '/api/v1/auth/refresh';
/** The header a refresh must carry: a cross-site page cannot send it without a CORS preflight, which the api refuses. */
export const REFRESH_HEADER = 'x-ledtriage-refresh';

export type SessionEndReason = 'logout' | 'logout_everywhere' | 'reuse' | 'admin' | 'idle' | 'absolute' | 'revoked';

export interface OpenedSession {
  sessionId: string;
  userId: string;
  refreshToken: string;
  absoluteExpiresAt: Date;
}

export interface SessionView {
  id: string;
  method: 'password' | 'oidc';
  createdAt: string;
  lastRefreshedAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  current?: boolean;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
/** 256 random bits; the session id in front lets a reused token be told apart from a made-up one without a second lookup. */
const newRefreshToken = (): string => randomBytes(32).toString('base64url');
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sessions with rotating refresh tokens. A sign-in opens one with an idle deadline (pushed on by
 * every refresh, measured from the user's last input in the browser) and an absolute one (never
 * moved). Each refresh spends the presented token and answers a new one in the same transaction;
 * a spent token presented again means it was copied, and the whole session ends.
 */
@Injectable()
export class SessionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async open(
    userId: string,
    method: 'password' | 'oidc',
    clientIp: string | null,
    m: Pick<EntityManager, 'query'> = this.dataSource,
  ): Promise<OpenedSession> {
    const refreshToken = newRefreshToken();
    const [row] = await rowsOf<{ id: string; absolute_expires_at: Date }>(
      m,
      `WITH s AS (
         INSERT INTO auth_session (user_id, method, client_ip, idle_expires_at, absolute_expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => least($4::int, $5::int)), now() + make_interval(secs => $5::int))
         RETURNING id, absolute_expires_at)
       INSERT INTO refresh_token (token_sha256, session_id) SELECT $6, id FROM s RETURNING session_id AS id,
         (SELECT absolute_expires_at FROM s)`,
      [userId, method, clientIp, this.config.sessionIdleSeconds, this.config.sessionAbsoluteSeconds, sha256(refreshToken)],
    );
    return { sessionId: row!.id, userId, refreshToken, absoluteExpiresAt: new Date(row!.absolute_expires_at) };
  }

  /**
   * Spends a refresh token and answers the next. `idleSeconds` is how long the browser has seen no
   * input (a tab left open keeps renewing, but an unattended workstation still times out); absent, the
   * refresh itself counts as use. Every refusal is a 401; a reuse or a deadline passed ends the session.
   */
  async refresh(
    presented: string | undefined,
    idleSeconds: number | null,
    clientIp: string | null,
  ): Promise<OpenedSession & { tokenVersion: number }> {
    if (!presented || !TOKEN_SHAPE.test(presented)) throw ApiError.unauthorized('No session: sign in again');
    const outcome = await this.dataSource.transaction(async (m) => {
      const [row] = await rowsOf<{
        session_id: string;
        spent: boolean;
        user_id: string;
        ended: boolean;
        idle_passed: boolean;
        absolute_passed: boolean;
        active_since_deadline: boolean;
        user_active: boolean;
        token_version: number;
        absolute_expires_at: Date;
        username: string;
        role: Actor['role'];
        region_id: string;
        health_centre_id: string | null;
        clinic_id: string | null;
        display_name: string;
      }>(
        m,
        `SELECT t.session_id, t.spent_at IS NOT NULL AS spent, s.user_id, s.ended_at IS NOT NULL AS ended,
                s.idle_expires_at <= now() AS idle_passed, s.absolute_expires_at <= now() AS absolute_passed,
                s.absolute_expires_at, u.active AS user_active, u.token_version, u.username, u.role, u.region_id,
                u.health_centre_id, u.clinic_id, u.display_name
           FROM refresh_token t JOIN auth_session s ON s.id = t.session_id JOIN app_user u ON u.id = s.user_id
          WHERE t.token_sha256 = $1
          FOR UPDATE OF t, s`,
        [sha256(presented)],
      );
      if (!row) return { refused: 'No session: sign in again' } as const;
      const ctx: RequestContext = {
        actor: {
          userId: row.user_id,
          username: row.username,
          displayName: row.display_name,
          role: row.role,
          regionId: row.region_id,
          healthCentreId: row.health_centre_id,
          clinicId: row.clinic_id,
        },
        requestId: `refresh:${row.session_id}`,
        clientIp,
      };
      if (row.ended) return { refused: 'The session has ended: sign in again' } as const;
      const reason: SessionEndReason | null = row.spent
        ? 'reuse'
        : row.absolute_passed
          ? 'absolute'
          : row.idle_passed
            ? 'idle'
            : !row.user_active
              ? 'revoked'
              : null;
      if (reason) {
        await this.endWhere(m, 'id = $1', [row.session_id], reason);
        if (reason === 'reuse') {
          // A copied token: on the record, and the session's other holder (the real user or the copier) is out too.
          await writeAudit(m, ctx, {
            action: 'login',
            resourceType: 'Session',
            resourceId: row.session_id,
            outcome: 'denied',
            reason: 'a spent refresh token was presented again; the session was ended',
          });
        }
        return {
          refused:
            reason === 'reuse'
              ? 'This refresh token was already used: the session is ended, sign in again'
              : 'The session has expired: sign in again',
          ended: row.session_id,
        } as const;
      }
      const next = newRefreshToken();
      const idle = Math.max(0, Math.min(idleSeconds ?? 0, this.config.sessionIdleSeconds));
      await m.query('UPDATE refresh_token SET spent_at = now() WHERE token_sha256 = $1', [sha256(presented)]);
      await m.query('INSERT INTO refresh_token (token_sha256, session_id) VALUES ($1, $2)', [sha256(next), row.session_id]);
      // The idle deadline runs from the user's last input, so a refresh of an untouched tab does not push it on.
      const [moved] = await rowsOf<{ still_idle_ok: boolean }>(
        m,
        `UPDATE auth_session SET last_refreshed_at = now(),
                idle_expires_at = least(absolute_expires_at, now() + make_interval(secs => $2::int - $3::int))
          WHERE id = $1 RETURNING idle_expires_at > now() AS still_idle_ok`,
        [row.session_id, this.config.sessionIdleSeconds, idle],
      );
      if (!moved!.still_idle_ok) {
        await this.endWhere(m, 'id = $1', [row.session_id], 'idle');
        return { refused: 'The session has expired: sign in again', ended: row.session_id } as const;
      }
      return {
        session: {
          sessionId: row.session_id,
          userId: row.user_id,
          refreshToken: next,
          absoluteExpiresAt: new Date(row.absolute_expires_at),
          tokenVersion: row.token_version,
        },
      } as const;
    });
    if ('refused' in outcome) {
      if ('ended' in outcome && outcome.ended) for (const l of this.endListeners) await l(outcome.ended);
      throw ApiError.unauthorized(outcome.refused);
    }
    return outcome.session;
  }

  private readonly endListeners: Array<(sessionId: string) => void | Promise<void>> = [];

  /** Lets the realtime module close the sockets of an ended session. */
  onEnd(listener: (sessionId: string) => void | Promise<void>): void {
    this.endListeners.push(listener);
  }

  /** Ends one session (sign out on this device). */
  async end(sessionId: string, reason: SessionEndReason): Promise<void> {
    await this.endWhere(this.dataSource, 'id = $1', [sessionId], reason);
    for (const l of this.endListeners) await l(sessionId);
  }

  /** Ends every live session of a user (sign out everywhere, an admin's decision, deactivation). */
  async endAllOf(userId: string, reason: SessionEndReason, m: Pick<EntityManager, 'query'> = this.dataSource): Promise<number> {
    return this.endWhere(m, 'user_id = $1', [userId], reason);
  }

  private async endWhere(m: Pick<EntityManager, 'query'>, where: string, params: unknown[], reason: SessionEndReason): Promise<number> {
    const rows = await rowsOf<{ id: string }>(
      m,
      `UPDATE auth_session SET ended_at = now(), end_reason = $${params.length + 1} WHERE ${where} AND ended_at IS NULL RETURNING id`,
      [...params, reason],
    );
    return rows.length;
  }

  /** A user's live sessions, newest first. */
  async liveOf(userId: string, currentSessionId?: string): Promise<SessionView[]> {
    const rows = await rowsOf<{
      id: string;
      method: 'password' | 'oidc';
      created_at: Date;
      last_refreshed_at: Date;
      idle_expires_at: Date;
      absolute_expires_at: Date;
    }>(
      this.dataSource,
      `SELECT id, method, created_at, last_refreshed_at, idle_expires_at, absolute_expires_at FROM auth_session
        WHERE user_id = $1 AND ended_at IS NULL AND idle_expires_at > now() ORDER BY created_at DESC LIMIT 100`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      method: r.method,
      createdAt: r.created_at.toISOString(),
      lastRefreshedAt: r.last_refreshed_at.toISOString(),
      idleExpiresAt: r.idle_expires_at.toISOString(),
      absoluteExpiresAt: r.absolute_expires_at.toISOString(),
      ...(currentSessionId ? { current: r.id === currentSessionId } : {}),
    }));
  }

  /** Ended and expired sessions are of no use after a day (their tokens go with them). */
  async prune(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM auth_session WHERE id IN (SELECT id FROM auth_session
        WHERE coalesce(ended_at, least(idle_expires_at, absolute_expires_at)) < now() - interval '1 day' LIMIT 1000)`,
    );
  }
}
