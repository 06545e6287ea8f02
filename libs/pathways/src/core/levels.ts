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
