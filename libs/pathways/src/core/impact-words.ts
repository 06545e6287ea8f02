import type { ImpactReport } from './test-cases';
import type { Category, Text } from './types';

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
