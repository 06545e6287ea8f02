import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { AuditService, crossRegionAudit, visitSideOf } from '@app/audit';
import { ApiError, rowsOf } from '@app/common';
import { Allow, Ctx, RequestContext } from '@app/identity';
import { TRIAGE_VERDICTS } from '@app/rollout';
import { answerFormOf } from './answer-form';
import { PLAN_KEY } from './visits.dto';
import { VisitsService } from './visits.service';

/** What the answer form holds as typed: nothing is required yet, the codes are the raw text field. */
export const OutcomeDraftSchema = z.strictObject({
  summary: z.string().max(10_000).optional(),
  diagnosisCodes: z.string().max(1_000).optional(),
  plan: PLAN_KEY.optional(),
  instructions: z.string().max(10_000).optional(),
  /** Issue 19: the feedback on the triage as chosen so far (a verdict, the rules ticked). */
  triageFeedback: z
    .strictObject({ verdict: z.enum(TRIAGE_VERDICTS).optional(), ruleIds: z.array(z.string().min(1).max(63)).max(50).optional() })
    .optional(),
});
export class OutcomeDraftDto extends createZodDto(OutcomeDraftSchema) {}
export type OutcomeDraft = z.infer<typeof OutcomeDraftSchema>;

const OPEN = ['scheduled', 'waiting', 'in_progress'];

/**
 * The specialist's answer saved as she types (issue 18, #4), on the server so another device or a
 * crash keeps it. Only the visit's specialist reads and writes it, while the visit is open; every
 * read and write is audited (it is about the patient). Sending the answer deletes it.
 */
@Injectable()
export class OutcomeDraftsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly visits: VisitsService,
    private readonly audit: AuditService,
  ) {}

  async get(ctx: RequestContext, visitId: string): Promise<{ draft: OutcomeDraft | null; updatedAt: string | null }> {
    return this.dataSource.transaction(async (m) => {
      const v = await this.ownVisit(m, ctx, visitId, false);
      const [row] = await rowsOf<{ draft: OutcomeDraft; updated_at: Date }>(
        m,
        'SELECT draft, updated_at FROM visit_outcome_draft WHERE visit_id = $1 AND author_id = $2',
        [visitId, ctx.actor.userId],
      );
      await this.audit.record(m, ctx, {
        action: 'read',
        resourceType: 'VisitOutcomeDraft',
        resourceId: visitId,
        patientId: v.patient_id,
        outcome: 'success',
        ...crossRegionAudit(ctx.actor, v),
      });
      return { draft: row?.draft ?? null, updatedAt: row?.updated_at.toISOString() ?? null };
    });
  }

  async save(ctx: RequestContext, visitId: string, draft: OutcomeDraft): Promise<{ updatedAt: string }> {
    return this.dataSource.transaction(async (m) => {
      const v = await this.ownVisit(m, ctx, visitId, true);
      if (!OPEN.includes(v.status)) throw ApiError.conflict(`The visit is ${v.status}; its answer can no longer be drafted`);
      // Issue 19: a plan as typed is still one of the case's pathway's plans (400 naming it, as the draft's other fields).
      const { plans } = await answerFormOf(m, v.case_id);
      if (draft.plan !== undefined && !plans.some((p) => p.key === draft.plan)) {
        throw ApiError.badRequest("The plan is not one of the answer plans of the case's pathway", [
          { field: 'plan', reason: `must be one of ${plans.map((p) => p.key).join(', ')}` },
        ]);
      }
      const [row] = await rowsOf<{ updated_at: Date }>(
        m,
        `INSERT INTO visit_outcome_draft (visit_id, author_id, draft) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (visit_id) DO UPDATE SET draft = EXCLUDED.draft, author_id = EXCLUDED.author_id, updated_at = now()
         RETURNING updated_at`,
        [visitId, ctx.actor.userId, JSON.stringify(draft)],
      );
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'VisitOutcomeDraft',
        resourceId: visitId,
        patientId: v.patient_id,
        outcome: 'success',
        ...crossRegionAudit(ctx.actor, v),
      });
      return { updatedAt: row!.updated_at.toISOString() };
    });
  }

  /** The visit when the caller is its specialist; 404 for anyone else's (audited as denied), as the visit's routes answer. */
  private async ownVisit(m: EntityManager, ctx: RequestContext, visitId: string, lock: boolean) {
    const v = await this.visits.findVisit(m, visitId, lock);
    if (!v || visitSideOf(ctx.actor, v) !== 'specialist') {
      await this.audit.recordDenied(ctx, {
        action: lock ? 'update' : 'read',
        resourceType: 'VisitOutcomeDraft',
        resourceId: visitId,
        reason: "not the visit's specialist",
      });
      throw ApiError.notFound('Visit');
    }
    return v;
  }
}

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('visits')
@ApiBearerAuth()
@Controller()
export class OutcomeDraftsController {
  constructor(private readonly drafts: OutcomeDraftsService) {}

  /** The caller's unsent answer to the visit, or `{ draft: null }`. */
  @Allow('centre', 'specialist')
  @Get('visits/:id/outcome-draft')
  get(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.drafts.get(ctx, id);
  }

  /** Saves the answer as typed so far (replaces the earlier draft). */
  @Allow('centre', 'specialist')
  @Put('visits/:id/outcome-draft')
  save(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: OutcomeDraftDto) {
    return this.drafts.save(ctx, id, dto);
  }
}
