import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, FieldProblem, PG_UNIQUE_VIOLATION, pgErrorCode, rowsOf } from '@app/common';
import { AuditEntry, AuditService } from '@app/audit';
import type { Actor, RequestContext } from '@app/identity';
import {
  checkDefinition,
  compilePathway,
  CompiledPathway,
  diffDefinitions,
  impactInWords,
  PathwayDefinition,
  replayImpact,
  runTestCases,
  toFhirQuestionnaire,
} from './core';
import { ifMatchRevisions, preconditionRequired, stale } from './draft-revision';
import { Pathway, PathwayVersion } from './pathway.entities';
import { SHIPPED_PATHWAYS } from './shipped-pathways';
import { PathwaySignOff, signOffView } from './sign-off';

const LOAD_LOCK = 727_003;

/** `template`: shipped with the product, read-only (copy it to change it); `adopted`: another region's, from the catalogue. */
export type PathwayOwnership = 'template' | 'own' | 'adopted';

export interface PathwaySummary {
  key: string;
  title: PathwayDefinition['title'];
  version: number | null;
  status: PathwayVersion['status'];
  ownership: PathwayOwnership;
  /** The draft's revision (its ETag) for a draft; the revision a version was published from otherwise. */
  revision: number;
  /** A published or scheduled version: when it comes (came) into force. */
  effectiveFrom?: string;
}

export interface ResolvedPathway {
  row: PathwayVersion;
  definition: PathwayDefinition;
  compiled: CompiledPathway;
}

/** The columns of a version row as the entity names them. */
const VERSION_COLUMNS = `v.id, v.pathway_key AS "pathwayKey", v.version, v.status, v.definition, v.revision, v.created_at AS "createdAt",
  v.updated_at AS "updatedAt", v.updated_by AS "updatedBy", v.published_at AS "publishedAt", v.published_by AS "publishedBy"`;

type Detail = Record<string, unknown>;

/**
 * What may be done with a pathway row: use it (visible), change it (owned by the caller's region), or
 * read its draft for review (owned by the caller's region: its administrators and specialists; only the
 * region's named reviewers approve).
 */
type Access = 'use' | 'change' | 'review';

@Injectable()
export class PathwaysService implements OnModuleInit {
  private readonly logger = new Logger(PathwaysService.name);
  /** Compiled once per immutable version (drafts are compiled on use). */
  private readonly compiledByVersionId = new Map<string, CompiledPathway>();

