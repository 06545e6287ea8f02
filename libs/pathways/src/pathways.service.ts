import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '@app/common';
import { AuditService } from '@app/audit';
import type { Actor } from '@app/identity';
import { compilePathway, CompiledPathway, PathwayDefinition, toFhirQuestionnaire } from './core';
import { DraftImpact } from './draft-impact';
import { PathwayDraftWrites } from './draft-writes';
import { Pathway, PathwayVersion } from './pathway.entities';
import { loadShippedPathways } from './shipped-loader';
import { PathwaySignOff, signOffView } from './sign-off';

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
  /** New pathways, copies, draft saves, test runs, publishing and the return to a version. */
  readonly writes: PathwayDraftWrites;
  /** What a draft would change: the impact on past cases, the cases behind it, the changes in words. */
  readonly impacts: DraftImpact;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    this.signOff = new PathwaySignOff(dataSource, audit, (m, actor, key, access, lock) => this.pathwayRow(m, actor, key, access, lock));
    this.writes = new PathwayDraftWrites(dataSource, audit, this);
    this.impacts = new DraftImpact(dataSource, audit, this);
  }

  /** The product's shipped pathways, loaded (or updated) as read-only templates at start-up. */
  async onModuleInit(): Promise<void> {
    await loadShippedPathways(this.dataSource, this.audit, this.logger);
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
  async pathwayRow(m: EntityManager, actor: Actor, key: string, access: Access = 'use', lock = false): Promise<Pathway> {
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

  /** After a publication: the next read of the published version goes to the database. */
  forgetPublished(): void {
    this.publishedCache.clear();
  }

  /**
   * The published version from a short cache, for the hot path of triage. Whoever uses it must check,
   * in its own write, that the version is still the published one (see CaseSubmissionService.submit in libs/triage/src/case-submission.ts).
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

  async draft(actor: Actor, key: string): Promise<ResolvedPathway> {
    await this.pathwayRow(this.dataSource.manager, actor, key, 'review');
    const row = await this.dataSource.getRepository(PathwayVersion).findOne({ where: { pathwayKey: key, status: 'draft' } });
    if (!row) throw ApiError.notFound('Draft');
    return this.resolve(row);
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
