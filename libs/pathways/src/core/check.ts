import { compilePathway } from './compile';
import { PathwayCompileError } from './compile-plan';
import { PathwayDefinitionSchema } from './schema';
import type { DefinitionIssue, PathwayDefinition } from './types';

export type DefinitionCheck = { ok: true; definition: PathwayDefinition } | { ok: false; issues: DefinitionIssue[] };

/**
 * Everything wrong with a definition, at once: its shape, then its meaning (ids, categories, the
 * fallback, conditions that name unknown questions or compare a boolean with a number, test cases).
 */
export function checkDefinition(input: unknown): DefinitionCheck {
  const parsed = PathwayDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        path: i.path.map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n === 0 ? '' : '.'}${String(p)}`)).join('') || '(definition)',
        reason: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
      })),
    };
  }
  const d = parsed.data as PathwayDefinition;
  const issues: DefinitionIssue[] = [];
  const duplicates = (items: string[], path: (i: number) => string, what: string) => {
    const seen = new Set<string>();
    items.forEach((id, i) => {
      if (seen.has(id)) issues.push({ path: path(i), reason: `duplicate ${what} "${id}"` });
      seen.add(id);
    });
  };
  duplicates(
    d.questions.map((q) => q.id),
    (i) => `questions[${i}].id`,
    'question id',
  );
  duplicates(
    d.rules.map((r) => r.id),
    (i) => `rules[${i}].id`,
    'rule id',
  );
  duplicates(
    d.categories.map((c) => c.key),
    (i) => `categories[${i}].key`,
    'category key',
  );
  duplicates(
    d.categories.map((c) => String(c.order)),
    (i) => `categories[${i}].order`,
    'category order',
  );
  duplicates(
    d.testCases.map((t) => t.name),
    (i) => `testCases[${i}].name`,
    'test case name',
  );
  if (d.score)
    duplicates(
      d.score.domains.map((x) => x.id),
      (i) => `score.domains[${i}].id`,
      'score domain',
    );

  d.questions.forEach((q, i) => {
    const at = `questions[${i}]`;
    const numeric = q.type === 'integer' || q.type === 'decimal';
    if (!numeric && (q.min !== undefined || q.max !== undefined))
      issues.push({ path: at, reason: 'min and max are for integer and decimal questions' });
    if (numeric && q.min !== undefined && q.max !== undefined && q.min > q.max)
      issues.push({ path: `${at}.min`, reason: 'is greater than max' });
    if (q.type === 'choice' && !q.options) issues.push({ path: `${at}.options`, reason: 'a choice question needs options' });
    if (q.type !== 'choice' && q.options) issues.push({ path: `${at}.options`, reason: 'only choice questions have options' });
    if (q.type !== 'text' && q.maxLength !== undefined)
      issues.push({ path: `${at}.maxLength`, reason: 'only text questions have a maximum length' });
    if (q.absentMeans !== undefined) {
      if (q.required) issues.push({ path: `${at}.absentMeans`, reason: 'a required question is never absent' });
      if (q.type === 'choice' && !q.options?.some((o) => o.value === q.absentMeans)) {
        issues.push({ path: `${at}.absentMeans`, reason: 'must be one of the options' });
      }
    }
    if (q.prefill === 'patient.ageYears' && q.type !== 'integer')
      issues.push({ path: `${at}.prefill`, reason: 'the age prefills an integer question' });
  });

  const keys = new Set(d.categories.map((c) => c.key));
  const fallbacks = d.categories.filter((c) => c.fallback);
  if (fallbacks.length !== 1)
    issues.push({ path: 'categories', reason: `exactly one category is the fallback (has fallback: true); found ${fallbacks.length}` });
  d.rules.forEach((r, i) => {
    if (!keys.has(r.category)) issues.push({ path: `rules[${i}].category`, reason: `unknown category "${r.category}"` });
    else if (fallbacks.some((f) => f.key === r.category))
      issues.push({ path: `rules[${i}].category`, reason: 'the fallback category has no rules: it is what remains' });
  });
  d.categories.forEach((c, i) => {
    if (c.inQueue && !c.bookable) issues.push({ path: `categories[${i}].inQueue`, reason: 'only a bookable category waits in the queue' });
    if (c.bookable && c.dueInDays === null)
      issues.push({ path: `categories[${i}].dueInDays`, reason: 'a bookable category needs a due time' });
    if (!c.fallback && !d.rules.some((r) => r.category === c.key))
      issues.push({ path: `categories[${i}]`, reason: `no rule leads to "${c.key}"` });
  });
  d.testCases.forEach((t, i) => {
    if (!keys.has(t.expected.category))
      issues.push({ path: `testCases[${i}].expected.category`, reason: `unknown category "${t.expected.category}"` });
  });
  if (d.score === undefined && d.ranking.some((r) => r.key === 'score'))
    issues.push({ path: 'ranking', reason: 'ranks by score, but the pathway has no score' });

  try {
    compilePathway(d);
  } catch (e) {
    if (e instanceof PathwayCompileError) issues.push(...e.issues);
    else throw e;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, definition: d };
}
