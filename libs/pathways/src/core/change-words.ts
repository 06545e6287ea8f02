import type { Category, PathwayDefinition, Question, Rule, Text } from './types';

/** The words and small helpers the change descriptions (diff.ts, rule-changes.ts) share. */

export const q = (s: string) => `«${s}»`;
export const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
export const yesNo = { sv: (b: boolean) => (b ? 'ja' : 'nej'), en: (b: boolean) => (b ? 'yes' : 'no') };

export const TYPE_NAMES: Record<Question['type'], Text> = {
  integer: { sv: 'heltal', en: 'whole number' },
  decimal: { sv: 'decimaltal', en: 'decimal number' },
  boolean: { sv: 'ja/nej', en: 'yes/no' },
  choice: { sv: 'val', en: 'choice' },
  text: { sv: 'fritext', en: 'free text' },
};

/** A rule's name in words: its category and the start of its reason (rule ids are for programmers). */
export function ruleName(rule: Rule, categories: Category[]): Text {
  const category = categories.find((c) => c.key === rule.category)?.label ?? { sv: rule.category, en: rule.category };
  return { sv: `${q(category.sv)} (${short(rule.reason.sv)})`, en: `${q(category.en)} (${short(rule.reason.en)})` };
}

export function questionLabel(id: string | null, a: PathwayDefinition, b: PathwayDefinition): Text {
  if (id === null) return { sv: 'ett värde', en: 'a value' };
  if (id === 'score' || id.startsWith('score.')) return { sv: 'poängen', en: 'the score' };
  const found = b.questions.find((x) => x.id === id) ?? a.questions.find((x) => x.id === id);
  return found?.label ?? { sv: id, en: id };
}

export function words(value: unknown, lang: 'sv' | 'en'): string {
  if (typeof value === 'boolean') return yesNo[lang](value);
  if (value === null || value === undefined) return lang === 'sv' ? 'inget' : 'none';
  return String(value);
}

export function days(n: number | null, lang: 'sv' | 'en'): string {
  if (n === null) return lang === 'sv' ? 'ingen tidsgräns' : 'no time limit';
  return lang === 'sv' ? `${n} dagar` : `${n} days`;
}

export function byId<T>(items: T[], id: (t: T) => string): Map<string, T> {
  return new Map(items.map((item) => [id(item), item]));
}
