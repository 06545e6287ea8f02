import { NO_SCORE, type PathwayPlan } from './compile-plan';
import type { ScoreValues, Values } from './conditions';
import type { Category, Evaluation, Reason } from './types';

/** The two-valued outcome of complete, valid answers by position: score, reasons and category. */
export function evaluateValues(plan: PathwayPlan, vals: Values): Evaluation {
  const { domains, scoreMin, scoreMax, rules, fallback } = plan;
  // Every domain's key at once, in order: one object shape, no property added key by key.
  const breakdown: Record<string, number> = { ...plan.noPoints };
  let total = 0;
  for (let d = 0; d < domains.length; d++) {
    const domain = domains[d]!;
    let points = 0;
    for (let c = 0; c < domain.cases.length; c++) {
      const kase = domain.cases[c]!;
      if (kase.when(vals, NO_SCORE)) {
        points = kase.points;
        break;
      }
    }
    // The copy already holds +0: a store fewer for every domain that gives nothing.
    if (!Object.is(points, 0)) breakdown[domain.id] = points;
    total += points;
  }
  if (total < scoreMin) total = scoreMin;
  if (total > scoreMax) total = scoreMax;
  const score: ScoreValues = { total, domains: breakdown };
  const reasons: Reason[] = [];
  let winner: Category | undefined;
  let winnerRank = Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    // A fallback rule stays silent once a higher category has fired.
    if (winnerRank < rule.silentAfter) continue;
    if (rule.when(vals, score)) {
      reasons.push(rule.reason);
      if (winner === undefined) {
        winner = rule.categoryDef;
        winnerRank = rule.rank;
      }
    }
  }
  const category = winner ?? fallback;
  const result: Evaluation = {
    category: category.key,
    dueInDays: category.dueInDays,
    score: total,
    scoreBreakdown: breakdown,
    reasons,
    bookable: category.bookable,
    inQueue: category.inQueue,
  };
  if (category.instruction) result.instruction = category.instruction;
  return result;
}
