import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { calendarDateSchema } from '@app/common';
import { TriageFeedbackSchema } from '@app/rollout';

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
