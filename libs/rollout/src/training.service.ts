import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, type Queryable } from '@app/common';
import { AuditService } from '@app/audit';
import type { RequestContext } from '@app/identity';
import { PathwayDefinition, PathwaysService } from '@app/pathways';
import {
  checkVignette,
  DEFAULT_PASS_SHARE,
  gradeAttempt,
  RefresherVignette,
  refresherVignettes,
  VignetteFeedback,
  vignettesOf,
} from './core';
import type { CheckVignetteDto, TrainingAttemptDto } from './rollout.dto';

/** A region's pass mark for a pathway's vignettes (the default when its administrator set none). */
export async function passShareOf(m: Queryable, regionId: string, key: string): Promise<number> {
  const [row] = await m.query('SELECT pass_share FROM pathway_training_setting WHERE pathway_key = $1 AND region_id = $2', [key, regionId]);
  return row ? Number(row.pass_share) : DEFAULT_PASS_SHARE;
}

/** The refresher a nurse is asked for: the version she trained on and the vignettes that changed since (never empty). */
export interface Refresher {
  trainedVersion: number;
  vignettes: RefresherVignette[];
}

/**
 * The refresher due for a nurse on a pathway, or null: her latest training record is on an earlier version
 * than `current`, and a vignette changed since (see `refresherVignettes`). A record without a version (an
 * upgrade that had none at hand) asks for none: there is nothing to compare with.
 */
export async function refresherDue(
  m: Queryable,
  userId: string,
  key: string,
  current: { version: number; definition: PathwayDefinition },
): Promise<Refresher | null> {
  const [row]: Array<{ version: number; definition: PathwayDefinition } | undefined> = await m.query(
    `SELECT t.pathway_version AS version, v.definition
       FROM (SELECT pathway_version FROM pathway_training WHERE user_id = $1 AND pathway_key = $2 ORDER BY trained_at DESC LIMIT 1) t
       JOIN pathway_version v ON v.pathway_key = $2 AND v.version = t.pathway_version`,
    [userId, key],
  );
  if (!row || row.version >= current.version) return null;
  const vignettes = refresherVignettes(row.definition, current.definition);
  return vignettes.length > 0 ? { trainedVersion: row.version, vignettes } : null;
}

/**
 * The versions below the published one that ask a nurse trained on them for a refresher (vignettes changed
 * since), among the versions nurses are recorded on: for the rollout board's count of refreshers due.
 */
export async function versionsAskingRefresher(m: Queryable, key: string): Promise<number[]> {
  const rows: Array<{ version: number; trained_on: PathwayDefinition; current: PathwayDefinition }> = await m.query(
    `SELECT o.version, o.definition AS trained_on, v.definition AS current
       FROM pathway_version v JOIN pathway_version o ON o.pathway_key = v.pathway_key AND o.version < v.version
      WHERE v.pathway_key = $1 AND v.status = 'published'
        AND o.version IN (SELECT DISTINCT pathway_version FROM pathway_training WHERE pathway_key = $1)`,
    [key],
  );
  return rows.filter((r) => refresherVignettes(r.trained_on, r.current).length > 0).map((r) => r.version);
}

/**
 * The nurse's training mode (issue 19, item 3): the published version's test cases as vignettes, immediate
 * feedback on each, and an attempt graded on the server. A nurse trained on an earlier version whose
 * vignettes changed since is offered only those (the refresher); passing it records her on this version.
 */
