import { type DataSource, type EntityManager } from 'typeorm';
import { ApiError, type FieldProblem, PG_UNIQUE_VIOLATION, pgErrorCode, rowsOf } from '@app/common';
import { type AuditEntry, type AuditService } from '@app/audit';
import type { Actor, RequestContext } from '@app/identity';
import { checkDefinition, compilePathway, type PathwayDefinition, runTestCases } from './core';
import { ifMatchRevisions, preconditionRequired, stale } from './draft-revision';
import { PathwayVersion } from './pathway.entities';
import type { PathwaySummary, PathwaysService } from './pathways.service';

type Detail = Record<string, unknown>;

/**
 * The writes of a region's pathways: a new one (or a copy), the draft saved with If-Match, its test run,
 * publishing it (signed off, issue 20) now or from a date, and the return to an earlier version. Reads and
 * the scope checks are PathwaysService's; every change is audited in its own transaction.
 */
export class PathwayDraftWrites {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly pathways: PathwaysService,
  ) {}

  checkOrRefuse(input: unknown, key?: string): PathwayDefinition {
    const checked = checkDefinition(input);
    if (!checked.ok) {
      throw ApiError.invalid(
        'The pathway definition is not valid',
        checked.issues.map((i): FieldProblem => ({ field: i.path, reason: i.reason })),
      );
    }
    if (key !== undefined && checked.definition.key !== key) {
      throw ApiError.invalid('The pathway definition is not valid', [
        { field: 'key', reason: `must be "${key}", the pathway being edited` },
      ]);
    }
    return checked.definition;
  }

  /** Every pathway change leaves its audit row in the change's own transaction. */
  private async recordChange(m: EntityManager, ctx: RequestContext, action: AuditEntry['action'], key: string, detail: Detail) {
    await this.audit.record(m, ctx, { action, resourceType: 'Pathway', resourceId: key, outcome: 'success', detail });
  }

  /** A new pathway of the caller's region, as a draft. */
  async create(ctx: RequestContext, input: unknown, copiedFrom?: { key: string; version: number }): Promise<PathwaySummary> {
    const definition = this.checkOrRefuse(input);
    const { actor } = ctx;
    try {
      const revision = await this.dataSource.transaction(async (m) => {
        await m.query('INSERT INTO pathway (key, owner_region_id, created_by) VALUES ($1, $2, $3)', [
          definition.key,
          actor.regionId,
          actor.userId,
        ]);
        const [row] = await m.query(
          `INSERT INTO pathway_version (pathway_key, status, definition, updated_by) VALUES ($1, 'draft', $2, $3) RETURNING revision`,
          [definition.key, JSON.stringify(definition), actor.userId],
        );
        const change = copiedFrom ? { change: 'copy', copiedFrom } : { change: 'create' };
        await this.recordChange(m, ctx, 'create', definition.key, { ...change, revision: row.revision });
        return row.revision as number;
      });
      return { key: definition.key, title: definition.title, version: null, status: 'draft', ownership: 'own', revision };
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw ApiError.conflict('A pathway with that key exists', undefined, [{ field: 'key', reason: 'already used' }]);
      }
      throw e;
    }
  }

  /**
   * A new pathway of the caller's region, as a draft, from the published version of one it can see (a
   * shipped template, its own, or an adopted one): the way to change a shipped pathway.
   */
  async copy(ctx: RequestContext, key: string, target: { key: string; title?: PathwayDefinition['title'] }): Promise<PathwaySummary> {
    const source = await this.pathways.published(ctx.actor, key);
    const definition = { ...source.definition, key: target.key, title: target.title ?? source.definition.title };
    return this.create(ctx, definition, { key, version: source.row.version! });
  }

  /**
   * Replaces the draft, or opens one when the pathway has none, if `If-Match` names the revision the
   * caller edited: the draft's, or with no draft open, the published version's (428 without, 412 when
   * stale). Published versions are never edited.
   */
  async replaceDraft(ctx: RequestContext, key: string, input: unknown, ifMatch: string | undefined): Promise<PathwaySummary> {
    return this.dataSource.transaction(async (m) => {
      // The pathway row's lock orders concurrent saves; the loser finds a newer revision and gets 412.
      await this.pathways.pathwayRow(m, ctx.actor, key, 'change', true);
      if (ifMatch === undefined || ifMatch.trim() === '') {
        throw preconditionRequired('If-Match', "the ETag of the draft you edited (GET …/draft), so that nobody's changes are overwritten");
      }
      const [current]: Array<{ id: string; status: string; revision: number }> = await m.query(
        `SELECT id, status, revision FROM pathway_version WHERE pathway_key = $1 AND status IN ('draft', 'published')
          ORDER BY status = 'draft' DESC LIMIT 1`,
        [key],
      );
      if (!current || !ifMatchRevisions(ifMatch).includes(current.revision)) {
        throw stale('If-Match', current?.status === 'draft' ? current.revision : null);
      }
      const definition = this.checkOrRefuse(input, key);
      const params = [current.status === 'draft' ? current.id : key, JSON.stringify(definition), ctx.actor.userId];
      const [saved] = await rowsOf<{ revision: number }>(
        m,
        current.status === 'draft'
          ? 'UPDATE pathway_version SET definition = $2, updated_at = now(), updated_by = $3 WHERE id = $1 RETURNING revision'
          : `INSERT INTO pathway_version (pathway_key, status, definition, updated_by) VALUES ($1, 'draft', $2, $3) RETURNING revision`,
        params,
      );
      const revision = saved!.revision;
      await this.recordChange(m, ctx, 'update', key, { change: 'draft', revision, baseRevision: current.revision });
      return { key, title: definition.title, version: null, status: 'draft' as const, ownership: 'own' as const, revision };
    });
  }

  async testDraft(actor: Actor, key: string) {
    const draft = await this.pathways.draft(actor, key);
    return runTestCases(draft.compiled);
  }

  /**
   * Publishes the draft at `revision` (the one whose tests and impact the administrator reviewed; 428
   * without, 412 when the draft has changed since): all its test cases pass -> a new immutable version.
   * Only a draft a second person approved at that revision is published (409 `not_approved` or
   * `changed_since_approval` otherwise; the database refuses it too). `effectiveFrom` later than now makes the
   * version `scheduled`: it comes into force then; until then the current version stays in force.
   */
  async publish(ctx: RequestContext, key: string, revision: number | undefined, effectiveFrom?: Date): Promise<PathwaySummary> {
    return this.dataSource.transaction(async (m) => {
      await this.pathways.pathwayRow(m, ctx.actor, key, 'change', true);
      if (revision === undefined) throw preconditionRequired('revision', 'the draft revision whose tests and impact you reviewed');
      const draft = await m.getRepository(PathwayVersion).findOne({ where: { pathwayKey: key, status: 'draft' } });
      if (!draft) throw ApiError.conflict('The pathway has no draft to publish', { code: 'no_draft' });
      if (draft.revision !== revision) throw stale('revision', draft.revision);
      // Issue 20: every publication is signed off by a second person (the database refuses it otherwise too).
      this.pathways.signOff.assertApproved(draft);
      const definition = this.checkOrRefuse(draft.definition, key);
      const results = runTestCases(compilePathway(definition));
      const failing = results.filter((r) => !r.passed);
      if (failing.length > 0) {
        throw ApiError.invalid(
          `${failing.length} of ${results.length} test cases fail; nothing was published`,
          failing.map((f) => ({ field: `testCases.${f.name}`, reason: describeFailure(f) })),
          { failing },
        );
      }
      if (results.length === 0) {
        throw ApiError.invalid('A pathway needs test cases before it is published', [
          { field: 'testCases', reason: 'at least one test case is required' },
        ]);
      }
      const [{ now }]: Array<{ now: Date }> = await m.query('SELECT now()');
      const later = effectiveFrom !== undefined && effectiveFrom.getTime() > now.getTime();
      const [{ next }] = await m.query('SELECT coalesce(max(version), 0) + 1 AS next FROM pathway_version WHERE pathway_key = $1', [key]);
      // A version still waiting for its date is replaced by this one (it was signed off, and so is this).
      const withdrawn: Array<{ version: number }> = await m.query(
        `UPDATE pathway_version SET status = 'retired', updated_at = now()
          WHERE pathway_key = $1 AND status = 'scheduled' RETURNING version`,
        [key],
      );
      if (!later) {
        await m.query(`UPDATE pathway_version SET status = 'retired', updated_at = now() WHERE pathway_key = $1 AND status = 'published'`, [
          key,
        ]);
      }
      const status = later ? 'scheduled' : 'published';
      await m.query(
        `UPDATE pathway_version SET status = $4, version = $2, published_at = now(), published_by = $3, updated_at = now(),
                effective_from = coalesce($5::timestamptz, now())
          WHERE id = $1`,
        [draft.id, next, ctx.actor.userId, status, later ? effectiveFrom : null],
      );
      const effective = later ? effectiveFrom!.toISOString() : now.toISOString();
      await this.recordChange(m, ctx, 'update', key, {
        change: 'publish',
        version: Number(next),
        revision,
        effectiveFrom: effective,
        ...(draft.reviewedBy ? { reviewedBy: draft.reviewedBy, submittedBy: draft.submittedBy } : {}),
        ...(withdrawn.length > 0 ? { replacedScheduled: withdrawn[0]!.version } : {}),
      });
      this.pathways.forgetPublished();
      return { key, title: definition.title, version: Number(next), status, ownership: 'own' as const, revision, effectiveFrom: effective };
    });
  }

  /**
   * A return to an earlier version: its definition as a new draft, which goes through the same sign-off
   * and publishing as any other (409 `draft_open` while a draft is open).
   */
  async restore(ctx: RequestContext, key: string, version: number): Promise<PathwaySummary> {
    return this.dataSource.transaction(async (m) => {
      await this.pathways.pathwayRow(m, ctx.actor, key, 'change', true);
      const [open] = await m.query(`SELECT revision FROM pathway_version WHERE pathway_key = $1 AND status = 'draft'`, [key]);
      if (open) {
        throw ApiError.conflict('A draft is open: publish or discard it before returning to an earlier version', {
          code: 'draft_open',
          currentRevision: open.revision,
        });
      }
      const [source]: Array<{ definition: PathwayDefinition; status: string }> = await m.query(
        `SELECT definition, status FROM pathway_version WHERE pathway_key = $1 AND version = $2`,
        [key, version],
      );
      if (!source) throw ApiError.notFound('Pathway version');
      const [row] = await m.query(
        `INSERT INTO pathway_version (pathway_key, status, definition, updated_by, restored_from) VALUES ($1, 'draft', $2, $3, $4)
         RETURNING revision`,
        [key, JSON.stringify(source.definition), ctx.actor.userId, version],
      );
      await this.recordChange(m, ctx, 'create', key, { change: 'restore', restoredFrom: version, revision: row.revision });
      const revision = row.revision as number;
      return { key, title: source.definition.title, version: null, status: 'draft' as const, ownership: 'own' as const, revision };
    });
  }
}

function describeFailure(f: ReturnType<typeof runTestCases>[number]): string {
  const expected = `expected ${f.expected.category}${f.expected.score !== undefined ? ` (score ${f.expected.score})` : ''}`;
  if ('invalid' in f.actual)
    return `${expected}, but the answers are invalid: ${f.actual.invalid.map((i) => `${i.field}: ${i.reason}`).join('; ')}`;
  return `${expected}, got ${f.actual.category} (score ${f.actual.score})`;
}
