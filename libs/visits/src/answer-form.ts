import type { EntityManager } from 'typeorm';
import { ApiError, rowsOf } from '@app/common';
import { type AnswerPlan, answerPlansOf, type Text } from '@app/pathways';

/** What the answer form offers for a case: its pathway version's plans and the rules that fired on it. */
export interface AnswerFormFacts {
  plans: readonly AnswerPlan[];
  /** The rules of the case's pathway version that fired on it, by their reason text (the feedback may name them). */
  firedRules: Array<{ ruleId: string; text: Text }>;
}

/**
 * Issue 19: the plans of the specialist's answer come from the case's pathway version (the four
 * defaults when it names none), and the rules she may say misled are the case's own fired rules
 * (a follow-up's "as planned" reason is no rule of the pathway).
 */
export async function answerFormOf(m: Pick<EntityManager, 'query'>, caseId: string): Promise<AnswerFormFacts> {
  const [row] = await rowsOf<{ plans: AnswerPlan[] | null; rule_ids: string[] | null; reasons: Array<{ ruleId: string; text: Text }> }>(
    m,
    `SELECT pv.definition->'answerPlans' AS plans, c.reasons,
            (SELECT array_agg(r->>'id') FROM jsonb_array_elements(pv.definition->'rules') r) AS rule_ids
       FROM triage_case c JOIN pathway_version pv ON pv.pathway_key = c.pathway_key AND pv.version = c.pathway_version
      WHERE c.id = $1`,
    [caseId],
  );
  const rules = new Set(row?.rule_ids ?? []);
  return {
    plans: answerPlansOf({ answerPlans: row?.plans ?? undefined }),
    firedRules: (row?.reasons ?? []).filter((r) => rules.has(r.ruleId)).map((r) => ({ ruleId: r.ruleId, text: r.text })),
  };
}

/** The answer's plan among the case's pathway's plans; 422 naming `plan` and the plans there are when it is none of them. */
export async function answerPlanOfCase(m: Pick<EntityManager, 'query'>, caseId: string, key: string): Promise<AnswerPlan> {
  const { plans } = await answerFormOf(m, caseId);
  const plan = plans.find((p) => p.key === key);
  if (!plan) {
    throw ApiError.invalid("The plan is not one of the answer plans of the case's pathway", [
      { field: 'plan', reason: `must be one of ${plans.map((p) => p.key).join(', ')}` },
    ]);
  }
  return plan;
}
