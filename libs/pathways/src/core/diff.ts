import { levelAndPlanChanges } from './levels';
import type { ImpactReport } from './test-cases';
import type { Category, Condition, PathwayDefinition, Question, Rule, Text } from './types';

/**
 * The changes between two versions of a pathway in words, Swedish and English (issue 20, item 3), for
 * the reviewer who signs off a change and the administrator who makes it: "Morgonstelhet (minuter):
 * gränsen ändrad från 30 till 45 i regeln «Tidig artrit»" rather than a JSON diff.
 */
export interface DefinitionChange {
  /** What changed: a question, a rule, a category, the ranking, a test case, or the pathway itself. */
  kind: 'pathway' | 'question' | 'rule' | 'category' | 'ranking' | 'score' | 'testCase' | 'scheduling';
  /** The definition's path of the changed part (`questions[morning_stiffness_minutes]`), for linking to the editor. */
  path: string;
  sv: string;
  en: string;
}

const q = (s: string) => `«${s}»`;
const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const yesNo = { sv: (b: boolean) => (b ? 'ja' : 'nej'), en: (b: boolean) => (b ? 'yes' : 'no') };

const TYPE_NAMES: Record<Question['type'], Text> = {
  integer: { sv: 'heltal', en: 'whole number' },
  decimal: { sv: 'decimaltal', en: 'decimal number' },
  boolean: { sv: 'ja/nej', en: 'yes/no' },
  choice: { sv: 'val', en: 'choice' },
  text: { sv: 'fritext', en: 'free text' },
};

/** A rule's name in words: its category and the start of its reason (rule ids are for programmers). */
function ruleName(rule: Rule, categories: Category[]): Text {
  const category = categories.find((c) => c.key === rule.category)?.label ?? { sv: rule.category, en: rule.category };
  return { sv: `${q(category.sv)} (${short(rule.reason.sv)})`, en: `${q(category.en)} (${short(rule.reason.en)})` };
}

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

function questionLabel(id: string | null, a: PathwayDefinition, b: PathwayDefinition): Text {
  if (id === null) return { sv: 'ett värde', en: 'a value' };
  if (id === 'score' || id.startsWith('score.')) return { sv: 'poängen', en: 'the score' };
  const found = b.questions.find((x) => x.id === id) ?? a.questions.find((x) => x.id === id);
  return found?.label ?? { sv: id, en: id };
}