@Injectable()
export class TrainingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly pathways: PathwaysService,
  ) {}

  /** The vignettes to work through, without what they expect: all of them, or the refresher's. */
  async vignettes(ctx: RequestContext, key: string) {
    const p = await this.pathways.published(ctx.actor, key);
    const m = this.dataSource.manager;
    const passShare = await passShareOf(m, ctx.actor.regionId, key);
    const refresher = await refresherDue(m, ctx.actor.userId, key, { version: p.row.version!, definition: p.definition });
    const all = vignettesOf(p.definition);
    if (!refresher) return { pathwayKey: key, version: p.row.version, passShare, mode: 'full' as const, vignettes: all };
    const chosen = new Set(refresher.vignettes.map((v) => v.index));
    return {
      pathwayKey: key,
      version: p.row.version,
      passShare,
      mode: 'refresher' as const,
      trainedVersion: refresher.trainedVersion,
      /** Why each is asked again (new, answers, expected, question) and which changed questions it answers. */
      changes: refresher.vignettes.map(({ index, reasons, questionIds }) => ({ index, reasons, questionIds })),
      vignettes: all.filter((v) => chosen.has(v.index)),
    };
  }

  /** Immediate feedback on one vignette; nothing is stored and no case is created. */
  async check(ctx: RequestContext, key: string, dto: CheckVignetteDto) {
    const p = await this.pathways.published(ctx.actor, key);
    if (dto.index >= p.definition.testCases.length) {
      throw ApiError.invalid('No such vignette', [{ field: 'index', reason: `must be below ${p.definition.testCases.length}` }]);
    }
    return checkVignette(p.compiled, dto.index, dto.answers);
  }

  /**
   * A whole attempt, graded on the server: over every vignette, or over the refresher's when one is due
   * (a vignette outside it is refused, so that a refresher is not passed on vignettes that did not change).
   * Passing records the nurse as trained on this version ('vignettes' or 'refresher').
   */
  async attempt(ctx: RequestContext, key: string, dto: TrainingAttemptDto) {
    const p = await this.pathways.published(ctx.actor, key);
    if (dto.version !== p.row.version) {
      throw ApiError.conflict('A new version of the pathway was published: start the training again', { version: p.row.version });
    }
    return this.dataSource.transaction(async (m: EntityManager) => {
      // Her record is read in the transaction that writes the new one, so two attempts at once are graded alike.
      const refresher = await refresherDue(m, ctx.actor.userId, key, { version: p.row.version!, definition: p.definition });
      const asked = refresher ? refresher.vignettes.map((v) => v.index) : p.definition.testCases.map((_, i) => i);
      const total = asked.length;
      const seen = new Set<number>();
      const feedback: VignetteFeedback[] = [];
      for (const [i, r] of dto.results.entries()) {
        const field = `results.${i}.index`;
        if (r.index >= p.definition.testCases.length) {
          throw ApiError.invalid('No such vignette', [{ field, reason: `must be below ${p.definition.testCases.length}` }]);
        }
        if (!asked.includes(r.index)) {
          throw ApiError.invalid('Only the vignettes that changed make the refresher', [
            { field, reason: `vignette ${r.index} is not part of your refresher` },
          ]);
        }
        if (seen.has(r.index)) throw ApiError.invalid('Each vignette counts once', [{ field, reason: 'repeated', code: 'duplicate' }]);
        seen.add(r.index);
        feedback.push(checkVignette(p.compiled, r.index, r.answers));
      }
      const passShare = await passShareOf(m, ctx.actor.regionId, key);
      const { score, passed } = gradeAttempt(feedback, total, passShare);
      const method = refresher ? 'refresher' : 'vignettes';
      if (passed) {
        await m.query(`INSERT INTO pathway_training (pathway_key, user_id, pathway_version, method, score) VALUES ($1, $2, $3, $4, $5)`, [
          key,
          ctx.actor.userId,
          p.row.version,
          method,
          score,
        ]);
      }
      await this.audit.record(m, ctx, {
        action: 'execute',
        resourceType: 'PathwayTraining',
        resourceId: `${key}@${ctx.actor.userId}`,
        outcome: 'success',
        detail: {
          pathwayKey: key,
          pathwayVersion: p.row.version,
          method,
          trainedVersion: refresher?.trainedVersion ?? null,
          score,
          passShare,
          passed,
        },
      });
      const correct = feedback.filter((f) => f.correct).length;
      const mode = refresher ? ('refresher' as const) : ('full' as const);
      return { pathwayKey: key, version: p.row.version, mode, total, correct, score, passShare, passed, feedback };
    });
  }
}