  /** The default manager, for a read outside a transaction. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Issue 20's clinical sign-off (submit, approve, send back, reviewers), which every publication needs. */
  readonly signOff: PathwaySignOff;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    this.signOff = new PathwaySignOff(dataSource, audit, (m, actor, key, access, lock) => this.pathwayRow(m, actor, key, access, lock));
  }

  /**
   * Shipped pathways are loaded into every database, not only the demo one, as read-only templates.
   * A shipped definition that differs from the template's published version (a new release of the
   * product) is published as its next version, so existing installations receive it.
   */
  async onModuleInit(): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK]);
      // The one writer the template guard (migration PathwayOwnership) lets add template versions.
      await m.query(`SET LOCAL ledtriage.shipped_loader = 'on'`);
      for (const definition of SHIPPED_PATHWAYS) {
        const [current]: Array<{ owner: string | null; same: boolean | null; version: number | null }> = await m.query(
          `SELECT p.owner_region_id AS owner, v.definition = $2::jsonb AS same, v.version
             FROM pathway p LEFT JOIN pathway_version v ON v.pathway_key = p.key AND v.status = 'published' WHERE p.key = $1`,
          [definition.key, JSON.stringify(definition)],
        );
        if (current?.same) continue;
        if (current && current.owner !== null) {
          this.logger.warn(`A region's own pathway uses the shipped key ${definition.key}; the shipped one is not loaded`);
          continue;
        }
        const failing = runTestCases(compilePathway(definition)).filter((r) => !r.passed);
        if (failing.length > 0)
          throw new Error(`Shipped pathway ${definition.key} fails its test cases: ${failing.map((f) => f.name).join(', ')}`);
        if (!current) await m.query('INSERT INTO pathway (key, owner_region_id) VALUES ($1, NULL)', [definition.key]);
        await m.query(`UPDATE pathway_version SET status = 'retired', updated_at = now() WHERE pathway_key = $1 AND status = 'published'`, [
          definition.key,
        ]);
        const [{ version }] = await m.query(
          `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at)
           SELECT $1, coalesce(max(version), 0) + 1, 'published', $2, now() FROM pathway_version WHERE pathway_key = $1 RETURNING version`,
          [definition.key, JSON.stringify(definition)],
        );
        await this.audit.recordSystem(m, 'shipped-pathways', null, {
          action: current ? 'update' : 'create',
          resourceType: 'Pathway',
          resourceId: definition.key,
          outcome: 'success',
          detail: { change: 'publish', version, template: true },
        });
        this.logger.log(`Published the shipped pathway ${definition.key} as version ${version}`);
      }
    });
  }

  /** Pathways the caller's region may use: shipped ones, its own and those it adopted. */
  private visibleWhere(actor: Actor, alias = 'p'): { sql: string; params: unknown[] } {
    return { sql: pathwayVisibleSql(alias, '$1'), params: [actor.regionId] };
  }

  /** Whether a region may use a pathway (see `pathwayVisibleSql`). */
  async visibleToRegion(m: EntityManager, regionId: string, key: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM pathway p WHERE ${pathwayVisibleSql('p', '$1')} AND p.key = $2`, [regionId, key]);
    return rows.length > 0;
  }

  async list(actor: Actor): Promise<PathwaySummary[]> {
    await this.promoteDue();
    const v = this.visibleWhere(actor);
    const statuses = actor.role === 'admin' ? ['published', 'draft'] : ['published'];
    type Row = {
      key: string;
      version: number | null;
      status: PathwayVersion['status'];
      definition: PathwayDefinition;
      owner: string | null;
    };
    const rows: Array<Row & { revision: number }> = await this.dataSource.query(
      `SELECT v.pathway_key AS key, v.version, v.status, v.definition, p.owner_region_id AS owner, v.revision
           FROM pathway p JOIN pathway_version v ON v.pathway_key = p.key
          WHERE ${v.sql} AND v.status = ANY($2)
          ORDER BY v.pathway_key, v.status DESC`,
      [...v.params, statuses],
    );
    return rows.map((r) => ({
      key: r.key,
      title: r.definition.title,
      version: r.version,
      status: r.status,
      ownership: ownershipOf(r.owner, actor),
      revision: r.revision,
    }));
  }

  /**
   * The pathway row, 404 unless the caller's region may use it. `change`: only the owner region changes a
   * pathway; a visible one it does not own (a shipped template, or one adopted from the catalogue) is 403.
   */
  private async pathwayRow(m: EntityManager, actor: Actor, key: string, access: Access = 'use', lock = false): Promise<Pathway> {
    const v = this.visibleWhere(actor);
    const rows: Pathway[] = await m.query(
      `SELECT key, owner_region_id AS "ownerRegionId" FROM pathway p WHERE ${v.sql} AND p.key = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [...v.params, key],
    );
    if (rows.length === 0) throw ApiError.notFound('Pathway');
    const row = rows[0]!;
    if (access !== 'use' && row.ownerRegionId === null) {
      throw ApiError.forbidden('A shipped pathway is a read-only template: copy it (POST /pathways/{key}/copy) to change it');
    }
    if (access !== 'use' && row.ownerRegionId !== actor.regionId) {
      throw ApiError.forbidden('An adopted pathway is changed by the region that offers it');
    }
    if (access === 'change' && actor.role !== 'admin') throw ApiError.forbidden();
    return row;
  }

  private readonly publishedCache = new Map<string, { at: number; resolved: ResolvedPathway }>();

  /**
   * The published version from a short cache, for the hot path of triage. Whoever uses it must check,
   * in its own write, that the version is still the published one (see TriageService.submit).
   */
  async publishedCached(actor: Actor, key: string, fresh = false): Promise<ResolvedPathway> {
    const cacheKey = `${actor.regionId}|${key}`;
    const hit = this.publishedCache.get(cacheKey);
    if (!fresh && hit && Date.now() - hit.at < 10_000) return hit.resolved;
    const resolved = await this.published(actor, key);
    this.publishedCache.set(cacheKey, { at: Date.now(), resolved });
    return resolved;
  }

  /** The current published version, compiled. */
  async published(actor: Actor, key: string, m: EntityManager = this.dataSource.manager): Promise<ResolvedPathway> {
    const v = this.visibleWhere(actor);
    // The version in force now (issue 20: a version published for a later date takes over then).
    const rows: Array<PathwayVersion & { due: boolean }> = await m.query(
      `SELECT ${VERSION_COLUMNS}, v.status = 'scheduled' AS due
         FROM pathway p JOIN pathway_version v ON v.pathway_key = p.key AND v.version = pathway_version_in_force(p.key, now())
        WHERE ${v.sql} AND p.key = $2`,
      [...v.params, key],
    );
    if (rows.length === 0) throw ApiError.notFound('Pathway');
    const { due, ...row } = rows[0]!;
    if (due) {
      await m.query('SELECT pathway_promote_due()');
      row.status = 'published';
    }
    return this.resolve(row);
  }

  /** A specific version, for cases that keep the version they were triaged with. */
  async version(actor: Actor, key: string, version: number): Promise<ResolvedPathway> {
    await this.pathwayRow(this.dataSource.manager, actor, key);
    const row = await this.dataSource.getRepository(PathwayVersion).findOne({ where: { pathwayKey: key, version } });
    if (!row) throw ApiError.notFound('Pathway version');
    return this.resolve(row);
  }

  private resolve(row: PathwayVersion): ResolvedPathway {
    const definition = row.definition as PathwayDefinition;
    let compiled = row.status === 'draft' ? undefined : this.compiledByVersionId.get(row.id);
    if (!compiled) {
      compiled = compilePathway(definition);
      if (row.status !== 'draft') this.compiledByVersionId.set(row.id, compiled);
    }
    return { row, definition, compiled };
  }

  /** Whose the pathway is, for the caller: a template, its region's own, or adopted. */
  async ownership(actor: Actor, key: string): Promise<PathwayOwnership> {
    const row = await this.pathwayRow(this.dataSource.manager, actor, key);
    return ownershipOf(row.ownerRegionId, actor);
  }

  async versions(actor: Actor, key: string) {
    await this.promoteDue();
    await this.pathwayRow(this.dataSource.manager, actor, key);
    const rows = await this.dataSource.getRepository(PathwayVersion).find({ where: { pathwayKey: key }, order: { revision: 'DESC' } });
    const names = await this.signOff.userNames(rows.flatMap((r) => [r.updatedBy, r.submittedBy, r.reviewedBy, r.publishedBy]));
    return rows
      .filter((r) => r.status !== 'draft' || actor.role === 'admin')
      .map((r) => ({
        version: r.version,
        status: r.status,
        revision: r.revision,
        updatedAt: r.updatedAt.toISOString(),
        publishedAt: r.publishedAt?.toISOString() ?? null,
        publishedBy: r.publishedBy,
        effectiveFrom: r.effectiveFrom?.toISOString() ?? null,
        restoredFrom: r.restoredFrom,
        ...signOffView(r, names),
      }));
  }

  /** Scheduled versions whose date has come become the published ones (see migration PathwaySignOff). */
  private async promoteDue(m: EntityManager = this.dataSource.manager): Promise<void> {
    await m.query('SELECT pathway_promote_due()');
  }

  evaluate(resolved: ResolvedPathway, answers: unknown) {
    const checked = resolved.compiled.validate(answers);
    if (!checked.ok) throw ApiError.invalid('The answers are not valid for this pathway', checked.issues);
    return resolved.compiled.evaluate(checked.answers);
  }

  private checkOrRefuse(input: unknown, key?: string): PathwayDefinition {
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
    const source = await this.published(ctx.actor, key);
    const definition = { ...source.definition, key: target.key, title: target.title ?? source.definition.title };
    return this.create(ctx, definition, { key, version: source.row.version! });
  }

  async draft(actor: Actor, key: string): Promise<ResolvedPathway> {
    await this.pathwayRow(this.dataSource.manager, actor, key, 'review');
    const row = await this.dataSource.getRepository(PathwayVersion).findOne({ where: { pathwayKey: key, status: 'draft' } });
    if (!row) throw ApiError.notFound('Draft');
    return this.resolve(row);
  }

  /**
   * Replaces the draft, or opens one when the pathway has none, if `If-Match` names the revision the
   * caller edited: the draft's, or with no draft open, the published version's (428 without, 412 when
   * stale). Published versions are never edited.
   */
  async replaceDraft(ctx: RequestContext, key: string, input: unknown, ifMatch: string | undefined): Promise<PathwaySummary> {
    return this.dataSource.transaction(async (m) => {
      // The pathway row's lock orders concurrent saves; the loser finds a newer revision and gets 412.
      await this.pathwayRow(m, ctx.actor, key, 'change', true);
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
    const draft = await this.draft(actor, key);
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
      await this.pathwayRow(m, ctx.actor, key, 'change', true);
      if (revision === undefined) throw preconditionRequired('revision', 'the draft revision whose tests and impact you reviewed');
      const draft = await m.getRepository(PathwayVersion).findOne({ where: { pathwayKey: key, status: 'draft' } });
      if (!draft) throw ApiError.conflict('The pathway has no draft to publish', { code: 'no_draft' });
      if (draft.revision !== revision) throw stale('revision', draft.revision);
      // Issue 20: every publication is signed off by a second person (the database refuses it otherwise too).
      this.signOff.assertApproved(draft);
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
      this.publishedCache.clear();
      return { key, title: definition.title, version: Number(next), status, ownership: 'own' as const, revision, effectiveFrom: effective };
    });
  }

  /**
   * A return to an earlier version: its definition as a new draft, which goes through the same sign-off
   * and publishing as any other (409 `draft_open` while a draft is open).
   */
  async restore(ctx: RequestContext, key: string, version: number): Promise<PathwaySummary> {
    return this.dataSource.transaction(async (m) => {
      await this.pathwayRow(m, ctx.actor, key, 'change', true);
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

  /**
   * Replays the draft over the pathway's past cases (or, before there are any, its test cases):
   * how many would change category, from what to what; `revision` is the draft revision replayed.
   */
  async impact(actor: Actor, key: string) {
    const draft = await this.draft(actor, key);
    const past: Array<{ category: string; answers: unknown }> = await this.dataSource.query(
      'SELECT category, answers FROM triage_case WHERE pathway_key = $1 AND region_id = $2',
      [key, actor.regionId],
    );
    const source = past.length > 0 ? 'past_cases' : 'test_cases';
    const cases = past.length > 0 ? past : draft.definition.testCases.map((t) => ({ category: t.expected.category, answers: t.answers }));
    const report = replayImpact(draft.compiled, cases);
    const previous = await this.published(actor, key).then(
      (p) => p.definition.categories,
      () => [],
    );
    // Issue 20: the same figures in words, with the categories' names (the cases behind each: impactCases).
    const words = impactInWords(report, source, draft.definition.categories, previous);
    return { source, revision: draft.row.revision, ...report, lines: words.lines, summary: words.summary };
  }

  /**
   * The region's past cases of the pathway whose category the draft would change (optionally only those
   * from one category to another): the cases behind a number of the impact preview, one click away. An
   * administrator's read of her region's cases, audited as one list read; at most 500 are listed.
   */
  async impactCases(ctx: RequestContext, key: string, filter: { from?: string; to?: string }) {
    const draft = await this.draft(ctx.actor, key);
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{
        id: string;
        patient_id: string;
        health_centre_id: string;
        centre: string;
        triaged_at: Date;
        pathway_version: number;
        category: string;
        status: string;
        answers: unknown;
      }> = await m.query(
        `SELECT c.id, c.patient_id, c.health_centre_id, h.name AS centre, c.triaged_at, c.pathway_version, c.category, c.status, c.answers
           FROM triage_case c JOIN health_centre h ON h.id = c.health_centre_id
          WHERE c.pathway_key = $1 AND c.region_id = $2 AND ($3::text IS NULL OR c.category = $3)
          ORDER BY c.triaged_at DESC, c.id`,
        [key, ctx.actor.regionId, filter.from ?? null],
      );
      const moved = [];
      for (const row of rows) {
        const result = draft.compiled.run(row.answers);
        const to = result.ok ? result.evaluation.category : null;
        if (to === row.category || (filter.to !== undefined && to !== filter.to)) continue;
        moved.push({
          id: row.id,
          patientId: row.patient_id,
          healthCentreId: row.health_centre_id,
          healthCentreName: row.centre,
          triagedAt: row.triaged_at.toISOString(),
          pathwayVersion: row.pathway_version,
          status: row.status,
          category: row.category,
          /** null: the draft would refuse the answers. */
          newCategory: to,
        });
      }
      const listed = moved.slice(0, 500);
      await this.audit.recordList(m, ctx, {
        resourceType: 'TriageCase',
        name: 'pathway-impact',
        query: { pathwayKey: key, revision: draft.row.revision, from: filter.from, to: filter.to },
        items: listed.map((c) => ({ id: c.id, patientId: c.patientId })),
      });
      return { key, revision: draft.row.revision, from: filter.from ?? null, to: filter.to ?? null, count: moved.length, cases: listed };
    });
  }

  /** The changes between two versions (or a version and the draft) in words (issue 20, item 3). */
  async diff(actor: Actor, key: string, from: number | 'draft', to: number | 'draft') {
    const side = (v: number | 'draft') => (v === 'draft' ? this.draft(actor, key) : this.version(actor, key, v));
    const [a, b] = [await side(from), await side(to)];
    return { key, from, to, changes: diffDefinitions(a.definition, b.definition) };
  }

  async fhir(actor: Actor, key: string) {
    const current = await this.published(actor, key);
    return toFhirQuestionnaire(current.definition, { version: current.row.version!, status: 'active' });
  }
}

function ownershipOf(owner: string | null, actor: Actor): PathwayOwnership {
  return owner === null ? 'template' : owner === actor.regionId ? 'own' : 'adopted';
}

/**
 * SQL predicate: the pathway (alias) may be used by the region in `regionParam`: shipped pathways,
 * the region's own, and those it adopted from the catalogue.
 */
export function pathwayVisibleSql(alias: string, regionParam: string): string {
  return `(${alias}.owner_region_id IS NULL OR ${alias}.owner_region_id = ${regionParam}
    OR EXISTS (SELECT 1 FROM pathway_adoption pa WHERE pa.region_id = ${regionParam} AND pa.pathway_key = ${alias}.key))`;
}

function describeFailure(f: ReturnType<typeof runTestCases>[number]): string {
  const expected = `expected ${f.expected.category}${f.expected.score !== undefined ? ` (score ${f.expected.score})` : ''}`;
  if ('invalid' in f.actual)
    return `${expected}, but the answers are invalid: ${f.actual.invalid.map((i) => `${i.field}: ${i.reason}`).join('; ')}`;
  return `${expected}, got ${f.actual.category} (score ${f.actual.score})`;
}
