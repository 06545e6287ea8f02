import type { CompiledPathway } from './compile';
import type { FieldIssue } from './types';

export interface TestCaseResult {
  name: string;
  passed: boolean;
  expected: { category: string; score?: number };
  actual: { category: string; score: number } | { invalid: FieldIssue[] };
}

/** Runs the definition's own test cases: the proof that the rules say what the clinicians meant. */
export function runTestCases(compiled: CompiledPathway): TestCaseResult[] {
  return compiled.definition.testCases.map((t) => {
    const result = compiled.run(t.answers);
    if (!result.ok) return { name: t.name, passed: false, expected: t.expected, actual: { invalid: result.issues } };
    const { category, score } = result.evaluation;
    const passed = category === t.expected.category && (t.expected.score === undefined || t.expected.score === score);
    return { name: t.name, passed, expected: t.expected, actual: { category, score } };
  });
}

export interface ImpactReport {
  total: number;
  changed: number;
  unchanged: number;
  /** Past answers the draft would refuse (e.g. a new required question). */
  invalid: number;
  transitions: Array<{ from: string; to: string; count: number }>;
}

/** Replays a draft over past cases: how many would change category, from what to what. */
export function replayImpact(compiled: CompiledPathway, pastCases: Iterable<{ category: string; answers: unknown }>): ImpactReport {
  const counts = new Map<string, number>();
  let total = 0;
  let changed = 0;
  let invalid = 0;
  for (const c of pastCases) {
    total++;
    const result = compiled.run(c.answers);
    if (!result.ok) {
      invalid++;
      continue;
    }
    const to = result.evaluation.category;
    if (to === c.category) continue;
    changed++;
    const key = `${c.category}\u0000${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const transitions = [...counts.entries()]
    .map(([key, count]) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return { from, to, count };
    })
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { total, changed, unchanged: total - changed - invalid, invalid, transitions };
}
