import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { calendarDateSchema } from '@app/common';
import { TRIAGE_VERDICTS, TriageFeedbackSchema } from '@app/rollout';

/** An answer plan's key: one of the case's pathway's `answerPlans` (issue 19), checked by the service against that version. */
export const PLAN_KEY = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be an answer plan key of the pathway, such as discharged');

/** ICD-10-SE: a letter, two digits, optionally a dot and up to four more characters (M05.3, M06.9, M0590). */
export const ICD10_SE = /^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,4})?$/;

export const OutcomeSchema = z.strictObject({
  summary: z.string().trim().min(1).max(10_000),
  diagnosisCodes: z.array(z.string().trim().toUpperCase().regex(ICD10_SE, 'must be an ICD-10-SE code such as M06.9')).max(20).default([]),
  plan: PLAN_KEY,
  instructions: z.string().trim().max(10_000).optional(),
  followUpInDays: z.number().int().min(1).max(730).optional(),
  /** Issue 19: was the triage right? Optionally the rules that misled. */
  triageFeedback: TriageFeedbackSchema.optional(),
});
export class OutcomeDto extends createZodDto(OutcomeSchema) {}

export const ListVisitsSchema = z.strictObject({
  healthCentreId: z.uuid().optional(),
  date: calendarDateSchema().optional(),
});
export class ListVisitsDto extends createZodDto(ListVisitsSchema) {}

/** What the answer form holds as typed: nothing is required yet, the codes are the raw text field. */
export const OutcomeDraftSchema = z.strictObject({
  summary: z.string().max(10_000).optional(),
  diagnosisCodes: z.string().max(1_000).optional(),
  plan: PLAN_KEY.optional(),
  instructions: z.string().max(10_000).optional(),
  /** Issue 19: the feedback on the triage as chosen so far (a verdict, the rules ticked). */
  triageFeedback: z
    .strictObject({ verdict: z.enum(TRIAGE_VERDICTS).optional(), ruleIds: z.array(z.string().min(1).max(63)).max(50).optional() })
    .optional(),
});
export class OutcomeDraftDto extends createZodDto(OutcomeDraftSchema) {}
export type OutcomeDraft = z.infer<typeof OutcomeDraftSchema>;
