import { answerShape, typeCheck } from './answer-checks';
import { compileCondition, ConditionError, type ScoreValues } from './conditions';
import { compileKleene } from './kleene';
import type { Category, DefinitionIssue, PathwayDefinition, Question, Reason } from './types';

export class PathwayCompileError extends Error {
  constructor(readonly issues: DefinitionIssue[]) {
    super(`The pathway definition does not compile: ${issues.map((i) => `${i.path}: ${i.reason}`).join('; ')}`);
  }
}

/** The score given to conditions that may not read it (shown-when conditions, score cases). */
export const NO_SCORE: ScoreValues = { total: 0, domains: {} };

/** A definition compiled into closures: its questions, score domains and rules, two- and three-valued. */
export type PathwayPlan = ReturnType<typeof compilePlan>;

/**
 * Compiles a checked definition once into closures. Throws PathwayCompileError with every condition
 * problem (unknown question, wrong types, unknown operator), each with its path.
 */
export function compilePlan(definition: PathwayDefinition) {
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
    shape: answerShape(q),
    // A plain object without this key still reads Object.prototype's (an id like "constructor").
    inherited: q.id in Object.prototype,
    shown:
      q.shownWhen === undefined
        ? null
        : guard(null, () => compileCondition(q.shownWhen!, `questions[${index}].shownWhen`, { questions: byId, before: index })),
    question: q,
  }));
  // Each question's position by id, for reading the answers' own keys in one pass.
  const indexOf: Record<string, number> = Object.create(null);
  definition.questions.forEach((q, index) => (indexOf[q.id] = index));

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
  const noPoints: Record<string, number> = {};
  for (const d of domains) noPoints[d.id] = 0;
  const scoreMin = definition.score?.min ?? -Infinity;
  const scoreMax = definition.score?.max ?? Infinity;

  const categories = [...definition.categories].sort((a, b) => a.order - b.order);
  const categoryIndex = new Map(categories.map((c, i) => [c.key, i]));
  const categoryOf = new Map<string, Category>(categories.map((c) => [c.key, c]));
  const fallback = categories.find((c) => c.fallback) ?? categories[categories.length - 1]!;
  const rules = definition.rules.map((r, i) => ({
    id: r.id,
    category: r.category,
    rank: categoryIndex.get(r.category) ?? Number.MAX_SAFE_INTEGER,
    categoryDef: categoryOf.get(r.category),
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

  return { questions, indexOf, domains, noPoints, scoreMin, scoreMax, categoryOf, fallback, rules, kShown, kDomains, kRules, count, ids };
}
