import { byId, days, q, same, TYPE_NAMES, words, yesNo } from './change-words';
import { levelAndPlanChanges } from './levels';
import { ruleChanges } from './rule-changes';
import type { PathwayDefinition } from './types';

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
