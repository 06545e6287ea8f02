import { compileCondition, ConditionError, type ScoreValues, type Values } from './conditions';
import { compileKleene, exact, F, type KleeneState, type Possible, T, type Truth, truthOf, U, unanswered, unionDeps } from './kleene';
import type { Answers, Assessment, Category, DefinitionIssue, Evaluation, FieldIssue, PathwayDefinition, Question, Reason } from './types';

/** Why an answer is refused, or null: built only for a refused answer (the valid path allocates nothing). */
type Check = (value: unknown) => Omit<FieldIssue, 'field'> | null;

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

export class PathwayCompileError extends Error {
  constructor(readonly issues: DefinitionIssue[]) {
    super(`The pathway definition does not compile: ${issues.map((i) => `${i.path}: ${i.reason}`).join('; ')}`);
  }
}

function typeCheck(q: Question): Check {
  const range = (v: number): Omit<FieldIssue, 'field'> | null =>
    q.min !== undefined && v < q.min
      ? { reason: `must be at least ${q.min}`, code: 'too_small', params: { limit: q.min } }
      : q.max !== undefined && v > q.max
        ? { reason: `must be at most ${q.max}`, code: 'too_big', params: { limit: q.max } }
        : null;
  switch (q.type) {
    case 'integer':
      return (v) => (typeof v !== 'number' || !Number.isInteger(v) ? { reason: 'must be a whole number', code: 'not_integer' } : range(v));
    case 'decimal':
      return (v) =>
        typeof v !== 'number' || !Number.isFinite(v)
          ? { reason: 'must be a number', code: 'invalid_type', params: { expected: 'number' } }
          : range(v);
    case 'boolean':
      return (v) =>
        typeof v !== 'boolean' ? { reason: 'must be true or false', code: 'invalid_type', params: { expected: 'boolean' } } : null;
    case 'choice': {
      const allowed = new Set((q.options ?? []).map((o) => o.value));
      const list = [...allowed].join(', ');
      return (v) =>
        typeof v !== 'string' || !allowed.has(v)
          ? { reason: `must be one of: ${list}`, code: 'not_in_options', params: { values: list } }
          : null;
    }
    case 'text': {
      const max = q.maxLength ?? 2000;
      return (v): Omit<FieldIssue, 'field'> | null =>
        typeof v !== 'string'
          ? { reason: 'must be text', code: 'invalid_type', params: { expected: 'string' } }
          : v.length > max
            ? { reason: `must be at most ${max} characters`, code: 'too_long', params: { limit: max } }
            : null;
    }
  }
}

