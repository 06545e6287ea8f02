import { z } from 'zod';
import { ApiError, type Queryable } from '@app/common';

import { TRIAGE_VERDICTS } from './core/verdicts';

export { TRIAGE_VERDICTS, type TriageVerdict } from './core/verdicts';

/** `triageFeedback` in the specialist's answer (POST /visits/{id}/outcome). */
export const TriageFeedbackSchema = z
  .strictObject({
    verdict: z.enum(TRIAGE_VERDICTS),
    /** The rules that misled (ids of the case's pathway version). */
    ruleIds: z.array(z.string().min(1).max(63)).max(50).optional(),
  })
  .refine((f) => f.verdict !== 'appropriate' || !f.ruleIds?.length, {
    path: ['ruleIds'],
    message: 'name rules only when the triage was not appropriate',
  });
export type TriageFeedbackInput = z.infer<typeof TriageFeedbackSchema>;

/**
 * Stores the feedback on a case in the answer's transaction; rule ids must be rules of the version that
 * triaged the case (422 naming the one that is not, and the caller's transaction rolls back).
 */
export async function recordTriageFeedback(
  m: Queryable,
  args: { caseId: string; outcomeId: string; authorId: string; feedback: TriageFeedbackInput },
): Promise<void> {
  const [c]: Array<{ region_id: string; pathway_key: string; pathway_version: number; rule_ids: string[] }> = await m.query(
    `SELECT c.region_id, c.pathway_key, c.pathway_version,
            coalesce((SELECT array_agg(r->>'id') FROM jsonb_array_elements(v.definition->'rules') r), '{}') AS rule_ids
       FROM triage_case c JOIN pathway_version v ON v.pathway_key = c.pathway_key AND v.version = c.pathway_version WHERE c.id = $1`,
    [args.caseId],
  );
  if (!c) throw ApiError.notFound('Triage case');
  const named = args.feedback.ruleIds ?? [];
  const ruleIds = [...new Set(named)];
  const unknown = named.map((id, i) => ({ id, i })).filter(({ id }) => !c.rule_ids.includes(id));
  if (unknown.length > 0) {
    throw ApiError.invalid(
      'The feedback names rules the pathway version does not have',
      unknown.map(({ id, i }) => ({
        field: `triageFeedback.ruleIds.${i}`,
        reason: `${id} is not a rule of ${c.pathway_key} version ${c.pathway_version}`,
      })),
    );
  }
  await m.query(
    `INSERT INTO triage_feedback (case_id, visit_outcome_id, region_id, pathway_key, pathway_version, verdict, rule_ids, author_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [args.caseId, args.outcomeId, c.region_id, c.pathway_key, c.pathway_version, args.feedback.verdict, ruleIds, args.authorId],
  );
}
