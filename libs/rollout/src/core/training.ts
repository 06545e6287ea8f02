import type { Answers, AnswerValue, CompiledPathway, PathwayDefinition, Text } from '@app/pathways';

/** The states of a pathway at one health centre, in the order a centre goes through them. */
export const ROLLOUT_STATES = ['planned', 'training', 'live', 'paused'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/** A region's pass mark for the training vignettes when its administrator has set none. */
export const DEFAULT_PASS_SHARE = 0.9;

/** One test case shown to a nurse as a patient to triage: the facts, never the expected category. */
export interface Vignette {
  index: number;
  name: string;
  facts: Array<{ questionId: string; label: Text; value: AnswerValue; valueLabel?: Text }>;
}

/** A pathway's test cases as vignettes, each fact labelled as the form labels it. */
export function vignettesOf(definition: PathwayDefinition): Vignette[] {
  return definition.testCases.map((t, index) => ({
    index,
    name: t.name,
    // In the form's order, as the nurse will meet the questions.
    facts: definition.questions
      .filter((q) => ['number', 'boolean', 'string'].includes(typeof t.answers[q.id]))
      .map((q) => {
        const questionId = q.id;
        const value = t.answers[q.id] as AnswerValue;
        const option = q.options?.find((o) => o.value === value);
        return { questionId, label: q.label, value, ...(option ? { valueLabel: option.label } : {}) };
      }),
  }));
}

export type VignetteFeedback =
  | { index: number; correct: boolean; expected: string; got: string; reasons: Array<{ ruleId: string; text: Text }> }
  | { index: number; correct: false; expected: string; invalid: Array<{ field: string; reason: string }> };

/** The nurse's answers to one vignette against the category its test case expects. */
export function checkVignette(compiled: CompiledPathway, index: number, answers: Answers | Record<string, unknown>): VignetteFeedback {
  const expected = compiled.definition.testCases[index]!.expected.category;
  const result = compiled.run(answers);
  if (!result.ok) return { index, correct: false, expected, invalid: result.issues };
  const got = result.evaluation.category;
  return {
    index,
    correct: got === expected,
    expected,
    got,
    reasons: result.evaluation.reasons.map((r) => ({ ruleId: r.ruleId, text: r.text })),
  };
}

/** A whole attempt: every vignette answered once; passed when the share right reaches the pass mark. */
export function gradeAttempt(feedback: VignetteFeedback[], total: number, passShare: number): { score: number; passed: boolean } {
  const right = feedback.filter((f) => f.correct).length;
  const score = total === 0 ? 0 : right / total;
  // Four decimals, as stored; compared after rounding so that 9 of 10 passes a 0.9 mark.
  const rounded = Math.round(score * 10_000) / 10_000;
  return { score: rounded, passed: total > 0 && rounded >= passShare };
}
