import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, FieldProblem, PG_UNIQUE_VIOLATION, pgErrorCode } from '@app/common';
import type { Actor } from '@app/identity';
import {
  checkDefinition,
  compilePathway,
  CompiledPathway,
  PathwayDefinition,
  replayImpact,
  runTestCases,
  toFhirQuestionnaire,
} from './core';
import { Pathway, PathwayVersion } from './pathway.entities';
import { SHIPPED_PATHWAYS } from './shipped-pathways';

const LOAD_LOCK = 727_003;

export interface PathwaySummary {
  key: string;
  title: PathwayDefinition['title'];
  version: number | null;
  status: PathwayVersion['status'];
}

export interface ResolvedPathway {
  row: PathwayVersion;
  definition: PathwayDefinition;
  compiled: CompiledPathway;
}

@Injectable()
export class PathwaysService implements OnModuleInit {
  private readonly logger = new Logger(PathwaysService.name);
  /** Compiled once per immutable version (drafts are compiled on use). */
  private readonly compiledByVersionId = new Map<string, CompiledPathway>();

  constructor(private readonly dataSource: DataSource) {}

  /** Shipped pathways are loaded into every database, not only the demo one. */
  async onModuleInit(): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK]);
      for (const definition of SHIPPED_PATHWAYS) {
        const exists = await m.query('SELECT 1 FROM pathway WHERE key = $1', [definition.key]);
        if (exists.length > 0) continue;
        const failing = runTestCases(compilePathway(definition)).filter((r) => !r.passed);
        if (failing.length > 0) throw new Error(`Shipped pathway ${definition.key} fails its test cases: ${failing.map((f) => f.name).join(', ')}`);
        await m.query('INSERT INTO pathway (key, owner_region_id) VALUES ($1, NULL)', [definition.key]);
        await m.query(
          `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at) VALUES ($1, 1, 'published', $2, now())`,
          [definition.key, JSON.stringify(definition)],
        );
        this.logger.log(`Loaded the shipped pathway ${definition.key}`);
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
    const v = this.visibleWhere(actor);
    const statuses = actor.role === 'admin' ? ['published', 'draft'] : ['published'];
    const rows: Array<{ key: string; version: number | null; status: PathwayVersion['status']; definition: PathwayDefinition }> =
      await this.dataSource.query(
        `SELECT v.pathway_key AS key, v.version, v.status, v.definition
           FROM pathway p JOIN pathway_version v ON v.pathway_key = p.key
          WHERE ${v.sql} AND v.status = ANY($2)
          ORDER BY v.pathway_key, v.status DESC`,
        [...v.params, statuses],
      );
    return rows.map((r) => ({ key: r.key, title: r.definition.title, version: r.version, status: r.status }));
  }

  /** The pathway row, 404 unless visible; `edit`: only its owner (or anyone, for a shipped one) changes it. */
  private async pathwayRow(m: EntityManager, actor: Actor, key: string, lock = false, edit = lock): Promise<Pathway> {
    const v = this.visibleWhere(actor);
    const rows: Pathway[] = await m.query(
      `SELECT key, owner_region_id AS "ownerRegionId" FROM pathway p WHERE ${v.sql} AND p.key = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [...v.params, key],
    );
    if (rows.length === 0) throw ApiError.notFound('Pathway');
    const row = rows[0]!;
    if (edit && row.ownerRegionId !== null && row.ownerRegionId !== actor.regionId) {
      throw ApiError.forbidden('An adopted pathway is changed by the region that offers it');
    }
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
    const rows: PathwayVersion[] = await m.query(
      `SELECT v.id, v.pathway_key AS "pathwayKey", v.version, v.status, v.definition, v.created_at AS "createdAt", v.updated_at AS "updatedAt",
              v.updated_by AS "updatedBy", v.published_at AS "publishedAt", v.published_by AS "publishedBy"
         FROM pathway p JOIN pathway_version v ON v.pathway_key = p.key AND v.status = 'published'
        WHERE ${v.sql} AND p.key = $2`,
      [...v.params, key],
    );
    if (rows.length === 0) throw ApiError.notFound('Pathway');
    return this.resolve(rows[0]!);
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

  async versions(actor: Actor, key: string) {
    await this.pathwayRow(this.dataSource.manager, actor, key);
    const rows = await this.dataSource.getRepository(PathwayVersion).find({ where: { pathwayKey: key }, order: { version: 'DESC' } });
    return rows
      .filter((r) => r.status !== 'draft' || actor.role === 'admin')
      .map((r) => ({
        version: r.version,
        status: r.status,
        updatedAt: r.updatedAt.toISOString(),
        publishedAt: r.publishedAt?.toISOString() ?? null,
        publishedBy: r.publishedBy,
      }));
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
      throw ApiError.invalid('The pathway definition is not valid', [{ field: 'key', reason: `must be "${key}", the pathway being edited` }]);
    }
    return checked.definition;
  }

  async create(actor: Actor, input: unknown): Promise<PathwaySummary> {
    const definition = this.checkOrRefuse(input);
    try {
      await this.dataSource.transaction(async (m) => {
        await m.query('INSERT INTO pathway (key, owner_region_id, created_by) VALUES ($1, $2, $3)', [definition.key, actor.regionId, actor.userId]);
        await m.query(`INSERT INTO pathway_version (pathway_key, status, definition, updated_by) VALUES ($1, 'draft', $2, $3)`, [
          definition.key,
          JSON.stringify(definition),
          actor.userId,
        ]);
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw ApiError.conflict('A pathway with that key exists', undefined, [{ field: 'key', reason: 'already used' }]);
      }
      throw e;
    }
    return { key: definition.key, title: definition.title, version: null, status: 'draft' };
  }

  async draft(actor: Actor, key: string): Promise<ResolvedPathway> {
    await this.pathwayRow(this.dataSource.manager, actor, key, false, true);
    const row = await this.dataSource.getRepository(PathwayVersion).findOne({ where: { pathwayKey: key, status: 'draft' } });
    if (!row) throw ApiError.notFound('Draft');
    return this.resolve(row);
  }

  /** Replaces the draft, or opens one when the pathway has none. Published versions are never edited. */
  async replaceDraft(actor: Actor, key: string, input: unknown): Promise<PathwaySummary> {
    const definition = this.checkOrRefuse(input, key);
    await this.dataSource.transaction(async (m) => {
      await this.pathwayRow(m, actor, key, true);
      const [draft] = await m.query(`SELECT id FROM pathway_version WHERE pathway_key = $1 AND status = 'draft'`, [key]);
      if (draft) {
        await m.query('UPDATE pathway_version SET definition = $2, updated_at = now(), updated_by = $3 WHERE id = $1', [
          draft.id,
          JSON.stringify(definition),
          actor.userId,
        ]);
      } else {
        await m.query(`INSERT INTO pathway_version (pathway_key, status, definition, updated_by) VALUES ($1, 'draft', $2, $3)`, [
          key,
          JSON.stringify(definition),
          actor.userId,
        ]);
      }
    });
    return { key, title: definition.title, version: null, status: 'draft' };
  }

  async testDraft(actor: Actor, key: string) {
    const draft = await this.draft(actor, key);
    return runTestCases(draft.compiled);
  }

  /** Runs the draft's test cases; all pass -> a new immutable version, the previous one retired. */
  async publish(actor: Actor, key: string): Promise<PathwaySummary> {
    return this.dataSource.transaction(async (m) => {
      await this.pathwayRow(m, actor, key, true);
      const draft = await m.getRepository(PathwayVersion).findOne({ where: { pathwayKey: key, status: 'draft' } });
      if (!draft) throw ApiError.conflict('The pathway has no draft to publish');
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
        throw ApiError.invalid('A pathway needs test cases before it is published', [{ field: 'testCases', reason: 'at least one test case is required' }]);
      }
      const [{ next }] = await m.query('SELECT coalesce(max(version), 0) + 1 AS next FROM pathway_version WHERE pathway_key = $1', [key]);
      await m.query(`UPDATE pathway_version SET status = 'retired', updated_at = now() WHERE pathway_key = $1 AND status = 'published'`, [key]);
      await m.query(
        `UPDATE pathway_version SET status = 'published', version = $2, published_at = now(), published_by = $3, updated_at = now() WHERE id = $1`,
        [draft.id, next, actor.userId],
      );
      return { key, title: definition.title, version: Number(next), status: 'published' as const };
    });
  }

  /**
   * Replays the draft over the pathway's past cases (or, before there are any, its test cases):
   * how many would change category, from what to what.
   */
  async impact(actor: Actor, key: string) {
    const draft = await this.draft(actor, key);
    const past: Array<{ category: string; answers: unknown }> = await this.dataSource.query(
      'SELECT category, answers FROM triage_case WHERE pathway_key = $1 AND region_id = $2',
      [key, actor.regionId],
    );
    const source = past.length > 0 ? 'past_cases' : 'test_cases';
    const cases = past.length > 0 ? past : draft.definition.testCases.map((t) => ({ category: t.expected.category, answers: t.answers }));
    return { source, ...replayImpact(draft.compiled, cases) };
  }

  async fhir(actor: Actor, key: string) {
    const current = await this.published(actor, key);
    return toFhirQuestionnaire(current.definition, { version: current.row.version!, status: 'active' });
  }
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
  if ('invalid' in f.actual) return `${expected}, but the answers are invalid: ${f.actual.invalid.map((i) => `${i.field}: ${i.reason}`).join('; ')}`;
  return `${expected}, got ${f.actual.category} (score ${f.actual.score})`;
}
