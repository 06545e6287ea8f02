import { Body, Controller, Get, Header, Inject, Injectable, OnApplicationShutdown, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiCreatedResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditService, centresInScope } from '@app/audit';
import { ApiError, rowsOf } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { LoggingNoticeSender, Notice, NoticeSender } from '../notices';
import { UndeliveredNoticesResponse } from '../scheduling.responses';
import { Letter, renderLetterBatch } from './letters';
import { sendSms } from './sms-gateway';
import { SmtpMailer } from './smtp-mail';

/**
 * The outbox's sender (issue 22): each notice by its channel. SMS through the HTTP gateway, e-mail
 * through SMTP, each only when configured (else logged, as in development); a letter is "sent" when it
 * is ready to print: the centre's staff print the batch (POST /notices/letter-batches) and post it.
 * A letter for a patient without a postal address fails, and is retried, until the centre records one.
 */
@Injectable()
export class NoticeChannels implements NoticeSender, OnApplicationShutdown {
  private readonly log = new LoggingNoticeSender();
  private readonly mailer: SmtpMailer | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.mailer = config.smtp ? new SmtpMailer(config.smtp.url, config.smtp.from) : undefined;
  }

  onApplicationShutdown(): void {
    this.mailer?.close();
  }

  async send(notice: Notice): Promise<void> {
    switch (notice.channel) {
      case 'sms':
        if (!this.config.sms) return this.log.send(notice);
        if (!notice.recipient) throw new Error('no mobile number');
        return sendSms(this.config.sms, notice.recipient, notice.body, AbortSignal.timeout(30_000));
      case 'email':
        if (!this.mailer) return this.log.send(notice);
        if (!notice.recipient) throw new Error('no e-mail address');
        return this.mailer.send(notice.recipient, notice.subject ?? 'Meddelande från hälsocentralen', notice.body);
      case 'letter': {
        const [p] = await this.dataSource.query(
          `SELECT p.postal_address FROM notice_outbox o JOIN patient p ON p.id = o.patient_id WHERE o.id = $1`,
          [notice.id],
        );
        if (!p?.postal_address) throw new Error('the patient has no postal address, no mobile number and no e-mail address');
        return; // ready for the centre's next printed batch
      }
    }
  }
}

const CentreQuery = z.strictObject({ healthCentreId: z.uuid().optional() });
class CentreQueryDto extends createZodDto(CentreQuery) {}
const LetterBatchSchema = z.strictObject({ healthCentreId: z.uuid() });
class LetterBatchDto extends createZodDto(LetterBatchSchema) {}

export interface UndeliveredNotice {
  id: string;
  kind: string;
  channel: string;
  status: 'pending' | 'failed';
  attempts: number;
  /** Why the last attempt failed (the gateway's status, a missing address, no contact details of the centre). */
  reason: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  healthCentreId: string;
  patient: { id: string; name: string };
  visitId: string | null;
}

