import { Controller, Get, Logger, Param, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { csvQuote, csvSafeText, rowsOf } from '@app/common';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { AccessLogPageResponse } from './audit.responses';
import { accessLogPdf } from './patient-access-log-pdf';
import { granted, outOfScope, ScopedAccess } from './scoped-access';
import { patientScopeSql } from './scopes';

/** One access to the patient's data: who, for which care unit, when, what and why (HSLF-FS 2016:40). */
export interface AccessLogItem {
  id: string;
  occurredAt: string;
  user: { id: string | null; username: string | null; displayName: string | null; role: string | null; hsaId: string | null };
  careUnit: { type: string; id: string | null; name: string | null; hsaId: string | null } | null;
  regionId: string | null;
  action: string;
  resource: { type: string; id: string | null };
  outcome: string;
  reason: string | null;
}

const CURSOR = /^(\d{1,18})\.(\d{1,18})$/;

const AccessLogQuerySchema = z.strictObject({
  cursor: z.string().regex(CURSOR, 'must be the nextCursor of an earlier page').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv', 'pdf']).default('json'),
});
class AccessLogQueryDto extends createZodDto(AccessLogQuerySchema) {}

type Row = {
  id: string;
  at_us: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_username: string | null;
  display_name: string | null;
  actor_role: string | null;
  care_unit_type: string | null;
  care_unit_id: string | null;
  care_unit_name: string | null;
  region_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  reason: string | null;
  actor_hsa_id: string | null;
  care_unit_hsa_id: string | null;
};

/**
 * The patient's access log (issue 18, #5): every audit row about one patient, newest first, in pages
 * with a keyset cursor (occurred_at, id) so an extract never stops at a row limit; CSV and PDF for the
 * region to hand to a patient who asks. Reading it is itself audited.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class PatientAccessLogController {
  private readonly logger = new Logger(PatientAccessLogController.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ScopedAccess,
  ) {}

  @Allow('centre', 'admin')
  @RateLimit('read')
  @Get('patients/:id/access-log')
  // Three formats on one route, so no serializer: the JSON page's schema is documented beside the files.
  @ApiExtraModels(AccessLogPageResponse.Output)
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({
    description: 'A page of the log (format=json), or the whole log from the cursor as CSV or PDF',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AccessLogPageResponse.Output) } },
      'text/csv': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  async accessLog(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query() q: AccessLogQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ items: AccessLogItem[]; nextCursor: string | null } | string | StreamableFile> {
    // The region's patients (own region, whichever centre lists them); the read is recorded before the log is read.
    await this.access.run(ctx, { action: 'read', resourceType: 'PatientAccessLog', resourceId: id, notFound: 'Patient' }, async (m) => {
      const params: unknown[] = [id];
      const scope = patientScopeSql('p', { regionId: ctx.actor.regionId }, params);
      const [patient] = await rowsOf<{ id: string }>(m, `SELECT p.id FROM patient p WHERE p.id = $1 AND ${scope}`, params);
      return patient ? granted(null, { patientId: id, detail: { format: q.format } }) : outOfScope('patient not in the region');
    });
    if (q.format === 'csv') {
      // Every row, a page at a time: the extract is complete however long the log.
      const lines = [CSV_HEADER];
      for await (const items of this.allPages(id, q.cursor)) lines.push(...items.map(csvLine));
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="access-log-${id}.csv"`);
      return `\ufeff${lines.join('\r\n')}\r\n`;
    }
    if (q.format === 'pdf') {
      // Streamed as it is written, a thousand rows at a time from the cursor: complete however long the log.
      const doc = accessLogPdf({ patientId: id, generatedAt: new Date() }, this.allPages(id, q.cursor), (e) =>
        this.logger.error({ err: e }, 'the access log PDF stopped part-way'),
      );
      return new StreamableFile(doc, { type: 'application/pdf', disposition: `attachment; filename="access-log-${id}.pdf"` });
    }
    return this.page(id, q.cursor, q.limit);
  }

  private async *allPages(patientId: string, from: string | undefined): AsyncGenerator<AccessLogItem[]> {
    let cursor = from;
    for (;;) {
      const page = await this.page(patientId, cursor, 1000);
      yield page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  private async page(
    patientId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ items: AccessLogItem[]; nextCursor: string | null }> {
    const m = cursor ? CURSOR.exec(cursor) : null;
    // The cursor is the last row's time in whole microseconds and its id: exact, unlike a JavaScript Date.
    const rows = await rowsOf<Row>(
      this.dataSource,
      `SELECT e.id::text, (extract(epoch FROM e.occurred_at) * 1000000)::bigint::text AS at_us, e.occurred_at, e.actor_user_id,
              e.actor_username, u.display_name, e.actor_role, e.care_unit_type, e.care_unit_id,
              coalesce(h.name, c.name, r.name) AS care_unit_name, e.region_id, e.action, e.resource_type, e.resource_id, e.outcome,
              e.reason, e.actor_hsa_id, e.care_unit_hsa_id
         FROM audit_event e
         LEFT JOIN app_user u ON u.id = e.actor_user_id
         LEFT JOIN health_centre h ON e.care_unit_type = 'health_centre' AND h.id = e.care_unit_id
         LEFT JOIN clinic c ON e.care_unit_type = 'clinic' AND c.id = e.care_unit_id
         LEFT JOIN region r ON e.care_unit_type = 'region' AND r.id = e.care_unit_id
        WHERE (e.patient_id = $1 OR e.detail -> 'patientIds' @> jsonb_build_array($1::text))
          AND ($2::bigint IS NULL OR (e.occurred_at, e.id) < (timestamptz 'epoch' + $2::bigint * interval '1 microsecond', $3::bigint))
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT $4`,
      [patientId, m ? m[1] : null, m ? m[2] : null, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => ({
        id: r.id,
        occurredAt: r.occurred_at.toISOString(),
        user: { id: r.actor_user_id, username: r.actor_username, displayName: r.display_name, role: r.actor_role, hsaId: r.actor_hsa_id },
        careUnit: r.care_unit_type
          ? { type: r.care_unit_type, id: r.care_unit_id, name: r.care_unit_name, hsaId: r.care_unit_hsa_id }
          : null,
        regionId: r.region_id,
        action: r.action,
        resource: { type: r.resource_type, id: r.resource_id },
        outcome: r.outcome,
        reason: r.reason,
      })),
      nextCursor: rows.length > limit && last ? `${last.at_us}.${last.id}` : null,
    };
  }
}

const CSV_HEADER =
  'occurred_at,user_display_name,username,user_hsa_id,role,care_unit_type,care_unit_name,care_unit_hsa_id,' +
  'action,resource_type,resource_id,outcome,reason';

/** RFC 4180, every cell text that a spreadsheet never runs as a formula. */
function csvCell(value: string | null): string {
  return value === null ? '' : csvQuote(csvSafeText(value));
}

function csvLine(i: AccessLogItem): string {
  return [
    i.occurredAt,
    i.user.displayName,
    i.user.username,
    i.user.hsaId,
    i.user.role,
    i.careUnit?.type ?? null,
    i.careUnit?.name ?? null,
    i.careUnit?.hsaId ?? null,
    i.action,
    i.resource.type,
    i.resource.id,
    i.outcome,
    i.reason,
  ]
    .map(csvCell)
    .join(',');
}
