import { compileCondition, ConditionError, ScoreValues, Values } from './conditions';
import type { Answers, Category, DefinitionIssue, Evaluation, FieldIssue, PathwayDefinition, Question, Reason } from './types';

type Check = (value: unknown) => string | null;

export type ValidationResult = { ok: true; answers: Answers } | { ok: false; issues: FieldIssue[] };

export interface CompiledPathway {
  readonly definition: PathwayDefinition;
  /** Every problem at once: missing, wrong type, out of range, too long, unknown, or answered while hidden. */
  validate(answers: unknown): ValidationResult;
  evaluate(answers: Answers): Evaluation;
  run(answers: unknown): { ok: true; evaluation: Evaluation; answers: Answers } | { ok: false; issues: FieldIssue[] };
  visibleQuestionIds(answers: Record<string, unknown>): string[];
}

export class PathwayCompileError extends Error {
  constructor(readonly issues: DefinitionIssue[]) {
    super(`The pathway definition does not compile: ${issues.map((i) => `${i.path}: ${i.reason}`).join('; ')}`);
  }
}

function typeCheck(q: Question): Check {
  const range = (v: number) =>
    q.min !== undefined && v < q.min ? `must be at least ${q.min}` : q.max !== undefined && v > q.max ? `must be at most ${q.max}` : null;
  switch (q.type) {
    case 'integer':
      return (v) => (typeof v !== 'number' || !Number.isInteger(v) ? 'must be a whole number' : range(v));
    case 'decimal':
      return (v) => (typeof v !== 'number' || !Number.isFinite(v) ? 'must be a number' : range(v));
    case 'boolean':
      return (v) => (typeof v !== 'boolean' ? 'must be true or false' : null);
    case 'choice': {
      const allowed = new Set((q.options ?? []).map((o) => o.value));
      const list = [...allowed].join(', ');
      return (v) => (typeof v !== 'string' || !allowed.has(v) ? `must be one of: ${list}` : null);
    }
    case 'text': {
      const max = q.maxLength ?? 2000;
      return (v) => (typeof v !== 'string' ? 'must be text' : v.length > max ? `must be at most ${max} characters` : null);
    }
  }
}

const NO_SCORE: ScoreValues = { total: 0, domains: {} };

/**
 * Compiles a checked definition once into closures. Throws PathwayCompileError with every condition
 * problem (unknown question, wrong types, unknown operator), each with its path.
 */