/** The centre's staff: notices that did not reach the patient, and the letters to print. */
@Injectable()
export class NoticeStaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Failed notices, and pending ones that have failed at least once, newest first (at most 200). */
  async undelivered(
    ctx: RequestContext,
    healthCentreId: string | undefined,
  ): Promise<{ items: UndeliveredNotice[]; lettersToPrint: number }> {
    const centres = await centresInScope(this.dataSource.manager, ctx.actor, healthCentreId);
    return this.dataSource.transaction(async (m) => {
      const rows = await rowsOf<{
        id: string;
        kind: string;
        channel: string;
        status: 'pending' | 'failed';
        attempts: number;
        last_error: string | null;
        created_at: Date;
        next_attempt_at: Date;
        health_centre_id: string;
        patient_id: string;
        name: string;
        visit_id: string | null;
      }>(
        m,
        `SELECT o.id::text, o.kind, o.channel, o.status, o.attempts, o.last_error, o.created_at, o.next_attempt_at, o.health_centre_id,
                o.patient_id, p.name, o.visit_id
           FROM notice_outbox o JOIN patient p ON p.id = o.patient_id
          WHERE o.health_centre_id = ANY($1::uuid[])
            AND (o.status = 'failed' OR (o.status = 'pending' AND o.last_error IS NOT NULL))
          ORDER BY o.created_at DESC LIMIT 200`,
        [centres],
      );
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM notice_outbox
          WHERE health_centre_id = ANY($1::uuid[]) AND channel = 'letter' AND status = 'sent' AND letter_batch_id IS NULL`,
        [centres],
      );
      await this.audit.recordList(m, ctx, {
        resourceType: 'Notice',
        name: 'undelivered-notices',
        query: { healthCentreId },
        items: rows.map((r) => ({ id: r.id, patientId: r.patient_id })),
      });
      return {
        lettersToPrint: n as number,
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          channel: r.channel,
          status: r.status,
          attempts: r.attempts,
          reason: r.last_error,
          createdAt: r.created_at.toISOString(),
          nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
          healthCentreId: r.health_centre_id,
          patient: { id: r.patient_id, name: r.name },
          visitId: r.visit_id,
        })),
      };
    });
  }

  /** Takes every letter ready to print at the centre into one batch and answers its PDF; 404 when there are none. */
  async printBatch(ctx: RequestContext, healthCentreId: string): Promise<{ id: string; pdf: Buffer }> {
    const [centre] = await centresInScope(this.dataSource.manager, ctx.actor, healthCentreId);
    let batchId = '';
    const letters = await this.dataSource.transaction(async (m) => {
      const rows = await rowsOf<{
        id: string;
        patient_id: string;
        name: string;
        postal_address: string;
        subject: string | null;
        body: string;
        created_at: Date;
        hc_name: string;
        hc_phone: string | null;
        hc_address: string | null;
      }>(
        m,
        `SELECT o.id::text, o.patient_id, p.name, p.postal_address, o.subject, o.body, o.created_at, h.name AS hc_name, h.phone AS hc_phone,
                h.address AS hc_address
           FROM notice_outbox o JOIN patient p ON p.id = o.patient_id JOIN health_centre h ON h.id = o.health_centre_id
          WHERE o.health_centre_id = $1 AND o.channel = 'letter' AND o.status = 'sent' AND o.letter_batch_id IS NULL
          ORDER BY o.created_at LIMIT 500
          FOR UPDATE OF o SKIP LOCKED`,
        [centre],
      );
      if (rows.length === 0) throw ApiError.notFound('Letters to print');
      const [batch] = await m.query(
        `INSERT INTO notice_letter_batch (health_centre_id, created_by, letters) VALUES ($1, $2, $3) RETURNING id`,
        [centre, ctx.actor.userId, rows.length],
      );
      await m.query(`UPDATE notice_outbox SET letter_batch_id = $2 WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id), batch.id]);
      // Printing reads the patients' names and addresses: one row for the batch, naming every patient.
      await this.audit.record(m, ctx, {
        action: 'create',
        resourceType: 'LetterBatch',
        resourceId: batch.id,
        outcome: 'success',
        detail: { healthCentreId: centre, noticeIds: rows.map((r) => r.id), patientIds: [...new Set(rows.map((r) => r.patient_id))] },
      });
      batchId = batch.id as string;
      return rows.map((r): Letter => ({
        patientName: r.name,
        postalAddress: r.postal_address,
        centreName: r.hc_name,
        centrePhone: r.hc_phone,
        centreAddress: r.hc_address,
        subject: r.subject ?? 'Meddelande från hälsocentralen',
        body: r.body,
        createdAt: r.created_at,
      }));
    });
    return { id: batchId, pdf: await renderLetterBatch(letters) };
  }
}

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticeStaffController {
  constructor(private readonly notices: NoticeStaffService) {}

  /** Notices that did not reach their patient (with the reason) and how many letters wait to be printed. */
  @Allow('centre', 'nurse', 'admin')
  @RateLimit('read')
  @Get('undelivered')
  @ZodResponse({ status: 200, type: UndeliveredNoticesResponse })
  undelivered(@Ctx() ctx: RequestContext, @Query() q: CentreQueryDto) {
    return this.notices.undelivered(ctx, q.healthCentreId);
  }

  /** The letters ready to print at a centre, as one PDF (its id in `Letter-Batch-Id`); they are then marked printed. */
  @Allow('centre', 'nurse', 'admin')
  @Post('letter-batches')
  @Header('Content-Type', 'application/pdf')
  @ApiProduces('application/pdf')
  @ApiCreatedResponse({
    description: 'The letters as one PDF; they are marked printed',
    schema: { type: 'string', format: 'binary' },
    headers: { 'Letter-Batch-Id': { description: "The batch's id", schema: { type: 'string' } } },
  })
  async printBatch(
    @Ctx() ctx: RequestContext,
    @Body() dto: LetterBatchDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const batch = await this.notices.printBatch(ctx, dto.healthCentreId);
    void reply.header('Letter-Batch-Id', batch.id);
    return batch.pdf;
  }
}
