import { byId, q, questionLabel, ruleName, same, words } from './change-words';
import type { DefinitionChange } from './diff';
import type { Condition, PathwayDefinition, Text } from './types';

interface Comparison {
  variable: string | null;
  value: unknown;
}

/** The literal operands of a condition in order, each with the question it is compared with (if any). */
function literals(condition: Condition, out: Comparison[] = [], variable: string | null = null): Comparison[] {
  if (Array.isArray(condition)) {
    const isVar = (x: unknown): x is { var: string } =>
      typeof x === 'object' && x !== null && typeof (x as { var?: unknown }).var === 'string';
    const v = condition.find(isVar);
    for (const x of condition) literals(x as Condition, out, v?.var ?? variable);
    return out;
  }
  if (condition !== null && typeof condition === 'object') {
    for (const [op, arg] of Object.entries(condition)) {
      if (op === 'var') continue;
      literals(arg as Condition, out, variable);
    }
    return out;
  }
  out.push({ variable, value: condition });
  return out;
}

/** The condition with its literals blanked: equal shapes differ only in their thresholds and values. */
function shape(condition: Condition): string {
  return JSON.stringify(condition, (_k, v: unknown) => (v === null || typeof v === 'object' ? v : '#'));
}

/** The condition of a rule changed: thresholds named one by one when only they differ, else the condition as a whole. */
function conditionChanges(from: Condition, to: Condition, name: Text, path: string, a: PathwayDefinition, b: PathwayDefinition) {
  const changes: DefinitionChange[] = [];
  if (same(from, to)) return changes;
  if (shape(from) === shape(to)) {
    const before = literals(from);
    const after = literals(to);
    before.forEach((x, i) => {
      const y = after[i]!;
      if (same(x.value, y.value)) return;
      const label = questionLabel(y.variable, a, b);
      changes.push({
        kind: 'rule',
        path,
        sv: `${label.sv}: gränsen ändrad från ${words(x.value, 'sv')} till ${words(y.value, 'sv')}; regeln ${name.sv} påverkad`,
        en: `${label.en}: the threshold changed from ${words(x.value, 'en')} to ${words(y.value, 'en')}; the rule ${name.en} affected`,
      });
    });
    return changes;
  }
  const used = [
    ...new Set(
      literals(to)
        .map((c) => c.variable)
        .filter((v): v is string => v !== null),
    ),
  ].map((v) => questionLabel(v, a, b));
  changes.push({
    kind: 'rule',
    path,
    sv: `Villkoret i regeln ${name.sv} ändrat${used.length ? ` (använder nu ${used.map((u) => u.sv).join(', ')})` : ''}`,
    en: `The condition of the rule ${name.en} changed${used.length ? ` (now uses ${used.map((u) => u.en).join(', ')})` : ''}`,
  });
  return changes;
}

/** The rules removed, added or changed (category, condition, reason, fallback), in words. */
export function ruleChanges(a: PathwayDefinition, b: PathwayDefinition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const after = byId(b.rules, (r) => r.id);
  const before = byId(a.rules, (r) => r.id);
  for (const x of a.rules) {
    if (!after.has(x.id)) {
      const name = ruleName(x, a.categories);
      out.push({ kind: 'rule', path: `rules[${x.id}]`, sv: `Regeln ${name.sv} borttagen`, en: `The rule ${name.en} removed` });
    }
  }
  for (const y of b.rules) {
    const x = before.get(y.id);
    const path = `rules[${y.id}]`;
    const name = ruleName(y, b.categories);
    if (!x) {
      out.push({ kind: 'rule', path, sv: `Ny regel ${name.sv}`, en: `New rule ${name.en}` });
      continue;
    }
    if (x.category !== y.category) {
      const from = ruleName(x, a.categories);
      out.push({ kind: 'rule', path, sv: `Regeln ${from.sv} leder nu till ${name.sv}`, en: `The rule ${from.en} now leads to ${name.en}` });
    }
    out.push(...conditionChanges(x.when, y.when, name, path, a, b));
    if (!same(x.reason, y.reason)) {
      out.push({
        kind: 'rule',
        path,
        sv: `Motiveringen ändrad från ${q(x.reason.sv)} till ${q(y.reason.sv)}`,
        en: `The reason changed from ${q(x.reason.en)} to ${q(y.reason.en)}`,
      });
    }
    if (Boolean(x.fallback) !== Boolean(y.fallback)) {
      out.push({
        kind: 'rule',
        path,
        sv: `Regeln ${name.sv} gäller nu ${y.fallback ? 'bara när ingen högre regel slår till' : 'även när en högre regel slår till'}`,
        en: `The rule ${name.en} now applies ${y.fallback ? 'only when no higher rule fires' : 'also when a higher rule fires'}`,
      });
    }
  }
  return out;
}
