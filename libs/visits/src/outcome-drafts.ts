import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { EntityManager } from 'typeorm';
import { crossRegionAudit, granted, outOfScope, ScopedAccess, visitSideOf } from '@app/audit';
import { ApiError, rowsOf } from '@app/common';
import { Allow, Ctx, RequestContext } from '@app/identity';
import { answerFormOf } from './answer-form';
import { type OutcomeDraft, OutcomeDraftDto } from './visits.dto';
import { OutcomeDraftSavedResponse, SavedOutcomeDraftResponse } from './visits.responses';
import { findVisit, OPEN_VISIT_STATUSES, type VisitRow } from './visit-rows';

/**
 * The specialist's answer saved as she types (issue 18, #4), on the server so another device or a
 * crash keeps it. Only the visit's specialist reads and writes it, while the visit is open; every
 * read and write is audited (it is about the patient). Sending the answer deletes it.
 */
@Injectable()
export class OutcomeDraftsService {
  constructor(private readonly access: ScopedAccess) {}

  async get(ctx: RequestContext, visitId: string): Promise<{ draft: OutcomeDraft | null; updatedAt: string | null }> {
    return this.ownVisit(ctx, visitId, 'read', async (m) => {
      const [row] = await rowsOf<{ draft: OutcomeDraft; updated_at: Date }>(
        m,
        'SELECT draft, updated_at FROM visit_outcome_draft WHERE visit_id = $1 AND author_id = $2',
        [visitId, ctx.actor.userId],
      );
      return { draft: row?.draft ?? null, updatedAt: row?.updated_at.toISOString() ?? null };
    });
  }

  async save(ctx: RequestContext, visitId: string, draft: OutcomeDraft): Promise<{ updatedAt: string }> {
    return this.ownVisit(ctx, visitId, 'update', async (m, v) => {
      if (!OPEN_VISIT_STATUSES.includes(v.status)) throw ApiError.conflict(`The visit is ${v.status}; its answer can no longer be drafted`);
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
      return { updatedAt: row!.updated_at.toISOString() };
    });
  }

  /**
   * The draft's read or write on the visit when the caller is its specialist (locked for a write); 404 for
   * anyone else's, as the visit's routes answer. Both are audited with the patient.
   */
  private ownVisit<T>(
    ctx: RequestContext,
    visitId: string,
    action: 'read' | 'update',
    work: (m: EntityManager, v: VisitRow) => Promise<T>,
  ) {
    const target = { action, resourceType: 'VisitOutcomeDraft', resourceId: visitId, notFound: 'Visit' };
    return this.access.run(ctx, target, async (m) => {
      const v = await findVisit(m, visitId, action === 'update');
      if (!v || visitSideOf(ctx.actor, v) !== 'specialist') return outOfScope("not the visit's specialist");
      return granted(await work(m, v), { patientId: v.patient_id, ...crossRegionAudit(ctx.actor, v) });
    });
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
  @ZodResponse({ status: 200, type: SavedOutcomeDraftResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.drafts.get(ctx, id);
  }

  /** Saves the answer as typed so far (replaces the earlier draft). */
  @Allow('centre', 'specialist')
  @Put('visits/:id/outcome-draft')
  @ZodResponse({ status: 200, type: OutcomeDraftSavedResponse })
  save(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: OutcomeDraftDto) {
    return this.drafts.save(ctx, id, dto);
  }
}
