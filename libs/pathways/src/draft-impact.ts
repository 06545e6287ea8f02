import { type DataSource } from 'typeorm';
import { type AuditService } from '@app/audit';
import type { Actor, RequestContext } from '@app/identity';
import { diffDefinitions, impactInWords, replayImpact } from './core';
import type { PathwaysService } from './pathways.service';

/**
 * What a draft would change (issue 20, item 3): the replay over past cases in figures and in words, the
 * cases behind each number (the administrator's read of her region's cases, audited), and the changes
 * between two versions in words.
 */
export class DraftImpact {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly pathways: PathwaysService,
  ) {}

  /**
   * Replays the draft over the pathway's past cases (or, before there are any, its test cases):
   * how many would change category, from what to what; `revision` is the draft revision replayed.
   */
  async impact(actor: Actor, key: string) {
    const draft = await this.pathways.draft(actor, key);
    const past: Array<{ category: string; answers: unknown }> = await this.dataSource.query(
      'SELECT category, answers FROM triage_case WHERE pathway_key = $1 AND region_id = $2',
      [key, actor.regionId],
    );
    const source = past.length > 0 ? ('past_cases' as const) : ('test_cases' as const);
    const cases = past.length > 0 ? past : draft.definition.testCases.map((t) => ({ category: t.expected.category, answers: t.answers }));
    const report = replayImpact(draft.compiled, cases);
    const previous = await this.pathways.published(actor, key).then(
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
    const draft = await this.pathways.draft(ctx.actor, key);
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
    const side = (v: number | 'draft') => (v === 'draft' ? this.pathways.draft(actor, key) : this.pathways.version(actor, key, v));
    const [a, b] = [await side(from), await side(to)];
    return { key, from, to, changes: diffDefinitions(a.definition, b.definition) };
  }
}