export function compilePathway(definition: PathwayDefinition): CompiledPathway {
  const issues: DefinitionIssue[] = [];
  const byId = new Map<string, { question: Question; index: number }>();
  definition.questions.forEach((question, index) => byId.set(question.id, { question, index }));
  const guard = <T>(fallback: T, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof ConditionError) {
        issues.push({ path: e.path, reason: e.reason });
        return fallback;
      }
      throw e;
    }
  };

  const questions = definition.questions.map((q, index) => ({
    id: q.id,
    required: q.required,
    check: typeCheck(q),
    shown: q.shownWhen === undefined ? null : guard(null, () => compileCondition(q.shownWhen!, `questions[${index}].shownWhen`, { questions: byId, before: index })),
  }));
  const known: Record<string, true> = Object.create(null);
  for (const q of definition.questions) known[q.id] = true;

  const domainIds = new Set((definition.score?.domains ?? []).map((d) => d.id));
  const domains = (definition.score?.domains ?? []).map((d, di) => ({
    id: d.id,
    cases: d.cases.map((c, ci) => ({
      when: guard(() => false, () => compileCondition(c.when, `score.domains[${di}].cases[${ci}].when`, { questions: byId })),
      points: c.points,
    })),
  }));
  const scoreMin = definition.score?.min ?? -Infinity;
  const scoreMax = definition.score?.max ?? Infinity;

  const categories = [...definition.categories].sort((a, b) => a.order - b.order);
  const categoryIndex = new Map(categories.map((c, i) => [c.key, i]));
  const fallback = categories.find((c) => c.fallback) ?? categories[categories.length - 1]!;
  const rules = definition.rules.map((r, i) => ({
    id: r.id,
    category: r.category,
    rank: categoryIndex.get(r.category) ?? Number.MAX_SAFE_INTEGER,
    reason: { ruleId: r.id, category: r.category, text: r.reason } as Reason,
    when: guard(() => false, () => compileCondition(r.when, `rules[${i}].when`, { questions: byId, scoreDomains: domainIds })),
  }));
  // Reasons come out in category order, then in the order the rules are written.
  rules.sort((x, y) => x.rank - y.rank);
  if (issues.length > 0) throw new PathwayCompileError(issues);

  const count = questions.length;
  const ids = questions.map((q) => q.id);

  /**
   * Checks `raw` into `vals` (valid answers by position). Returns the problems, or null; `clean` tells
   * whether `raw` holds exactly the valid answers (no nulls), so it can be used as it is.
   */
  let clean = false;
  const check = (raw: Record<string, unknown>, vals: unknown[]): FieldIssue[] | null => {
    let problems: FieldIssue[] | null = null;
    let keys = 0;
    let kept = 0;
    for (const key in raw) {
      keys++;
      if (known[key] !== true) (problems ??= []).push({ field: `answers.${key}`, reason: 'is not a question of this pathway' });
    }
    for (let i = 0; i < count; i++) {
      const q = questions[i]!;
      const value = raw[q.id];
      const present = value !== undefined && value !== null;
      if (q.shown !== null && !q.shown(vals, NO_SCORE)) {
        if (present) (problems ??= []).push({ field: `answers.${q.id}`, reason: 'must not be answered: the other answers hide this question' });
        continue;
      }
      if (!present) {
        if (q.required) (problems ??= []).push({ field: `answers.${q.id}`, reason: 'is required' });
        continue;
      }
      const problem = q.check(value);
      if (problem !== null) (problems ??= []).push({ field: `answers.${q.id}`, reason: problem });
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
  const NOT_AN_OBJECT: FieldIssue[] = [{ field: 'answers', reason: 'must be an object of answers by question id' }];

  const validate = (input: unknown): ValidationResult => {
    if (notAnObject(input)) return { ok: false, issues: NOT_AN_OBJECT.slice() };
    const vals = new Array<unknown>(count);
    const problems = check(input as Record<string, unknown>, vals);
    return problems === null ? { ok: true, answers: clean ? (input as Answers) : asObject(vals) } : { ok: false, issues: problems };
  };

  const categoryOf = new Map<string, Category>(categories.map((c) => [c.key, c]));

  const evaluateValues = (vals: Values): Evaluation => {
    const breakdown: Record<string, number> = {};
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
      breakdown[domain.id] = points;
      total += points;
    }
    if (total < scoreMin) total = scoreMin;
    if (total > scoreMax) total = scoreMax;
    const score: ScoreValues = { total, domains: breakdown };
    const reasons: Reason[] = [];
    let winner: Category | undefined;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (rule.when(vals, score)) {
        reasons.push(rule.reason);
        winner ??= categoryOf.get(rule.category);
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
  };

  const evaluate = (answers: Answers): Evaluation => {
    const vals = new Array<unknown>(count);
    for (let i = 0; i < count; i++) vals[i] = answers[ids[i]!];
    return evaluateValues(vals);
  };

  return {
    definition,
    validate,
    evaluate,
    run(input) {
      if (notAnObject(input)) return { ok: false, issues: NOT_AN_OBJECT.slice() };
      const vals = new Array<unknown>(count);
      const problems = check(input as Record<string, unknown>, vals);
      if (problems !== null) return { ok: false, issues: problems };
      return { ok: true, evaluation: evaluateValues(vals), answers: clean ? (input as Answers) : asObject(vals) };
    },
    visibleQuestionIds(input) {
      const vals = new Array<unknown>(count);
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
