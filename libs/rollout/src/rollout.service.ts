import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, clinicDate, type DbRow } from '@app/common';
import { agreementQueueSql, AuditService, ownQueueSql, ownSpecialtySql } from '@app/audit';
import type { RequestContext } from '@app/identity';
import { PathwayDefinition, pathwayVisibleSql, PathwaysService, type Text } from '@app/pathways';
import type { RolloutState } from './core';
import type { RuleFeedbackQueryDto, SetRolloutDto } from './rollout.dto';
import { passShareOf, refresherDue, versionsAskingRefresher } from './training.service';

export interface RolloutView {
  healthCentreId: string;
  healthCentreName: string;
  state: RolloutState;
  liveFrom: string | null;
  /** Active nurses of the centre, and how many of them have a training record for the pathway. */
  nurses: number;
  trainedNurses: number;
  /** Of the trained, those whose latest record is on a version that asks for a refresher now. */
  refresherDue: number;
}

export interface TrainingRecordView {
  userId: string;
  displayName: string;
  healthCentreId: string | null;
  trained: boolean;
  trainedAt: string | null;
  pathwayVersion: number | null;
  method: 'recorded' | 'vignettes' | 'upgrade' | 'refresher' | null;
  score: number | null;
  recordedBy: string | null;
}

@Injectable()
export class RolloutService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly pathways: PathwaysService,
  ) {}

  /** 404 unless the caller's region may use the pathway (shipped, its own or adopted). */
  private async visible(m: EntityManager, ctx: RequestContext, key: string): Promise<void> {
    if (!(await this.pathways.visibleToRegion(m, ctx.actor.regionId, key))) throw ApiError.notFound('Pathway');
  }

  /** Every health centre of the caller's region with the pathway's state there (no row: planned). */
  async rollouts(ctx: RequestContext, key: string): Promise<{ pathwayKey: string; passShare: number; rollouts: RolloutView[] }> {
    return this.dataSource.transaction(async (m) => {
      await this.visible(m, ctx, key);
      const stale = await versionsAskingRefresher(m, key);
      type Counts = Record<'nurses' | 'trained' | 'refresher', number>;
      type Row = { id: string; name: string; state: RolloutState | null; live_from: string | null } & Counts;
      const rows: Row[] = await m.query(
        `SELECT h.id, h.name, r.state, r.live_from::text AS live_from,
                (SELECT count(*) FROM app_user u WHERE u.health_centre_id = h.id AND u.role = 'nurse' AND u.active)::int AS nurses,
                (SELECT count(*) FROM app_user u WHERE u.health_centre_id = h.id AND u.role = 'nurse' AND u.active
                    AND EXISTS (SELECT 1 FROM pathway_training t WHERE t.user_id = u.id AND t.pathway_key = $2))::int AS trained,
                (SELECT count(*) FROM app_user u WHERE u.health_centre_id = h.id AND u.role = 'nurse' AND u.active
                    AND (SELECT t.pathway_version FROM pathway_training t WHERE t.user_id = u.id AND t.pathway_key = $2
                          ORDER BY t.trained_at DESC LIMIT 1) = ANY($3::int[]))::int AS refresher
           FROM health_centre h LEFT JOIN pathway_rollout r ON r.health_centre_id = h.id AND r.pathway_key = $2
          WHERE h.region_id = $1 ORDER BY h.name`,
        [ctx.actor.regionId, key, stale],
      );
      return {
        pathwayKey: key,
        passShare: await passShareOf(m, ctx.actor.regionId, key),
        rollouts: rows.map((r) => ({
          healthCentreId: r.id,
          healthCentreName: r.name,
          state: r.state ?? 'planned',
          liveFrom: r.live_from,
          nurses: r.nurses,
          trainedNurses: r.trained,
          refresherDue: r.refresher,
        })),
      };
    });
  }

  async setRollout(ctx: RequestContext, key: string, healthCentreId: string, dto: SetRolloutDto): Promise<RolloutView> {
    await this.dataSource.transaction(async (m) => {
      await this.visible(m, ctx, key);
      const [centre] = await m.query('SELECT id FROM health_centre WHERE id = $1 AND region_id = $2', [healthCentreId, ctx.actor.regionId]);
      if (!centre) throw ApiError.notFound('Health centre');
      if (dto.state === 'live') {
        const [published] = await m.query(`SELECT 1 FROM pathway_version WHERE pathway_key = $1 AND status = 'published'`, [key]);
        if (!published)
          throw ApiError.invalid('A pathway goes live once it is published', [
            { field: 'state', reason: 'the pathway has no published version' },
          ]);
      }
      // Lock the row (or the gap) so two administrators changing one centre are applied in turn.
      const [before]: Array<{ state: RolloutState; live_from: string | null }> = await m.query(
        'SELECT state, live_from::text AS live_from FROM pathway_rollout WHERE pathway_key = $1 AND health_centre_id = $2 FOR UPDATE',
        [key, healthCentreId],
      );
      // Going live keeps the date it first went live (resumed after a pause) unless another is given.
      const liveFrom = dto.liveFrom ?? before?.live_from ?? (dto.state === 'live' ? clinicDate(new Date()) : null);
      await m.query(
        `INSERT INTO pathway_rollout (pathway_key, health_centre_id, state, live_from, updated_by) VALUES ($1, $2, $3, $4::date, $5)
         ON CONFLICT (pathway_key, health_centre_id) DO UPDATE SET state = EXCLUDED.state, live_from = EXCLUDED.live_from,
           updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [key, healthCentreId, dto.state, liveFrom, ctx.actor.userId],
      );
      await this.audit.record(m, ctx, {
        action: before ? 'update' : 'create',
        resourceType: 'PathwayRollout',
        resourceId: `${key}@${healthCentreId}`,
        outcome: 'success',
        detail: { pathwayKey: key, healthCentreId, from: before?.state ?? 'planned', to: dto.state, liveFrom },
      });
    });
    const all = await this.rollouts(ctx, key);
    return all.rollouts.find((r) => r.healthCentreId === healthCentreId)!;
  }

  async setPassShare(ctx: RequestContext, key: string, passShare: number): Promise<{ pathwayKey: string; passShare: number }> {
    await this.dataSource.transaction(async (m) => {
      await this.visible(m, ctx, key);
      const previous = await passShareOf(m, ctx.actor.regionId, key);
      await m.query(
        `INSERT INTO pathway_training_setting (pathway_key, region_id, pass_share, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (pathway_key, region_id) DO UPDATE SET pass_share = EXCLUDED.pass_share, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [key, ctx.actor.regionId, passShare, ctx.actor.userId],
      );
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'PathwayTrainingSetting',
        resourceId: key,
        outcome: 'success',
        detail: { from: previous, to: passShare },
      });
    });
    return { pathwayKey: key, passShare };
  }

  /** Every nurse of the caller's region with her latest training record for the pathway. */
  async trainingRecords(ctx: RequestContext, key: string): Promise<TrainingRecordView[]> {
    return this.dataSource.transaction(async (m) => {
      await this.visible(m, ctx, key);
      const rows = await m.query(
        `SELECT u.id, u.display_name, u.health_centre_id, t.trained_at, t.pathway_version, t.method, t.score, t.recorded_by
           FROM app_user u
           LEFT JOIN LATERAL (SELECT * FROM pathway_training t WHERE t.user_id = u.id AND t.pathway_key = $2 ORDER BY t.trained_at DESC LIMIT 1) t ON true
          WHERE u.region_id = $1 AND u.role = 'nurse' AND u.active ORDER BY u.display_name, u.id`,
        [ctx.actor.regionId, key],
      );
      return rows.map((r: DbRow) => ({
        userId: r.id,
        displayName: r.display_name,
        healthCentreId: r.health_centre_id,
        trained: r.trained_at !== null,
        trainedAt: r.trained_at ? (r.trained_at as Date).toISOString() : null,
        pathwayVersion: r.pathway_version,
        method: r.method,
        score: r.score === null ? null : Number(r.score),
        recordedBy: r.recorded_by,
      }));
    });
  }

  /** An administrator records a nurse of her region as trained (a course held, say), on the published version. */
  async recordTraining(ctx: RequestContext, key: string, userId: string): Promise<TrainingRecordView> {
    await this.dataSource.transaction(async (m) => {
      await this.visible(m, ctx, key);
      const [user] = await m.query('SELECT role FROM app_user WHERE id = $1 AND region_id = $2', [userId, ctx.actor.regionId]);
      if (!user) throw ApiError.notFound('User');
      if (user.role !== 'nurse')
        throw ApiError.invalid('Only nurses triage, so only nurses are trained', [
          { field: 'userId', reason: `is a ${user.role}, not a nurse` },
        ]);
      const [published] = await m.query(`SELECT version FROM pathway_version WHERE pathway_key = $1 AND status = 'published'`, [key]);
      if (!published)
        throw ApiError.invalid('Training is on a published version', [
          { field: 'pathwayKey', reason: 'the pathway has no published version' },
        ]);
      await m.query(
        `INSERT INTO pathway_training (pathway_key, user_id, pathway_version, method, recorded_by) VALUES ($1, $2, $3, 'recorded', $4)`,
        [key, userId, published.version, ctx.actor.userId],
      );
      await this.audit.record(m, ctx, {
        action: 'create',
        resourceType: 'PathwayTraining',
        resourceId: `${key}@${userId}`,
        outcome: 'success',
        detail: { pathwayKey: key, userId, pathwayVersion: published.version, method: 'recorded' },
      });
    });
    return (await this.trainingRecords(ctx, key)).find((r) => r.userId === userId)!;
  }

  /**
   * The nurse's pathways: those live at her centre or in training there, with her training status and,
   * when a version published since she trained changed vignettes, the refresher due (`refresherDue`, and
   * how many vignettes it has). A refresher due does not stop her submitting: see `rolloutProblems`.
   */
  async mine(ctx: RequestContext) {
    const actor = ctx.actor;
    const rows = await this.dataSource.query(
      `SELECT p.key, v.version, v.definition, r.state, r.live_from::text AS live_from, t.trained_at, t.pathway_version AS trained_version
         FROM pathway p
         JOIN pathway_version v ON v.pathway_key = p.key AND v.status = 'published'
         JOIN pathway_rollout r ON r.pathway_key = p.key AND r.health_centre_id = $2 AND r.state IN ('live', 'training')
         LEFT JOIN LATERAL (SELECT trained_at, pathway_version FROM pathway_training t WHERE t.user_id = $3 AND t.pathway_key = p.key
                             ORDER BY t.trained_at DESC LIMIT 1) t ON true
        WHERE ${pathwayVisibleSql('p', '$1')}
        ORDER BY p.key`,
      [actor.regionId, actor.healthCentreId, actor.userId],
    );
    return Promise.all(
      rows.map(async (r: DbRow) => {
        // Only a record on an earlier version can ask for a refresher; the others cost no further read.
        const stale = r.trained_version !== null && r.trained_version < r.version;
        const current = r as { version: number; definition: PathwayDefinition };
        const refresher = stale ? await refresherDue(this.dataSource, actor.userId, r.key, current) : null;
        return {
          key: r.key,
          title: r.definition.title,
          version: r.version,
          specialty: r.definition.specialty ?? null,
          state: r.state,
          liveFrom: r.live_from,
          trained: r.trained_at !== null,
          trainedAt: r.trained_at ? (r.trained_at as Date).toISOString() : null,
          trainedVersion: r.trained_version,
          refresherDue: refresher !== null,
          refresherVignettes: refresher?.vignettes.length ?? 0,
          /** She may submit cases on it now (a refresher due asks, and does not stop her). */
          usable: r.state === 'live' && r.trained_at !== null,
        };
      }),
    );
  }

  /**
   * Per rule of the pathway, over the region's cases: times it fired (its reason is on the case), times it
   * was overridden (the case was re-triaged, or the specialist's feedback said the triage was wrong and
   * named this rule or no rule), the share, and a flag over the threshold. Follow-up cases are not triage.
   */
  async ruleFeedback(ctx: RequestContext, key: string, q: RuleFeedbackQueryDto) {
    return this.dataSource.transaction(async (m) => {
      await this.visible(m, ctx, key);
      const rows: Array<Record<string, string | number>> = await m.query(
        `WITH fired AS (
           SELECT r->>'ruleId' AS rule_id, c.original_category IS NOT NULL AS retriaged, f.verdict,
                  (f.verdict IS NOT NULL AND f.verdict <> 'appropriate' AND (cardinality(f.rule_ids) = 0 OR r->>'ruleId' = ANY(f.rule_ids))) AS wrong
             FROM triage_case c
             CROSS JOIN LATERAL jsonb_array_elements(c.reasons) r
             LEFT JOIN triage_feedback f ON f.case_id = c.id
            WHERE c.pathway_key = $1 AND c.region_id = $2 AND NOT ('follow_up' = ANY(c.flags)))
         SELECT rule_id, count(*)::int AS fired, count(*) FILTER (WHERE retriaged OR wrong)::int AS overridden,
                count(*) FILTER (WHERE retriaged)::int AS retriaged,
                count(*) FILTER (WHERE verdict = 'appropriate')::int AS appropriate,
                count(*) FILTER (WHERE verdict = 'should_have_stayed_in_primary_care' AND wrong)::int AS should_have_stayed_in_primary_care,
                count(*) FILTER (WHERE verdict = 'should_have_been_more_urgent' AND wrong)::int AS should_have_been_more_urgent,
                count(*) FILTER (WHERE verdict = 'should_have_been_less_urgent' AND wrong)::int AS should_have_been_less_urgent
           FROM fired GROUP BY rule_id ORDER BY rule_id`,
        [key, ctx.actor.regionId],
      );
      const byRule = new Map(rows.map((r) => [r.rule_id as string, r]));
      // Every rule of the published version, fired or not, and any older rule that still has cases.
      const [published] = await m.query(
        `SELECT definition->'rules' AS rules FROM pathway_version WHERE pathway_key = $1 AND status = 'published'`,
        [key],
      );
      const ids = [...new Set([...((published?.rules ?? []) as Array<{ id: string }>).map((r) => r.id), ...byRule.keys()])];
      const rules = ids.map((ruleId) => {
        const r = byRule.get(ruleId);
        const fired = Number(r?.fired ?? 0);
        const overridden = Number(r?.overridden ?? 0);
        const share = fired === 0 ? 0 : Math.round((overridden / fired) * 10_000) / 10_000;
        return {
          ruleId,
          fired,
          overridden,
          share,
          flagged: fired >= q.minFired && share >= q.threshold,
          retriaged: Number(r?.retriaged ?? 0),
          verdicts: {
            appropriate: Number(r?.appropriate ?? 0),
            should_have_stayed_in_primary_care: Number(r?.should_have_stayed_in_primary_care ?? 0),
            should_have_been_more_urgent: Number(r?.should_have_been_more_urgent ?? 0),
            should_have_been_less_urgent: Number(r?.should_have_been_less_urgent ?? 0),
          },
        };
      });
      return { pathwayKey: key, threshold: q.threshold, minFired: q.minFired, rules };
    });
  }

  /**
   * The queues the caller may read: for a specialist the published pathways of her specialties (or naming
   * none) and those an agreement in force gives her region; for an administrator every published one.
   */
  async queues(ctx: RequestContext): Promise<Array<{ key: string; title: Text; specialty: string | null }>> {
    const actor = ctx.actor;
    const params: unknown[] = [actor.regionId];
    return this.dataSource.query(
      `SELECT p.key, v.definition->'title' AS title, v.definition->>'specialty' AS specialty
         FROM pathway p JOIN pathway_version v ON v.pathway_key = p.key AND v.status = 'published'
        WHERE ${pathwayVisibleSql('p', '$1')} AND (${ownQueueSql('p', actor, params)} OR ${agreementQueueSql('p', actor, params)})
        -- Her own specialty's queues first (the screen opens on the first), then the rest by key.
        ORDER BY ${ownSpecialtySql('v', actor, params)} DESC, p.key`,
      params,
    );
  }

  /** The specialties with their labels and the profession's name, for every text that names one. */
  specialties(ctx: RequestContext): Promise<Array<{ key: string; label: Text; profession: Text; mine: boolean }>> {
    // `mine`: the caller's own (a specialist's), so screens name her profession from data.
    return this.dataSource.query(
      'SELECT key, label, profession, EXISTS (SELECT 1 FROM user_specialty us WHERE us.user_id = $1 AND us.specialty_key = s.key) AS mine FROM specialty s ORDER BY key',
      [ctx.actor.userId],
    );
  }
}