const NO_SCORE: ScoreValues = { total: 0, domains: {} };
const REQUIRED = 'is required';

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
    shown:
      q.shownWhen === undefined
        ? null
        : guard(null, () => compileCondition(q.shownWhen!, `questions[${index}].shownWhen`, { questions: byId, before: index })),
    question: q,
  }));
  const known: Record<string, true> = Object.create(null);
  for (const q of definition.questions) known[q.id] = true;

  const domainIds = new Set((definition.score?.domains ?? []).map((d) => d.id));
  const domains = (definition.score?.domains ?? []).map((d, di) => ({
    id: d.id,
    cases: d.cases.map((c, ci) => ({
      when: guard(
        () => false,
        () => compileCondition(c.when, `score.domains[${di}].cases[${ci}].when`, { questions: byId }),
      ),
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
    when: guard(
      () => false,
      () => compileCondition(r.when, `rules[${i}].when`, { questions: byId, scoreDomains: domainIds }),
    ),
    fallback: r.fallback === true,
    // A fallback rule is skipped once a category ranked above it has won; others never are (-1).
    silentAfter: r.fallback === true ? (categoryIndex.get(r.category) ?? Number.MAX_SAFE_INTEGER) : -1,
    source: r.when,
  }));
  // Reasons come out in category order, then in the order the rules are written.
  rules.sort((x, y) => x.rank - y.rank);
  if (issues.length > 0) throw new PathwayCompileError(issues);

  // The same conditions, three-valued, for answers that are not complete (see kleene.ts).
  const kShown = definition.questions.map((q) => (q.shownWhen === undefined ? null : compileKleene(q.shownWhen, { questions: byId })));
  const kDomains = (definition.score?.domains ?? []).map((d) => ({
    id: d.id,
    cases: d.cases.map((c) => ({ when: compileKleene(c.when, { questions: byId }), points: c.points })),
  }));
  const kRules = rules.map((r) => compileKleene(r.source, { questions: byId, scoreDomains: domainIds }));

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
      if (known[key] !== true) {
        (problems ??= []).push({ field: `answers.${key}`, reason: 'is not a question of this pathway', code: 'unknown_field' });
      }
    }
    for (let i = 0; i < count; i++) {
      const q = questions[i]!;
      const value = raw[q.id];
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
      const problem = q.check(value);
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
    let winnerRank = Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      // A fallback rule stays silent once a higher category has fired.
      if (winnerRank < rule.silentAfter) continue;
      if (rule.when(vals, score)) {
        reasons.push(rule.reason);
        if (winner === undefined) {
          winner = categoryOf.get(rule.category);
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
  };

  const evaluate = (answers: Answers): Evaluation => {
    const vals = new Array<unknown>(count);
    for (let i = 0; i < count; i++) vals[i] = answers[ids[i]!];
    return evaluateValues(vals);
  };

  /** The three-valued outcome of valid answers by position, some of which may be missing. */
  const kleeneOutcome = (vals: Values): { category: Category | null; reasons: Reason[]; stillMatter: string[] } => {
    const poss = new Array<Possible>(count);
    const answered = new Array<Truth>(count);
    const answeredDeps = new Array<readonly number[]>(count);
    const domainValues: Record<string, Possible> = {};
    const st: KleeneState = { poss, answered, answeredDeps, score: { total: exact(0), domains: domainValues } };
    for (let i = 0; i < count; i++) {
      const q = questions[i]!;
      if (vals[i] !== undefined) {
        poss[i] = exact(vals[i]);
        answered[i] = T;
        answeredDeps[i] = [];
        continue;
      }
      const shownWhen = kShown[i];
      const shownP = shownWhen ? shownWhen(st) : null;
      const shown = shownP ? truthOf(shownP) : T;
      if (shown === F) {
        poss[i] = exact(q.question.absentMeans);
        answered[i] = F;
        answeredDeps[i] = [];
        continue;
      }
      // Unanswered: its own answer, and (while undecided) whether it is shown at all, are open.
      const deps = shown === U ? unionDeps([i], shownP!.deps) : [i];
      const mayBeAbsent = shown === U || !q.required;
      poss[i] = unanswered(q.question, mayBeAbsent, deps);
      answered[i] = mayBeAbsent ? U : T;
      answeredDeps[i] = deps;
    }
    let lo = 0;
    let hi = 0;
    let scoreDeps: readonly number[] = [];
    for (const d of kDomains) {
      let dlo = Infinity;
      let dhi = -Infinity;
      let deps: readonly number[] = [];
      let settled = false;
      for (const c of d.cases) {
        const p = c.when(st);
        const t = truthOf(p);
        if (t === F) continue;
        dlo = Math.min(dlo, c.points);
        dhi = Math.max(dhi, c.points);
        if (t === T) {
          settled = true;
          break;
        }
        deps = unionDeps(deps, p.deps);
      }
      if (!settled) {
        dlo = Math.min(dlo, 0);
        dhi = Math.max(dhi, 0);
      }
      domainValues[d.id] = dlo === dhi ? exact(dlo) : { kind: 'range', lo: dlo, hi: dhi, absent: false, deps };
      lo += dlo;
      hi += dhi;
      scoreDeps = unionDeps(scoreDeps, deps);
    }
    lo = Math.min(Math.max(lo, scoreMin), scoreMax);
    hi = Math.min(Math.max(hi, scoreMin), scoreMax);
    st.score.total = lo === hi ? exact(lo) : { kind: 'range', lo, hi, absent: false, deps: scoreDeps };

    // Each rule's truth; a fallback rule is false once a higher category is true, open while one is open.
    const truths = new Array<Truth>(rules.length);
    const ruleDeps = new Array<readonly number[]>(rules.length);
    let higherT = false;
    let higherU = false;
    let higherDeps: readonly number[] = [];
    let groupT = false;
    let groupU = false;
    let groupDeps: readonly number[] = [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (i > 0 && rule.rank !== rules[i - 1]!.rank) {
        higherT ||= groupT;
        higherU ||= groupU;
        higherDeps = unionDeps(higherDeps, groupDeps);
        groupT = groupU = false;
        groupDeps = [];
      }
      const p = kRules[i]!(st);
      let t = truthOf(p);
      let deps = p.deps;
      if (rule.fallback && t !== F) {
        if (higherT) t = F;
        else if (higherU) {
          t = U;
          deps = unionDeps(deps, higherDeps);
        }
      }
      truths[i] = t;
      ruleDeps[i] = deps;
      if (t === T) groupT = true;
      if (t === U) {
        groupU = true;
        groupDeps = unionDeps(groupDeps, deps);
      }
    }
    // The category is decided by the first category with a true rule, if no higher one is open.
    let category: Category | null = null;
    let open = false;
    let matter: readonly number[] = [];
    let i = 0;
    while (i < rules.length) {
      const rank = rules[i]!.rank;
      let anyT = false;
      let anyU = false;
      let groupMatter: readonly number[] = [];
      let j = i;
      for (; j < rules.length && rules[j]!.rank === rank; j++) {
        if (truths[j] === T) anyT = true;
        else if (truths[j] === U) {
          anyU = true;
          groupMatter = unionDeps(groupMatter, ruleDeps[j]!);
        }
      }
      if (anyT) {
        if (!open) category = categoryOf.get(rules[i]!.category)!;
        break;
      }
      if (anyU) {
        open = true;
        matter = unionDeps(matter, groupMatter);
      }
      i = j;
    }
    if (i >= rules.length && !open) category = fallback;
    const reasons: Reason[] = [];
    for (let i = 0; i < rules.length; i++) if (truths[i] === T) reasons.push(rules[i]!.reason);
    const stillMatter = category !== null ? [] : [...matter].sort((x, y) => x - y).map((i) => ids[i]!);
    return { category, reasons, stillMatter };
  };

  const assess = (input: unknown): AssessResult => {
    if (notAnObject(input)) return { ok: false, issues: NOT_AN_OBJECT.slice() };
    const vals = new Array<unknown>(count);
    const problems = check(input as Record<string, unknown>, vals);
    const missing: string[] = [];
    for (const p of problems ?? []) {
      if (p.reason !== REQUIRED) return { ok: false, issues: problems! };
      missing.push(p.field.slice('answers.'.length));
    }
    const answers = clean ? (input as Answers) : asObject(vals);
    const given = evaluateValues(vals);
    const k = kleeneOutcome(vals);
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
