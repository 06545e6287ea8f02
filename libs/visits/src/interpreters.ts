import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Inject, Injectable, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '@app/audit';
import { ApiError, rowsOf } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Allow, AUDIT_INSERT, Ctx, Public, RequestContext, wellFormedJson } from '@app/identity';
import { JoinGrant, VIDEO_PROVIDER, VideoProvider } from './video-provider';
import { VisitsService } from './visits.service';

/**
 * An interpreter for a visit (issue 22): the patient's centre or the visit's specialist books one, and
 * the interpreter joins the video from outside by a one-time link, `<PUBLIC_BASE_URL>/i/<token>`, valid
 * from VISIT_JOIN_OPENS_MINUTES before the slot to its end. The link is the only credential (256 bits,
 * only its SHA-256 kept); its first use is the only one. With LiveKit the answer is a token for the
 * visit's room (at most 3 participants) under the identity `interpreter-<visit id>`. The embedded
 * peer-to-peer mode has two seats and no three-way connection yet: there the join answers 409 saying so.
 * Booking and joining are audited (the join as actor `interpreter:link`, naming the patient).
 */
const BookSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 language code in lowercase, e.g. ar, so, ti').optional(),
});
class BookInterpreterDto extends createZodDto(BookSchema) {}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export interface InterpreterBooking {
  visitId: string;
  language: string;
  /** The one-time link; shown only in this answer. */
  link: string;
  validFrom: string;
  validUntil: string;
}

@Injectable()
export class InterpreterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly visits: VisitsService,
    @Inject(VIDEO_PROVIDER) private readonly video: VideoProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async book(ctx: RequestContext, visitId: string, language: string | undefined): Promise<InterpreterBooking> {
    const result = await this.dataSource.transaction(async (m) => {
      const v = await this.visits.findVisit(m, visitId, true);
      if (!v || !this.visits.sideOf(ctx.actor, v)) return null;
      if (!['scheduled', 'waiting', 'in_progress'].includes(v.status) || v.end_at.getTime() <= Date.now()) {
        throw ApiError.conflict(`The visit is ${v.status === 'scheduled' ? 'over' : v.status}; no interpreter can join it`);
      }
      const [p] = await rowsOf<{ interpreter_language: string | null }>(m, 'SELECT interpreter_language FROM patient WHERE id = $1', [
        v.patient_id,
      ]);
      const lang = language ?? p?.interpreter_language ?? null;
      if (!lang) {
        throw ApiError.invalid('Which language?', [
          { field: 'language', reason: 'required: the patient has no interpreter language recorded' },
        ]);
      }
      let token: string;
      do token = randomBytes(32).toString('base64url');
      while (!/[A-Z]/.test(token));
      const validFrom = new Date(v.start_at.getTime() - this.config.visitJoinOpensMinutes * 60_000);
      // Booking again replaces the link: the earlier one stops working.
      await m.query(
        `INSERT INTO visit_interpreter (visit_id, language, token_sha256, valid_from, valid_until, booked_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (visit_id) DO UPDATE SET language = EXCLUDED.language, token_sha256 = EXCLUDED.token_sha256,
           valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until, booked_by = EXCLUDED.booked_by,
           booked_at = now(), used_at = NULL`,
        [visitId, lang, sha256(token), validFrom, v.end_at, ctx.actor.userId],
      );
      await this.audit.record(m, ctx, {
        action: 'create', resourceType: 'VisitInterpreter', resourceId: visitId, patientId: v.patient_id, outcome: 'success',
        detail: { language: lang },
      });
      return {
        visitId, language: lang, link: `${this.config.publicBaseUrl}/i/${token}`,
        validFrom: validFrom.toISOString(), validUntil: v.end_at.toISOString(),
      };
    });
    if (result) return result;
    await this.audit.recordDenied(ctx, {
      action: 'create', resourceType: 'VisitInterpreter', resourceId: visitId, reason: 'not a side of the visit',
    });
    throw ApiError.notFound('Visit');
  }

  /** The interpreter's one join: within the visit's window, once. */
  async join(token: string, caller: { requestId: string; clientIp: string | null }): Promise<JoinGrant & { language: string }> {
    if (!TOKEN_PATTERN.test(token)) throw ApiError.notFound('Link');
    const admitted = await this.dataSource.transaction(async (m) => {
      const [row] = await rowsOf<{
        visit_id: string; language: string; valid_from: Date; valid_until: Date; used_at: Date | null; room_name: string; status: string;
        patient_id: string; region_id: string; health_centre_id: string;
      }>(
        m,
        `SELECT i.visit_id, i.language, i.valid_from, i.valid_until, i.used_at, v.room_name, v.status, c.patient_id, c.region_id,
                v.health_centre_id
           FROM visit_interpreter i JOIN visit v ON v.id = i.visit_id JOIN triage_case c ON c.id = v.case_id
          WHERE i.token_sha256 = $1 FOR UPDATE OF i`,
        [sha256(token)],
      );
      if (!row) throw ApiError.notFound('Link');
      const now = Date.now();
      if (row.used_at) throw new ApiError(HttpStatus.GONE, 'The link has been used; ask the health centre for a new one');
      if (now > row.valid_until.getTime() || !['scheduled', 'waiting', 'in_progress'].includes(row.status)) {
        throw new ApiError(HttpStatus.GONE, 'The visit is over');
      }
      if (now < row.valid_from.getTime()) {
        throw ApiError.conflict(`The visit can be joined from ${row.valid_from.toISOString()}`, { opensAt: row.valid_from.toISOString() });
      }
      if (this.video.mode !== 'livekit') {
        throw ApiError.conflict('The embedded video mode has two seats: an interpreter joins visits run on LiveKit');
      }
      await m.query('UPDATE visit_interpreter SET used_at = now() WHERE visit_id = $1', [row.visit_id]);
      await m.query(AUDIT_INSERT, [
        null, 'interpreter:link', 'interpreter', 'health_centre', row.health_centre_id, row.region_id, row.patient_id, 'execute', 'Visit',
        row.visit_id, 'success', null, caller.requestId, caller.clientIp,
        wellFormedJson({ via: 'interpreter-link', change: 'interpreter joined', language: row.language }), null,
      ]);
      return row;
    });
    await this.video.prepareRoom(admitted.room_name);
    const grant = await this.video.grant(admitted.room_name, {
      userId: `interpreter-${admitted.visit_id}`, displayName: `Tolk (${admitted.language})`,
    });
    return { ...grant, language: admitted.language };
  }
}

@ApiTags('visits')
@Controller()
export class InterpretersController {
  constructor(private readonly interpreters: InterpreterService) {}

  /** Books an interpreter (the patient's recorded language unless `language` is given): a one-time link. */
  @ApiBearerAuth()
  @Allow('nurse', 'specialist')
  @Post('visits/:id/interpreter')
  book(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() dto: BookInterpreterDto,
  ) {
    return this.interpreters.book(ctx, id, dto.language);
  }

  /** The interpreter's join: no sign-in, the one-time link's token is the credential. */
  @Public()
  @Post('i/:token/join')
  @HttpCode(200)
  join(@Param('token') token: string, @Req() req: FastifyRequest) {
    const id = (req.raw as { id?: unknown }).id;
    return this.interpreters.join(token, {
      requestId: typeof id === 'string' || typeof id === 'number' ? String(id) : randomUUID(),
      clientIp: req.ip ?? null,
    });
  }
}
