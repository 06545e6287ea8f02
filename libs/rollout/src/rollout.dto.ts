import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ROLLOUT_STATES } from './core';

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'must be a date that exists',
  )
  .refine((d) => d >= '2000-01-01' && d <= '2999-12-31', 'must lie between 2000-01-01 and 2999-12-31');

export const SetRolloutSchema = z.strictObject({
  state: z.enum(ROLLOUT_STATES),
  /** The day it goes (or went) live; today when a centre goes live without one. */
  liveFrom: calendarDate.optional(),
});
export class SetRolloutDto extends createZodDto(SetRolloutSchema) {}

export const RecordTrainingSchema = z.strictObject({ userId: z.uuid() });
export class RecordTrainingDto extends createZodDto(RecordTrainingSchema) {}

export const TrainingSettingsSchema = z.strictObject({
  /** The share of vignettes a nurse must get right, e.g. 0.9 for 90 %. */
  passShare: z.number().min(0.01).max(1),
});
export class TrainingSettingsDto extends createZodDto(TrainingSettingsSchema) {}

const vignetteAnswers = z.strictObject({
  index: z.number().int().min(0).max(1999),
  answers: z.record(z.string(), z.unknown()),
});
export const RuleFeedbackQuerySchema = z.strictObject({
  /** A rule overridden at least this share of the times it fired is flagged. */
  threshold: z.coerce.number().min(0.01).max(1).default(0.2),
  /** ... once it has fired at least this many times (a share of two cases says little). */
  minFired: z.coerce.number().int().min(1).max(100_000).default(5),
});
export class RuleFeedbackQueryDto extends createZodDto(RuleFeedbackQuerySchema) {}

export const CheckVignetteSchema = vignetteAnswers;
export class CheckVignetteDto extends createZodDto(CheckVignetteSchema) {}

export const TrainingAttemptSchema = z.strictObject({
  /** The pathway version whose vignettes were shown (a newer one published meanwhile: 409). */
  version: z.number().int().min(1).max(2_147_483_647),
  results: z.array(vignetteAnswers).min(1).max(2000),
});
export class TrainingAttemptDto extends createZodDto(TrainingAttemptSchema) {}
