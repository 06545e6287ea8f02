import type { AnswerValue, Condition, PathwayDefinition, Question, Rule, ScoreDefinition } from './types';

/**
 * The structured editor's model of a definition (issue 20, item 1): conditions as a tree a form can show
 * (a comparison of a question with a value, all/any groups, "at least n of", "answered", "not"), the
 * rest of the definition as it is. `toEditorModel` and `fromEditorModel` are inverse: every definition
 * maps to a model and back unchanged; a condition the builder has no form for stays as its JSON (`raw`)
 * and is shown to the expert as such, so nothing the schema allows is lost.
 */
export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';
export const COMPARISONS: readonly Comparison[] = ['==', '!=', '<', '<=', '>', '>='];

export type ConditionNode =
  | { kind: 'compare'; question: string; op: Comparison; value: AnswerValue }
  | { kind: 'in'; question: string; values: AnswerValue[] }
  /** The score (`domain` absent) or one of its domains compared with a number. */
  | { kind: 'score'; domain?: string; op: Comparison; value: number }
  | { kind: 'answered'; question: string }
  | { kind: 'all' | 'any'; items: ConditionNode[] }
  /** At least `min` of the conditions hold (JSONLogic `{">=": [{"count": [...]}, min]}`). */
  | { kind: 'atLeast'; min: number; items: ConditionNode[] }
  | { kind: 'not'; item: ConditionNode }
  | { kind: 'constant'; value: boolean }
  /** Anything else, kept as written. */
  | { kind: 'raw'; json: Condition };

export interface QuestionModel extends Omit<Question, 'shownWhen'> {
  shownWhen?: ConditionNode;
}

export interface RuleModel extends Omit<Rule, 'when'> {
  when: ConditionNode;
}

export interface ScoreModel extends Omit<ScoreDefinition, 'domains'> {
  domains: Array<{ id: string; label: ScoreDefinition['domains'][number]['label']; cases: Array<{ when: ConditionNode; points: number }> }>;
}

export interface EditorModel extends Omit<PathwayDefinition, 'questions' | 'rules' | 'score'> {
  questions: QuestionModel[];
  rules: RuleModel[];
  score?: ScoreModel;
}

type Json = Record<string, unknown>;

const isLiteral = (x: unknown): x is AnswerValue => typeof x === 'number' || typeof x === 'boolean' || typeof x === 'string';
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const single = (x: Json): [string, unknown] | null => {
  const keys = Object.keys(x);
  return keys.length === 1 ? [keys[0]!, x[keys[0]!]] : null;
};
/** `{"var": "question"}` with a question id (not the score, which has no form of its own here). */
const questionVar = (x: unknown): string | null => {
  if (!isObject(x)) return null;
  const s = single(x);
  return s && s[0] === 'var' && typeof s[1] === 'string' && s[1] !== 'score' && !s[1].startsWith('score.') ? s[1] : null;
};

export function toConditionNode(c: Condition): ConditionNode {
  if (typeof c === 'boolean') return { kind: 'constant', value: c };
  const raw: ConditionNode = { kind: 'raw', json: c };
  if (!isObject(c)) return raw;
  const s = single(c);
  if (!s) return raw;
  const [op, arg] = s;
  if ((op === 'and' || op === 'or') && Array.isArray(arg) && arg.length > 0) {
    return { kind: op === 'and' ? 'all' : 'any', items: arg.map((x) => toConditionNode(x as Condition)) };
  }
  if (op === '!' && Array.isArray(arg) && arg.length === 1) return { kind: 'not', item: toConditionNode(arg[0] as Condition) };
  if (op === 'answered' && typeof arg === 'string') return { kind: 'answered', question: arg };
  if (!Array.isArray(arg) || arg.length !== 2) return raw;
  const [left, right] = arg;
  if ((COMPARISONS as readonly string[]).includes(op)) {
    const question = questionVar(left);
    if (question !== null && isLiteral(right)) return { kind: 'compare', question, op: op as Comparison, value: right };
    const scoreVar = isObject(left) ? single(left) : null;
    if (scoreVar && scoreVar[0] === 'var' && typeof scoreVar[1] === 'string' && typeof right === 'number') {
      const name = scoreVar[1];
      if (name === 'score') return { kind: 'score', op: op as Comparison, value: right };
      if (name.startsWith('score.')) return { kind: 'score', domain: name.slice('score.'.length), op: op as Comparison, value: right };
    }
    if (op === '>=' && isObject(left) && typeof right === 'number' && Number.isInteger(right)) {
      const inner = single(left);
      if (inner && inner[0] === 'count' && Array.isArray(inner[1]) && inner[1].length > 0) {
        return { kind: 'atLeast', min: right, items: inner[1].map((x) => toConditionNode(x as Condition)) };
      }
    }
    return raw;
  }
  if (op === 'in') {
    const question = questionVar(left);
    if (question !== null && Array.isArray(right) && right.every(isLiteral)) return { kind: 'in', question, values: [...right] };
  }
  return raw;
}

