import type { DefinitionChange } from './diff';
import type { AnswerPlan, Category, PathwayDefinition, UrgencyLevel } from './types';

/**
 * Issue 19: the urgency level of a category, the one thing the screens colour by (never a category's
 * key or label, which belong to one pathway). Most urgent first.
 */
export const URGENCY_LEVELS = ['emergency', 'urgent', 'soon', 'routine', 'primary_care'] as const;

/** The highest due time, in days, that is still `urgent`, and that is still `soon`, when a category does not say. */
export const URGENT_WITHIN_DAYS = 14;
export const SOON_WITHIN_DAYS = 42;

/**
 * A category's urgency level: its own `urgency` when the definition gives one, else derived from what
 * the category does, so definitions stored before the field existed colour as before:
 * - not in the specialist's queue and due the same day (dueInDays 0): `emergency` (sent on at once);
 * - otherwise not in the queue and not bookable: `primary_care` (handled outside the specialist's
 *   queue: the pathway's fallback, or "outside this pathway" pointing elsewhere);
 * - due within URGENT_WITHIN_DAYS: `urgent`; within SOON_WITHIN_DAYS: `soon`; later or no due time: `routine`.
 * The brief's first rule ("not in the queue with an instruction") was refined: a fallback that tells
 * the nurse to carry on at the centre has an instruction too, and it is the least urgent of all.
 */
export function urgencyOf(category: Pick<Category, 'urgency' | 'dueInDays' | 'bookable' | 'inQueue'>): UrgencyLevel {
  if (category.urgency) return category.urgency;
  if (!category.inQueue && category.dueInDays === 0) return 'emergency';
  if (!category.inQueue && !category.bookable) return 'primary_care';
  if (category.dueInDays === null) return 'routine';
  if (category.dueInDays <= URGENT_WITHIN_DAYS) return 'urgent';
  if (category.dueInDays <= SOON_WITHIN_DAYS) return 'soon';
  return 'routine';
}

/** The urgency level of a pathway's category by key; undefined for a key the definition does not have. */
export function urgencyOfKey(definition: Pick<PathwayDefinition, 'categories'> | null | undefined, key: string): UrgencyLevel | undefined {
  const category = definition?.categories.find((c) => c.key === key);
  return category ? urgencyOf(category) : undefined;
}

/**
 * The answer plans a pathway offers when its definition names none: the four every pathway had before
 * plans were data (issue 19), with the texts the answer form showed. Only the remote follow-up opens a
 * new case in the queue.
 */
export const DEFAULT_ANSWER_PLANS: readonly AnswerPlan[] = [
  { key: 'follow_up_remote', label: { sv: 'Återbesök på distans', en: 'Remote follow-up' }, followUp: true },
  { key: 'follow_up_primary_care', label: { sv: 'Uppföljning i primärvården', en: 'Follow-up in primary care' } },
  { key: 'hospital_referral', label: { sv: 'Remiss till sjukhus', en: 'Hospital referral' } },
  { key: 'discharged', label: { sv: 'Avslutas', en: 'Discharged' } },
];

/** The plans a specialist may choose in the answer to a case on this pathway. */
export function answerPlansOf(definition: Pick<PathwayDefinition, 'answerPlans'> | null | undefined): readonly AnswerPlan[] {
  return definition?.answerPlans && definition.answerPlans.length > 0 ? definition.answerPlans : DEFAULT_ANSWER_PLANS;
}

/** A plan of the pathway by key (the default plans when it names none); undefined when it has no such plan. */
export function answerPlanOf(definition: Pick<PathwayDefinition, 'answerPlans'> | null | undefined, key: string): AnswerPlan | undefined {
  return answerPlansOf(definition).find((p) => p.key === key);
}

/** The urgency levels in words, for the changes in words and the editor. */
export const URGENCY_WORDS: Record<UrgencyLevel, { sv: string; en: string }> = {
  emergency: { sv: 'akut', en: 'emergency' },
  urgent: { sv: 'brådskande', en: 'urgent' },
  soon: { sv: 'snart (inom veckor)', en: 'soon (within weeks)' },
  routine: { sv: 'rutin', en: 'routine' },
  primary_care: { sv: 'primärvård', en: 'primary care' },
};

/**
 * What changed in levels and plans between two versions, in words (issue 19), beside diff.ts's other
 * changes: a category whose level (given or derived) changed, and the answer plans.
 */
export function levelAndPlanChanges(a: PathwayDefinition, b: PathwayDefinition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  for (const y of b.categories) {
    const x = a.categories.find((c) => c.key === y.key);
    if (!x || urgencyOf(x) === urgencyOf(y)) continue;
    const [from, to] = [URGENCY_WORDS[urgencyOf(x)], URGENCY_WORDS[urgencyOf(y)]];
    out.push({
      kind: 'category',
      path: `categories[${y.key}].urgency`,
      sv: `«${y.label.sv}»: brådskandegraden ändrad från ${from.sv} till ${to.sv}`,
      en: `«${y.label.en}»: the urgency level changed from ${from.en} to ${to.en}`,
    });
  }
  const [before, after] = [answerPlansOf(a), answerPlansOf(b)];
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    const names = (plans: readonly AnswerPlan[], lang: 'sv' | 'en') => plans.map((p) => `«${p.label[lang]}»`).join(', ');
    out.push({
      kind: 'pathway',
      path: 'answerPlans',
      sv: `Svarets planer: ${names(after, 'sv')} (var ${names(before, 'sv')})`,
      en: `The answer's plans: ${names(after, 'en')} (were ${names(before, 'en')})`,
    });
  }
  return out;
}
