import { answerIsValid } from './answer-checks';
import { compilePlan, NO_SCORE } from './compile-plan';
import { evaluateValues } from './evaluate-values';
import { kleeneOutcome } from './kleene-outcome';
import type { Answers, Assessment, Evaluation, FieldIssue, PathwayDefinition } from './types';

export type ValidationResult = { ok: true; answers: Answers } | { ok: false; issues: FieldIssue[] };

/**
 * Answers that may be incomplete: refused when anything but a missing answer is wrong; otherwise the
 * three-valued assessment, and the evaluation to store when the outcome is decided (else null).
 */
export type AssessResult =
  { ok: true; answers: Answers; assessment: Assessment; evaluation: Evaluation | null } | { ok: false; issues: FieldIssue[] };

export interface CompiledPathway {
  readonly definition: PathwayDefinition;
  /** Every problem at once: missing, wrong type, out of range, too long, unknown, or answered while hidden. */
  validate(answers: unknown): ValidationResult;
  evaluate(answers: Answers): Evaluation;
  run(answers: unknown): { ok: true; evaluation: Evaluation; answers: Answers } | { ok: false; issues: FieldIssue[] };
  visibleQuestionIds(answers: Record<string, unknown>): string[];
  assess(answers: unknown): AssessResult;
}

const REQUIRED = 'is required';

/**
 * Compiles a checked definition once into closures. Throws PathwayCompileError with every condition
 * problem (unknown question, wrong types, unknown operator), each with its path.
 */
export function compilePathway(definition: PathwayDefinition): CompiledPathway {
  const plan = compilePlan(definition);
  const { questions, indexOf, count, ids } = plan;

  /**
   * Checks `raw` into `vals` (valid answers by position). Returns the problems, or null; `clean` tells
   * whether `raw` holds exactly the valid answers (no nulls), so it can be used as it is.
   */
  let clean = false;
  // Copied per call: a packed array of `undefined` keeps the reads and writes of `vals` on V8's fast path.
  const blank: unknown[] = [];
  for (let i = 0; i < count; i++) blank.push(undefined);
  const check = (raw: Record<string, unknown>, vals: unknown[]): FieldIssue[] | null => {
    let problems: FieldIssue[] | null = null;
    let keys = 0;
    let kept = 0;
    // One pass over the answers' keys puts each value at its question's position: reading
    // raw[key] inside for-in is cheap, raw[q.id] across answers of many shapes is not.
    for (const key in raw) {
      keys++;
      const at = indexOf[key];
      if (at === undefined) {
        (problems ??= []).push({ field: `answers.${key}`, reason: 'is not a question of this pathway', code: 'unknown_field' });
      } else vals[at] = raw[key];
    }
    // In question order; shown-when conditions read only earlier positions, which hold valid answers by then.
    for (let i = 0; i < count; i++) {
      const q = questions[i]!;
      let value = vals[i];
      if (value === undefined && q.inherited) value = raw[q.id];
      vals[i] = undefined;
      const present = value !== undefined && value !== null;
      if (q.shown !== null && !q.shown(vals, NO_SCORE)) {
        if (present) {
          const reason = 'must not be answered: the other answers hide this question';
          (problems ??= []).push({ field: `answers.${q.id}`, reason, code: 'hidden_question' });
        }
        continue;
      }
      if (!present) {
        if (q.required) (problems ??= []).push({ field: `answers.${q.id}`, reason: REQUIRED, code: 'required' });
        continue;
      }
      const problem = answerIsValid(q.shape, value) ? null : q.check(value);
      if (problem !== null) (problems ??= []).push({ field: `answers.${q.id}`, ...problem });
      else {
        vals[i] = value;
        kept++;
      }
    }
    clean = kept === keys;
    return problems;
  };

  const asObject = (vals: unknown[]): Answers => {
    const answers: Answers = {};
    for (let i = 0; i < count; i++) if (vals[i] !== undefined) answers[ids[i]!] = vals[i] as Answers[string];
    return answers;
  };

  const notAnObject = (input: unknown): input is null => input === null || typeof input !== 'object' || Array.isArray(input);
  const NOT_AN_OBJECT: FieldIssue[] = [{ field: 'answers', reason: 'must be an object of answers by question id', code: 'not_an_object' }];

  const validate = (input: unknown): ValidationResult => {
    if (notAnObject(input)) return { ok: false, issues: NOT_AN_OBJECT.slice() };
    const vals = blank.slice();
    const problems = check(input as Record<string, unknown>, vals);
    return problems === null ? { ok: true, answers: clean ? (input as Answers) : asObject(vals) } : { ok: false, issues: problems };
  };

  const evaluate = (answers: Answers): Evaluation => {
    const vals = new Array<unknown>(count);
    for (let i = 0; i < count; i++) vals[i] = answers[ids[i]!];
    return evaluateValues(plan, vals);
  };

  const assess = (input: unknown): AssessResult => {
    if (notAnObject(input)) return { ok: false, issues: NOT_AN_OBJECT.slice() };
    const vals = blank.slice();
    const problems = check(input as Record<string, unknown>, vals);
    const missing: string[] = [];
    for (const p of problems ?? []) {
      if (p.reason !== REQUIRED) return { ok: false, issues: problems! };
      missing.push(p.field.slice('answers.'.length));
    }
    const answers = clean ? (input as Answers) : asObject(vals);
    const given = evaluateValues(plan, vals);
    const k = kleeneOutcome(plan, vals);
    const complete = missing.length === 0;
    let evaluation: Evaluation | null = complete ? given : null;
    if (!complete && k.category !== null) {
      const c = k.category;
      evaluation = { ...given, category: c.key, dueInDays: c.dueInDays, reasons: k.reasons, bookable: c.bookable, inQueue: c.inQueue };
      if (c.instruction) evaluation.instruction = c.instruction;
      else delete evaluation.instruction;
    }
    const assessment: Assessment = {
      complete,
      decided: k.category !== null,
      category: evaluation?.category ?? null,
      dueInDays: evaluation?.dueInDays ?? null,
      bookable: evaluation?.bookable ?? false,
      inQueue: evaluation?.inQueue ?? false,
      score: given.score,
      scoreBreakdown: given.scoreBreakdown,
      reasons: evaluation?.reasons ?? k.reasons,
      stillMatter: k.stillMatter,
      missing,
    };
    if (evaluation?.instruction) assessment.instruction = evaluation.instruction;
    return { ok: true, answers, assessment, evaluation };
  };

  return {
    definition,
    validate,
    assess,
    evaluate,
    run(input) {
      if (notAnObject(input)) return { ok: false, issues: NOT_AN_OBJECT.slice() };
      const vals = blank.slice();
      const problems = check(input as Record<string, unknown>, vals);
      if (problems !== null) return { ok: false, issues: problems };
      return { ok: true, evaluation: evaluateValues(plan, vals), answers: clean ? (input as Answers) : asObject(vals) };
    },
    visibleQuestionIds(input) {
      const vals = blank.slice();
      const visible: string[] = [];
      for (let i = 0; i < count; i++) {
        const q = questions[i]!;
        if (q.shown !== null && !q.shown(vals, NO_SCORE)) continue;
        visible.push(q.id);
        const value = input[q.id];
        if (value !== undefined && value !== null && q.check(value) === null) vals[i] = value;
      }
      return visible;
    },
  };
}
