import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { AuditEventResponse } from './audit.responses';
import { AuditService } from './audit.service';

const AuditQuerySchema = z.strictObject({
  patientId: z.uuid().optional(),
  userId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  action: z.enum(['create', 'read', 'update', 'delete', 'execute', 'login']).optional(),
  outcome: z.enum(['success', 'denied', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
class AuditQueryDto extends createZodDto(AuditQuerySchema) {}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Who did what to which patient's data, newest first, within the admin's region. */
  @Allow('region', 'admin')
  @RateLimit('read')
  @Get()
  @ZodResponse({ status: 200, type: [AuditEventResponse] })
  async list(@Ctx() ctx: RequestContext, @Query() q: AuditQueryDto) {
    const events = await this.audit.search(ctx.actor.regionId, {
      patientId: q.patientId,
      userId: q.userId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      action: q.action,
      outcome: q.outcome,
      limit: q.limit,
    });
    return events.map((e) => ({
      id: e.id,
      occurredAt: e.occurredAt.toISOString(),
      user: { id: e.actorUserId, username: e.actorUsername, role: e.actorRole },
      careUnit: e.careUnitType ? { type: e.careUnitType, id: e.careUnitId } : null,
      // Both regions, when one region's staff touched another's patient data (under an agreement).
      regionId: e.regionId,
      dataRegionId: e.dataRegionId,
      patientId: e.patientId,
      action: e.action,
      resource: { type: e.resourceType, id: e.resourceId },
      outcome: e.outcome,
      reason: e.reason,
      requestId: e.requestId,
      detail: e.detail,
    }));
  }
}