function words(value: unknown, lang: 'sv' | 'en'): string {
  if (typeof value === 'boolean') return yesNo[lang](value);
  if (value === null || value === undefined) return lang === 'sv' ? 'inget' : 'none';
  return String(value);
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

function byId<T>(items: T[], id: (t: T) => string): Map<string, T> {
  return new Map(items.map((item) => [id(item), item]));
}

function questionChanges(a: PathwayDefinition, b: PathwayDefinition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const before = byId(a.questions, (x) => x.id);
  const after = byId(b.questions, (x) => x.id);
  for (const x of a.questions) {
    if (!after.has(x.id))
      out.push({
        kind: 'question',
        path: `questions[${x.id}]`,
        sv: `Frågan ${q(x.label.sv)} borttagen`,
        en: `The question ${q(x.label.en)} removed`,
      });
  }
  for (const y of b.questions) {
    const x = before.get(y.id);
    const path = `questions[${y.id}]`;
    const name = { sv: q(y.label.sv), en: q(y.label.en) };
    if (!x) {
      out.push({
        kind: 'question',
        path,
        sv: `Ny fråga ${name.sv} (${TYPE_NAMES[y.type].sv}${y.required ? ', obligatorisk' : ''})`,
        en: `New question ${name.en} (${TYPE_NAMES[y.type].en}${y.required ? ', required' : ''})`,
      });
      continue;
    }
    const add = (sv: string, en: string) => out.push({ kind: 'question', path, sv: `${name.sv}: ${sv}`, en: `${name.en}: ${en}` });
    if (!same(x.label, y.label)) add(`frågetexten ändrad från ${q(x.label.sv)}`, `the wording changed from ${q(x.label.en)}`);
    if (x.type !== y.type)
      add(
        `typen ändrad från ${TYPE_NAMES[x.type].sv} till ${TYPE_NAMES[y.type].sv}`,
        `the type changed from ${TYPE_NAMES[x.type].en} to ${TYPE_NAMES[y.type].en}`,
      );
    if (x.min !== y.min)
      add(
        `lägsta värdet ändrat från ${words(x.min, 'sv')} till ${words(y.min, 'sv')}`,
        `the lowest value changed from ${words(x.min, 'en')} to ${words(y.min, 'en')}`,
      );
    if (x.max !== y.max)
      add(
        `högsta värdet ändrat från ${words(x.max, 'sv')} till ${words(y.max, 'sv')}`,
        `the highest value changed from ${words(x.max, 'en')} to ${words(y.max, 'en')}`,
      );
    if (x.required !== y.required)
      add(y.required ? 'nu obligatorisk' : 'inte längre obligatorisk', y.required ? 'now required' : 'no longer required');
    if (!same(x.shownWhen, y.shownWhen)) add('när frågan visas har ändrats', 'when the question is shown changed');
    if (!same(x.options, y.options)) add('svarsalternativen ändrade', 'the answer options changed');
    if (!same(x.help, y.help)) add('hjälptexten ändrad', 'the help text changed');
    if (x.maxLength !== y.maxLength) add('längsta svaret ändrat', 'the longest answer changed');
    if (!same(x.absentMeans, y.absentMeans)) add('vad ett tomt svar betyder har ändrats', 'what an empty answer means changed');
    if (x.prefill !== y.prefill) add('förifyllningen ändrad', 'the prefill changed');
  }
  const order = (d: PathwayDefinition) => d.questions.map((x) => x.id).filter((id) => before.has(id) && after.has(id));
  if (!same(order(a), order(b)))
    out.push({
      kind: 'question',
      path: 'questions',
      sv: 'Frågornas ordning ändrad',
      en: 'The order of the questions changed',
    });
  return out;
}

function ruleChanges(a: PathwayDefinition, b: PathwayDefinition): DefinitionChange[] {
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

function days(n: number | null, lang: 'sv' | 'en'): string {
  if (n === null) return lang === 'sv' ? 'ingen tidsgräns' : 'no time limit';
  return lang === 'sv' ? `${n} dagar` : `${n} days`;
}

function categoryChanges(a: PathwayDefinition, b: PathwayDefinition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const before = byId(a.categories, (c) => c.key);
  const after = byId(b.categories, (c) => c.key);
  for (const x of a.categories) {
    if (!after.has(x.key))
      out.push({
        kind: 'category',
        path: `categories[${x.key}]`,
        sv: `Kategorin ${q(x.label.sv)} borttagen`,
        en: `The category ${q(x.label.en)} removed`,
      });
  }
  for (const y of b.categories) {
    const x = before.get(y.key);
    const path = `categories[${y.key}]`;
    if (!x) {
      out.push({
        kind: 'category',
        path,
        sv: `Ny kategori ${q(y.label.sv)} (${days(y.dueInDays, 'sv')})`,
        en: `New category ${q(y.label.en)} (${days(y.dueInDays, 'en')})`,
      });
      continue;
    }
    const add = (sv: string, en: string) =>
      out.push({ kind: 'category', path, sv: `${q(y.label.sv)}: ${sv}`, en: `${q(y.label.en)}: ${en}` });
    if (!same(x.label, y.label)) add(`namnet ändrat från ${q(x.label.sv)}`, `renamed from ${q(x.label.en)}`);
    if (x.dueInDays !== y.dueInDays) {
      add(
        `tidsgränsen ändrad från ${days(x.dueInDays, 'sv')} till ${days(y.dueInDays, 'sv')}`,
        `the time limit changed from ${days(x.dueInDays, 'en')} to ${days(y.dueInDays, 'en')}`,
      );
    }
    if (x.order !== y.order)
      add(`prioriteten ändrad från ${x.order} till ${y.order}`, `the priority changed from ${x.order} to ${y.order}`);
    if (x.bookable !== y.bookable) add(`bokningsbar: ${yesNo.sv(y.bookable)}`, `bookable: ${yesNo.en(y.bookable)}`);
    if (x.inQueue !== y.inQueue) add(`i specialistens kö: ${yesNo.sv(y.inQueue)}`, `in the specialist's queue: ${yesNo.en(y.inQueue)}`);
    if (Boolean(x.fallback) !== Boolean(y.fallback))
      add(
        y.fallback ? 'nu utfallet när ingen regel slår till' : 'inte längre utfallet när ingen regel slår till',
        y.fallback ? 'now the outcome when no rule fires' : 'no longer the outcome when no rule fires',
      );
    if (!same(x.instruction, y.instruction)) add('instruktionen till sjuksköterskan ändrad', "the nurse's instruction changed");
  }
  return out;
}

function testCaseChanges(a: PathwayDefinition, b: PathwayDefinition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const before = byId(a.testCases, (t) => t.name);
  const after = byId(b.testCases, (t) => t.name);
  const added = b.testCases.filter((t) => !before.has(t.name)).map((t) => t.name);
  const removed = a.testCases.filter((t) => !after.has(t.name)).map((t) => t.name);
  const changed = b.testCases.filter((t) => before.has(t.name) && !same(before.get(t.name), t)).map((t) => t.name);
  const list = (names: string[]) => names.map(q).join(', ');
  if (added.length)
    out.push({
      kind: 'testCase',
      path: 'testCases',
      sv: `${added.length} testfall tillagda: ${list(added)}`,
      en: `${added.length} test cases added: ${list(added)}`,
    });
  if (removed.length)
    out.push({
      kind: 'testCase',
      path: 'testCases',
      sv: `${removed.length} testfall borttagna: ${list(removed)}`,
      en: `${removed.length} test cases removed: ${list(removed)}`,
    });
  if (changed.length)
    out.push({
      kind: 'testCase',
      path: 'testCases',
      sv: `${changed.length} testfall ändrade: ${list(changed)}`,
      en: `${changed.length} test cases changed: ${list(changed)}`,
    });
  return out;
}

/** Every change from `a` to `b`, in the order of the definition: pathway, questions, rules, categories, ranking, score, tests. */
export function diffDefinitions(a: PathwayDefinition, b: PathwayDefinition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  if (!same(a.title, b.title)) {
    out.push({
      kind: 'pathway',
      path: 'title',
      sv: `Namnet ändrat från ${q(a.title.sv)} till ${q(b.title.sv)}`,
      en: `Renamed from ${q(a.title.en)} to ${q(b.title.en)}`,
    });
  }
  if (!same(a.description, b.description))
    out.push({
      kind: 'pathway',
      path: 'description',
      sv: 'Beskrivningen ändrad',
      en: 'The description changed',
    });
  out.push(...questionChanges(a, b), ...ruleChanges(a, b), ...categoryChanges(a, b), ...levelAndPlanChanges(a, b));
  if (!same(a.ranking, b.ranking))
    out.push({
      kind: 'ranking',
      path: 'ranking',
      sv: 'Köns rangordning ändrad',
      en: "The queue's ranking changed",
    });
  if (!same(a.score, b.score)) out.push({ kind: 'score', path: 'score', sv: 'Poängberäkningen ändrad', en: 'The scoring changed' });
  if (!same(a.scheduling, b.scheduling)) {
    const km = (d: PathwayDefinition, none: string) => (d.scheduling ? `${d.scheduling.neighbourMaxTravelKm} km` : none);
    out.push({
      kind: 'scheduling',
      path: 'scheduling',
      sv: `Bokning på grannhälsocentral: från ${km(a, 'ingen')} till ${km(b, 'ingen')}`,
      en: `Booking at a neighbouring centre: from ${km(a, 'none')} to ${km(b, 'none')}`,
    });
  }
  out.push(...testCaseChanges(a, b));
  return out;
}

/** One line of the impact preview in words: "12 av 1 308 ärenden flyttas från Tidig artrit till Rutin". */
export interface ImpactLine {
  from: string;
  to: string;
  count: number;
  sv: string;
  en: string;
}

/**
 * The impact report's transitions in words, Swedish and English, with the categories' labels (the draft's,
 * else the previous version's for a category the draft removed). `source` says what was replayed.
 */
export function impactInWords(
  report: ImpactReport,
  source: 'past_cases' | 'test_cases',
  categories: Category[],
  previous: Category[] = [],
): { lines: ImpactLine[]; summary: Text } {
  const label = (key: string): Text =>
    (categories.find((c) => c.key === key) ?? previous.find((c) => c.key === key))?.label ?? { sv: key, en: key };
  const n = (x: number, lang: 'sv' | 'en') => x.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB');
  const what = source === 'past_cases' ? { sv: 'ärenden', en: 'cases' } : { sv: 'testfall', en: 'test cases' };
  const lines = report.transitions.map((t) => ({
    ...t,
    sv: `${n(t.count, 'sv')} av ${n(report.total, 'sv')} ${what.sv} flyttas från ${label(t.from).sv} till ${label(t.to).sv}`,
    en: `${n(t.count, 'en')} of ${n(report.total, 'en')} ${what.en} move from ${label(t.from).en} to ${label(t.to).en}`,
  }));
  const invalid = report.invalid > 0;
  const summary = {
    sv:
      `${n(report.unchanged, 'sv')} av ${n(report.total, 'sv')} ${what.sv} får samma utfall, ${n(report.changed, 'sv')} ett annat` +
      (invalid ? `; ${n(report.invalid, 'sv')} skulle avvisas (t.ex. en ny obligatorisk fråga)` : ''),
    en:
      `${n(report.unchanged, 'en')} of ${n(report.total, 'en')} ${what.en} keep their outcome, ${n(report.changed, 'en')} change` +
      (invalid ? `; ${n(report.invalid, 'en')} would be refused (e.g. a new required question)` : ''),
  };
  return { lines, summary };
}
