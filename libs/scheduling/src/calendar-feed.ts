import { createHash, randomBytes } from 'node:crypto';
import { Controller, Delete, Get, Header, HttpCode, Injectable, Module, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AuditService, feedCalendarOf } from '@app/audit';
import { ApiError } from '@app/common';
import { Actor, Allow, Ctx, Public, RequestContext, requestIdOf } from '@app/identity';
import { SchedulingModule } from './scheduling.module';
import { ClinicSessionsService } from './clinic-sessions.service';
import { CalendarFeedCreatedResponse, CalendarFeedInfoResponse } from './scheduling.responses';

/** Where a feed is served; the token is the only credential, so it is never logged or audited. */
export const FEED_PATH_PREFIX = '/api/v1/calendar/feed/';
/** 256 bits, base64url: 43 characters. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}\.ics$/;

export interface CalendarFeedInfo {
  active: boolean;
  createdAt: string | null;
  lastUsedAt: string | null;
}

export interface CalendarFeedCreated extends CalendarFeedInfo {
  /** The feed's path (prefix the api's origin); shown once, only its hash is kept. */
  path: string;
}

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Secret, revocable calendar feed URLs (a calendar application cannot send a Bearer token). The feed
 * is the one of `GET /calendar.ics` for the URL's owner: a specialist's own sessions, a nurse's centre's,
 * an admin's region's; sessions and booked times only, no patient names. Every read is audited.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: ClinicSessionsService,
  ) {}

  async info(ctx: RequestContext): Promise<CalendarFeedInfo> {
    const [row] = await this.dataSource.query(`SELECT created_at, last_used_at FROM calendar_feed_token WHERE user_id = $1`, [
      ctx.actor.userId,
    ]);
    return { active: !!row, createdAt: iso(row?.created_at ?? null), lastUsedAt: iso(row?.last_used_at ?? null) };
  }

  /** Creates the caller's feed URL, or renews it: the previous URL stops working at once. */
  async renew(ctx: RequestContext): Promise<CalendarFeedCreated> {
    // The request log keeps a path segment only when it is lowercase (apps/api/src/log-privacy.ts): a token
    // with a capital letter (all but one in five billion) is always masked there.
    let token: string;
    do token = randomBytes(TOKEN_BYTES).toString('base64url');
    while (!/[A-Z]/.test(token));
    const [row] = await this.dataSource.transaction(async (m) => {
      const rows = await m.query(
        `INSERT INTO calendar_feed_token (user_id, token_sha256) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET token_sha256 = EXCLUDED.token_sha256, created_at = now(), last_used_at = NULL
         RETURNING created_at, (xmax <> 0) AS renewed`,
        [ctx.actor.userId, sha256(token)],
      );
      await this.audit.record(m, ctx, {
        action: rows[0].renewed ? 'update' : 'create',
        resourceType: 'CalendarFeedUrl',
        resourceId: ctx.actor.userId,
        outcome: 'success',
      });
      return rows;
    });
    return { active: true, createdAt: iso(row.created_at), lastUsedAt: null, path: `${FEED_PATH_PREFIX}${token}.ics` };
  }

  async revoke(ctx: RequestContext): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [, deleted] = (await m.query(`DELETE FROM calendar_feed_token WHERE user_id = $1`, [ctx.actor.userId])) as [unknown, number];
      if (deleted === 0) throw ApiError.notFound('Calendar feed URL');
      await this.audit.record(m, ctx, {
        action: 'delete',
        resourceType: 'CalendarFeedUrl',
        resourceId: ctx.actor.userId,
        outcome: 'success',
      });
    });
  }

  /** The feed behind a URL; an unknown, renewed or revoked token, or a deactivated user, is 404. */
  async feed(file: string, requestId: string, clientIp: string | null): Promise<string> {
    if (!TOKEN_PATTERN.test(file)) throw ApiError.notFound('Calendar feed');
    const [u] = await this.dataSource
      .query(
        `UPDATE calendar_feed_token t SET last_used_at = now() FROM app_user u
        WHERE t.token_sha256 = $1 AND u.id = t.user_id AND u.active
        RETURNING u.id, u.username, u.display_name, u.role, u.region_id, u.health_centre_id, u.clinic_id`,
        [sha256(file.slice(0, -'.ics'.length))],
      )
      .then((r: [Array<Record<string, string | null>>, number]) => r[0]);
    if (!u) throw ApiError.notFound('Calendar feed');
    const actor: Actor = {
      userId: u.id!,
      username: u.username!,
      displayName: u.display_name!,
      role: u.role as Actor['role'],
      regionId: u.region_id!,
      healthCentreId: u.health_centre_id ?? null,
      clinicId: u.clinic_id ?? null,
    };
    const ctx: RequestContext = { actor, requestId, clientIp };
    const ics = await this.sessions.calendarFeed(ctx, feedCalendarOf(actor));
    await this.dataSource.transaction((m) =>
      this.audit.record(m, ctx, {
        action: 'read',
        resourceType: 'CalendarFeed',
        resourceId: actor.userId,
        outcome: 'success',
        detail: { via: 'feed-url' },
      }),
    );
    return ics;
  }
}

@ApiTags('calendar')
@Controller('calendar/feed')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  /** Whether the caller has a feed URL (the URL itself is shown only when created). */
  @ApiBearerAuth()
  @Allow('self', 'nurse', 'specialist', 'admin')
  @Get()
  @ZodResponse({ status: 200, type: CalendarFeedInfoResponse })
  info(@Ctx() ctx: RequestContext) {
    return this.feeds.info(ctx);
  }

  /** Creates or renews the caller's secret feed URL. */
  @ApiBearerAuth()
  @Allow('self', 'nurse', 'specialist', 'admin')
  @Post()
  @ZodResponse({ status: 201, type: CalendarFeedCreatedResponse })
  renew(@Ctx() ctx: RequestContext) {
    return this.feeds.renew(ctx);
  }

  @ApiBearerAuth()
  @Allow('self', 'nurse', 'specialist', 'admin')
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The URL revoked' })
  async revoke(@Ctx() ctx: RequestContext): Promise<void> {
    await this.feeds.revoke(ctx);
  }

  /** The feed for calendar applications: `{token}.ics`, no Authorization header. */
  @Public()
  @Get(':file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: "The URL owner's sessions as iCalendar (RFC 5545), without patient names", schema: { type: 'string' } })
  read(@Param('file') file: string, @Req() req: FastifyRequest) {
    // The request logger's id, as the access guard reads it for signed-in requests.
    return this.feeds.feed(file, requestIdOf(req), req.ip ?? null);
  }
}

@Module({ imports: [SchedulingModule], controllers: [CalendarFeedController], providers: [CalendarFeedService] })
export class CalendarFeedModule {}