export function fromConditionNode(n: ConditionNode): Condition {
  switch (n.kind) {
    case 'constant':
      return n.value;
    case 'raw':
      return n.json;
    case 'all':
      return { and: n.items.map(fromConditionNode) };
    case 'any':
      return { or: n.items.map(fromConditionNode) };
    case 'not':
      return { '!': [fromConditionNode(n.item)] };
    case 'answered':
      return { answered: n.question };
    case 'compare':
      return { [n.op]: [{ var: n.question }, n.value] };
    case 'score':
      return { [n.op]: [{ var: n.domain === undefined ? 'score' : `score.${n.domain}` }, n.value] };
    case 'in':
      return { in: [{ var: n.question }, [...n.values]] };
    case 'atLeast':
      return { '>=': [{ count: n.items.map(fromConditionNode) }, n.min] };
  }
}

export function toEditorModel(d: PathwayDefinition): EditorModel {
  const { questions, rules, score, ...rest } = d;
  const model: EditorModel = {
    ...rest,
    questions: questions.map(({ shownWhen, ...q }) => (shownWhen === undefined ? q : { ...q, shownWhen: toConditionNode(shownWhen) })),
    rules: rules.map((r) => ({ ...r, when: toConditionNode(r.when) })),
  };
  if (score !== undefined) {
    const domains = score.domains.map((dm) => ({ ...dm, cases: dm.cases.map((c) => ({ ...c, when: toConditionNode(c.when) })) }));
    model.score = { ...score, domains };
  }
  return model;
}

export function fromEditorModel(m: EditorModel): PathwayDefinition {
  const { questions, rules, score, ...rest } = m;
  const d: PathwayDefinition = {
    ...rest,
    questions: questions.map(({ shownWhen, ...q }) => (shownWhen === undefined ? q : { ...q, shownWhen: fromConditionNode(shownWhen) })),
    rules: rules.map((r) => ({ ...r, when: fromConditionNode(r.when) })),
  };
  if (score !== undefined) {
    const domains = score.domains.map((dm) => ({ ...dm, cases: dm.cases.map((c) => ({ ...c, when: fromConditionNode(c.when) })) }));
    d.score = { ...score, domains };
  }
  return d;
}

/** A small pathway to start from (issue 20, item 2): one question, one rule, two categories, two test cases. */
export function starterDefinition(key: string, title: { sv: string; en: string }): PathwayDefinition {
  return {
    key,
    title,
    questions: [
      {
        id: 'age_years',
        type: 'integer',
        label: { sv: 'Ålder (år)', en: 'Age (years)' },
        min: 0,
        max: 120,
        required: true,
        prefill: 'patient.ageYears',
      },
      { id: 'red_flag', type: 'boolean', label: { sv: 'Varningstecken', en: 'Red flag' }, required: true },
    ],
    rules: [
      {
        id: 'red_flag',
        category: 'specialist',
        when: { '==': [{ var: 'red_flag' }, true] },
        reason: { sv: 'Varningstecken: specialistbedömning.', en: 'Red flag: specialist assessment.' },
      },
    ],
    categories: [
      { key: 'specialist', label: { sv: 'Specialist', en: 'Specialist' }, order: 1, dueInDays: 30, bookable: true, inQueue: true },
      {
        key: 'primary_care',
        label: { sv: 'Primärvård', en: 'Primary care' },
        order: 2,
        dueInDays: null,
        bookable: false,
        inQueue: false,
        fallback: true,
        instruction: { sv: 'Fortsätt i primärvården.', en: 'Continue in primary care.' },
      },
    ],
    ranking: [{ key: 'category' }, { key: 'dueDate' }, { key: 'triagedAt' }],
    testCases: [
      { name: 'Varningstecken', answers: { age_years: 50, red_flag: true }, expected: { category: 'specialist' } },
      { name: 'Inga varningstecken', answers: { age_years: 50, red_flag: false }, expected: { category: 'primary_care' } },
    ],
  };
}
