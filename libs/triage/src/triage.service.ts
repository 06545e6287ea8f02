import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, rowsOf } from '@app/common';
import { agreementSql, AuditService, caseScopeSql, crossRegionAudit, granted, outOfScope, ScopedAccess } from '@app/audit';
import { RequestContext } from '@app/identity';
import { PathwaysService } from '@app/pathways';
import { RealtimeService } from '@app/realtime';
import { listCases, ListedCaseView } from './case-list';
import { withdrawCase } from './case-lifecycle';
import { readQueue } from './case-queue';
import { type CaseAnnouncement, type CaseRow, type CaseView, toCaseView } from './case-view';
import type { ListCasesDto, QueueQueryDto } from './triage.dto';

/**
 * A case once it exists: its reads (one, the list, the queue), the nurse's withdrawal and the specialist's
 * re-triage, and the announcement after a change. Submission is case-submission.ts; the history case-history.ts.
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly pathways: PathwaysService,
    private readonly realtime: RealtimeService,
    private readonly access: ScopedAccess,
  ) {}

  /**
   * After commit only: the queue moves for the specialists of the region serving the case and for
   * those serving the centre under an agreement, the case for its centre.
   */
  announce(view: CaseAnnouncement, reason: 'submitted' | 'booked' | 'released' | 'withdrawn' | 'retriaged'): void {
    const { id: caseId, status, healthCentreId, pathwayKey, servingRegionId } = view;
    this.realtime.publish({ type: 'case.changed', reason, caseId, status, healthCentreId, pathwayKey, servingRegionId });
  }

  /** A case the caller may see (through its patient's scope), read and audited; 404 otherwise. */
  get(ctx: RequestContext, id: string): Promise<CaseView> {
    return this.access.run(ctx, { action: 'read', resourceType: 'TriageCase', resourceId: id, notFound: 'Triage case' }, async (m) => {
      const row = await this.findInScope(m, ctx, id);
      if (!row) return outOfScope();
      return granted(toCaseView(row, true), { patientId: row.patient_id, ...crossRegionAudit(ctx.actor, row) });
    });
  }

  /** The case if the caller may see it (`caseScopeSql`), with the agreement that allows it, if any. */
  async findInScope(m: EntityManager, ctx: RequestContext, id: string, lock = false): Promise<CaseRow | null> {
    const params: unknown[] = [id];
    const scope = caseScopeSql('c', ctx.actor, params);
    const via = agreementSql('c', `$${params.push(ctx.actor.regionId)}::uuid`);
    const rows: CaseRow[] = await m.query(
      `SELECT c.*, p.name AS patient_name, p.interpreter_language, ${via} AS via_agreement FROM triage_case c JOIN patient p ON p.id = c.patient_id
        WHERE c.id = $1 AND ${scope} ${lock ? 'FOR UPDATE OF c' : ''}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** The cases the caller may see, with personnummer and booking (case-list.ts). */
  async list(ctx: RequestContext, q: ListCasesDto): Promise<ListedCaseView[]> {
    return this.dataSource.transaction((m) => listCases(m, this.audit, ctx, q));
  }

  /** The ranked queue, ordered in the database by the pathway's ranking (case-queue.ts). */
  async queue(ctx: RequestContext, q: QueueQueryDto) {
    const pathway = await this.pathways.published(ctx.actor, q.pathwayKey);
    return this.dataSource.transaction((m) => readQueue(m, this.audit, ctx, pathway.definition, q));
  }

  async withdraw(ctx: RequestContext, id: string, reason: string): Promise<CaseView> {
    const { servingRegionId, ...view } = await this.changeCase(ctx, id, async (m, row) => {
      if (row.status !== 'awaiting_booking' && row.status !== 'redirected') {
        throw ApiError.conflict(
          `A case that is ${row.status} cannot be withdrawn${row.status === 'booked' ? ': cancel its booking first' : ''}`,
        );
      }
      return { row: await withdrawCase<CaseRow>(m, id, reason), detail: { reason } };
    });
    this.announce({ ...view, servingRegionId }, 'withdrawn');
    return view;
  }

  /** A specialist moves a case to another category of its pathway version, with a mandatory reason. */
  async retriage(ctx: RequestContext, id: string, category: string, reason: string): Promise<CaseView> {
    const { servingRegionId, ...view } = await this.changeCase(ctx, id, async (m, row) => {
      if (row.status !== 'awaiting_booking' && row.status !== 'redirected') {
        throw ApiError.conflict(`A case that is ${row.status} cannot be re-triaged`);
      }
      const version = await this.pathways.version(ctx.actor, row.pathway_key, row.pathway_version);
      const target = version.definition.categories.find((c) => c.key === category);
      if (!target) {
        throw ApiError.invalid('Unknown category', [
          { field: 'category', reason: `must be one of ${version.definition.categories.map((c) => c.key).join(', ')}` },
        ]);
      }
      if (target.key === row.category)
        throw ApiError.invalid('The case already has that category', [{ field: 'category', reason: 'unchanged' }]);
      const [updated] = await rowsOf<CaseRow>(
        m,
        `UPDATE triage_case SET category = $2, category_order = $3, bookable = $4, in_queue = $5,
                due_date = (triaged_at AT TIME ZONE 'Europe/Stockholm')::date + $6::int,
                status = $7, status_reason = $8, original_category = coalesce(original_category, category), instruction = $9
          WHERE id = $1 RETURNING *`,
        [
          id,
          target.key,
          target.order,
          target.bookable,
          target.bookable && target.inQueue,
          target.dueInDays,
          target.bookable ? 'awaiting_booking' : 'redirected',
          reason,
          target.instruction ? JSON.stringify(target.instruction) : null,
        ],
      );
      return { row: updated, detail: { from: row.category, to: target.key, reason } };
    });
    this.announce({ ...view, servingRegionId }, 'retriaged');
    return view;
  }

  /** A change of a case in the caller's scope (locked while it changes), audited with its cross-region fields; 404 otherwise. */
  private changeCase(
    ctx: RequestContext,
    id: string,
    change: (m: EntityManager, row: CaseRow) => Promise<{ row: CaseRow; detail: Record<string, unknown> }>,
  ): Promise<CaseView & { servingRegionId: string }> {
    return this.access.run(ctx, { action: 'update', resourceType: 'TriageCase', resourceId: id, notFound: 'Triage case' }, async (m) => {
      const row = await this.findInScope(m, ctx, id, true);
      if (!row) return outOfScope();
      const changed = await change(m, row);
      const cross = crossRegionAudit(ctx.actor, row);
      return granted(
        { ...toCaseView({ ...changed.row, patient_name: row.patient_name }), servingRegionId: row.serving_region_id },
        { patientId: row.patient_id, dataRegionId: cross.dataRegionId, detail: { ...changed.detail, ...cross.detail } },
      );
    });
  }
}
