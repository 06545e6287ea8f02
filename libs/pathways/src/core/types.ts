/**
 * A diagnosis pathway as data: the form the nurse fills in, the rules that turn answers into a
 * category with reasons, the categories with their due times, the queue's ranking, and the test cases
 * that prove the rules say what the clinicians meant. The engine knows nothing of any diagnosis area.
 */

export interface Text {
  sv: string;
  en: string;
}

export type QuestionType = 'integer' | 'decimal' | 'boolean' | 'choice' | 'text';
export type AnswerValue = number | boolean | string;

/**
 * The rule language: a documented subset of JSONLogic (https://jsonlogic.com) plus two extensions.
 * `{"var": "question_id"}`, `{"var": "score"}`, `{"var": "score.<domain>"}`; `==`, `!=`, `<`, `<=`, `>`,
 * `>=`; `and`, `or`, `!`; `in` (a value in a list of literals); `count` (how many of its conditions
 * are true) and `answered` (whether a question has an answer). Literals: numbers, booleans, strings.
 */
export type Condition = boolean | number | string | { [operator: string]: unknown };

export interface ChoiceOption {
  value: string;
  label: Text;
}

export interface Question {
  id: string;
  type: QuestionType;
  label: Text;
  help?: Text;
  /** integer and decimal: inclusive bounds. */
  min?: number;
  max?: number;
  /** choice: the allowed values. */
  options?: ChoiceOption[];
  /** text: at most this many characters. */
  maxLength?: number;
  /** Required when shown. */
  required: boolean;
  /** Shown only when this holds over the earlier answers; a hidden question must not be answered. */
  shownWhen?: Condition;
  /** The value an unanswered optional question takes in rules (e.g. `not_tested`). */
  absentMeans?: AnswerValue;
  /** A hint for the form: prefill from what is known of the patient. */
  prefill?: 'patient.ageYears';
}

export interface ScoreCase {
  when: Condition;
  points: number;
}

/** A score domain: the first case whose condition holds gives its points; none gives 0. */
export interface ScoreDomain {
  id: string;
  label: Text;
  cases: ScoreCase[];
}

export interface ScoreDefinition {
  label: Text;
  min?: number;
  max?: number;
  domains: ScoreDomain[];
}

export interface Rule {
  id: string;
  category: string;
  when: Condition;
  /** Shown to the nurse and the specialist: plain clinical language, no code. */
  reason: Text;
  /**
   * A catch-all of its category ("swollen joint without criteria for early referral"): it fires
   * only when no rule of a higher category fires, so its reason never stands beside a higher one.
   */
  fallback?: boolean;
}

export interface Category {
  key: string;
  label: Text;
  /** The first category in this order whose rule fires is the outcome. */
  order: number;
  /** Due within this many days of triage; null for none. */
  dueInDays: number | null;
  /** A specialist visit can be booked. */
  bookable: boolean;
  /** The case waits in the specialist's queue. */
  inQueue: boolean;
  /** The outcome when no rule fires; exactly one category is the fallback and has no rules. */
  fallback?: boolean;
  /** What the nurse does now (e.g. the emergency instruction). */
  instruction?: Text;
  /** The urgency level the screens colour by; derived by `urgencyOf` when absent (definitions stored before issue 19). */
  urgency?: UrgencyLevel;
}

/** How urgent a category is, whatever the pathway calls it: the screens colour by this, never by a category's name. */
export type UrgencyLevel = 'emergency' | 'urgent' | 'soon' | 'routine' | 'primary_care';

/** A plan the specialist may choose in her answer (svar). */
export interface AnswerPlan {
  key: string;
  label: Text;
  /** Choosing it opens a follow-up case in the pathway's queue (a remote return visit). */
  followUp?: boolean;
}

/**
 * The outcome of answers that may be incomplete, by three-valued evaluation: `decided` when the
 * answers given fix the category whatever the open questions will say (an emergency needs no more).
 */
export interface Assessment {
  /** Every shown required question has an answer: the outcome is the two-valued one (unanswered = absent). */
  complete: boolean;
  /** The answers given fix the category for every way the open questions (optional ones too) may be answered. */
  decided: boolean;
  /** The category when complete or decided, and its consequences; null otherwise. */
  category: string | null;
  dueInDays: number | null;
  bookable: boolean;
  inQueue: boolean;
  instruction?: Text;
  /** The points the answers given earn (an unanswered question earns none). */
  score: number;
  scoreBreakdown: Record<string, number>;
  /** The rules decided to fire by the answers given, in category order. */
  reasons: Reason[];
  /** Unanswered questions whose answer could still change the outcome, in form order. */
  stillMatter: string[];
  /** Required questions shown and not yet answered, in form order. */
  missing: string[];
}

export type RankKey = 'category' | 'dueDate' | 'score' | 'triagedAt';

export interface RankOrder {
  key: RankKey;
  direction?: 'asc' | 'desc';
}

export interface TestCase {
  name: string;
  answers: Record<string, unknown>;
  expected: { category: string; score?: number };
}

export interface PathwayDefinition {
  key: string;
  title: Text;
  description?: Text;
  questions: Question[];
  score?: ScoreDefinition;
  rules: Rule[];
  categories: Category[];
  ranking: RankOrder[];
  testCases: TestCase[];
  /** Optional: a patient may be booked at a neighbouring health centre up to this road distance. */
  scheduling?: { neighbourMaxTravelKm: number };
  /** The specialty that serves it (a key of the `specialty` table); its specialists see the queue, others are refused. */
  specialty?: string;
  /** The plans of the specialist's answer; absent or empty: the four defaults (`DEFAULT_ANSWER_PLANS`). */
  answerPlans?: AnswerPlan[];
}

export type Answers = Record<string, AnswerValue>;

export interface FieldIssue {
  field: string;
  reason: string;
  /** Why, as a code the client words in the user's language (the error body's detail codes), with its parameters. */
  code?:
    | 'required'
    | 'unknown_field'
    | 'hidden_question'
    | 'not_integer'
    | 'invalid_type'
    | 'not_in_options'
    | 'too_small'
    | 'too_big'
    | 'too_long'
    | 'not_an_object';
  params?: Record<string, string | number | boolean>;
}

export interface DefinitionIssue {
  path: string;
  reason: string;
}

export interface Reason {
  ruleId: string;
  category: string;
  text: Text;
}

export interface Evaluation {
  category: string;
  dueInDays: number | null;
  score: number;
  scoreBreakdown: Record<string, number>;
  reasons: Reason[];
  bookable: boolean;
  inQueue: boolean;
  instruction?: Text;
}
