import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';
import { PathwayAnswerProblemSchema, PathwayTextSchema as Text } from '@app/pathways';
import { ROLLOUT_STATES } from './core/training';
import { TRIAGE_VERDICTS } from './core/verdicts';

/**
 * The rollout routes' answers (issue 16 #5, issue 19): the OpenAPI document's schemas, the web's generated
 * types and what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */

/** A calendar date, YYYY-MM-DD (Stockholm). */
const CalendarDate = z.string();
const RolloutState = z.enum(ROLLOUT_STATES);

export const RolloutViewSchema = z
  .object({
    healthCentreId: z.uuid(),
    healthCentreName: z.string(),
    state: RolloutState,
    liveFrom: CalendarDate.nullable(),
    /** Active nurses of the centre, and how many of them have a training record for the pathway. */
    nurses: z.number().int(),
    trainedNurses: z.number().int(),
    /** Of the trained, those whose latest record is on a version that asks for a refresher now. */
    refresherDue: z.number().int(),
  })
  .meta({ id: 'RolloutView' });
export class RolloutViewResponse extends createZodDto(RolloutViewSchema) {}

export const PathwayRolloutsSchema = z
  .object({ pathwayKey: z.string(), passShare: z.number(), rollouts: z.array(RolloutViewSchema) })
  .meta({ id: 'PathwayRollouts' });
export class PathwayRolloutsResponse extends createZodDto(PathwayRolloutsSchema) {}

export const TrainingSettingsViewSchema = z.object({ pathwayKey: z.string(), passShare: z.number() }).meta({ id: 'TrainingSettings' });
export class TrainingSettingsResponse extends createZodDto(TrainingSettingsViewSchema) {}

export const TrainingRecordViewSchema = z
  .object({
    userId: z.uuid(),
    displayName: z.string(),
    healthCentreId: z.uuid().nullable(),
    trained: z.boolean(),
    trainedAt: timestamp.nullable(),
    pathwayVersion: z.number().int().nullable(),
    method: z.enum(['recorded', 'vignettes', 'upgrade', 'refresher']).nullable(),
    /** Vignettes: the share answered right. */
    score: z.number().nullable(),
    recordedBy: z.uuid().nullable(),
  })
  .meta({ id: 'TrainingRecord' });
export class TrainingRecordResponse extends createZodDto(TrainingRecordViewSchema) {}

const Vignette = z.object({
  index: z.number().int(),
  name: z.string(),
  facts: z.array(
    z.object({
      questionId: z.string(),
      label: Text,
      value: z.union([z.number(), z.boolean(), z.string()]),
      valueLabel: Text.optional(),
    }),
  ),
});
/** Every vignette (`mode` full), or a refresher's: those that changed since the version she trained on, and why. */
export const TrainingVignettesSchema = z
  .object({
    pathwayKey: z.string(),
    version: z.number().int().nullable(),
    passShare: z.number(),
    mode: z.enum(['full', 'refresher']),
    /** A refresher: the version she trained on. */
    trainedVersion: z.number().int().optional(),
    /** A refresher: why each vignette is asked again and which changed questions it answers. */
    changes: z
      .array(
        z.object({
          index: z.number().int(),
          reasons: z.array(z.enum(['new', 'answers', 'expected', 'question'])),
          questionIds: z.array(z.string()),
        }),
      )
      .optional(),
    vignettes: z.array(Vignette),
  })
  .meta({ id: 'TrainingVignettes' });
export class TrainingVignettesResponse extends createZodDto(TrainingVignettesSchema) {}

/** The nurse's answers to one vignette against its expected category: the category they give, or why they are refused. */
export const VignetteFeedbackSchema = z
  .object({
    index: z.number().int(),
    correct: z.boolean(),
    expected: z.string(),
    /** The category the answers give, and the rules that gave it (absent when the answers are refused). */
    got: z.string().optional(),
    reasons: z.array(z.object({ ruleId: z.string(), text: Text })).optional(),
    /** Why the answers are refused (then `correct` is false). */
    invalid: z.array(PathwayAnswerProblemSchema).optional(),
  })
  .meta({ id: 'VignetteFeedback' });
export class VignetteFeedbackResponse extends createZodDto(VignetteFeedbackSchema) {}

export const TrainingAttemptResultSchema = z
  .object({
    pathwayKey: z.string(),
    version: z.number().int().nullable(),
    mode: z.enum(['full', 'refresher']),
    total: z.number().int(),
    correct: z.number().int(),
    score: z.number(),
    passShare: z.number(),
    /** Passed: she is recorded as trained on this version. */
    passed: z.boolean(),
    feedback: z.array(VignetteFeedbackSchema),
  })
  .meta({ id: 'TrainingAttemptResult' });
export class TrainingAttemptResultResponse extends createZodDto(TrainingAttemptResultSchema) {}

const verdictCounts = z.object(
  Object.fromEntries(TRIAGE_VERDICTS.map((v) => [v, z.number().int()])) as Record<(typeof TRIAGE_VERDICTS)[number], z.ZodNumber>,
);

export const RuleFeedbackSchema = z
  .object({
    pathwayKey: z.string(),
    threshold: z.number(),
    minFired: z.number().int(),
    rules: z.array(
      z.object({
        ruleId: z.string(),
        fired: z.number().int(),
        overridden: z.number().int(),
        share: z.number(),
        /** Fired at least `minFired` times and overridden at least `threshold` of them. */
        flagged: z.boolean(),
        retriaged: z.number().int(),
        verdicts: verdictCounts,
      }),
    ),
  })
  .meta({ id: 'RuleFeedback' });
export class RuleFeedbackResponse extends createZodDto(RuleFeedbackSchema) {}

/** A share 0-1 (four decimals), or null when there is nothing to share out. */
const Share = z.number().nullable();
const evaluationFigures = {
  casesSent: z.number().int(),
  categories: z.record(z.string(), z.number().int()),
  bookable: z.number().int(),
  booked: z.number().int(),
  shareBooked: Share,
  meanDaysToVisit: z.number().nullable(),
  shareWithinDueDate: Share,
  /** Positive: early; negative: late. */
  meanDaysBeforeDueDate: z.number().nullable(),
  feedback: verdictCounts.extend({ total: z.number().int() }),
  feedbackShares: z.object(
    Object.fromEntries(TRIAGE_VERDICTS.map((v) => [v, Share])) as Record<(typeof TRIAGE_VERDICTS)[number], typeof Share>,
  ),
  retriaged: z.number().int(),
  retriageRate: Share,
  noShows: z.number().int(),
  noShowRate: Share,
  remoteVisitsCompleted: z.number().int(),
  travelAvoidedKm: z.number(),
  waitingDays: z.object({ beforeGoLive: z.number().nullable(), sinceGoLive: z.number().nullable() }),
  casesSinceGoLive: z.number().int(),
};

export const PathwayEvaluationSchema = z
  .object({
    pathwayKey: z.string(),
    from: CalendarDate,
    to: CalendarDate,
    sinceGoLive: z.boolean(),
    centres: z.array(
      z.object({
        healthCentreId: z.uuid(),
        healthCentreName: z.string(),
        state: z.string(),
        liveFrom: CalendarDate.nullable(),
        ...evaluationFigures,
      }),
    ),
    /** All the listed centres together. */
    total: z.object(evaluationFigures),
  })
  .meta({ id: 'PathwayEvaluation' });
export class PathwayEvaluationResponse extends createZodDto(PathwayEvaluationSchema) {}
export type PathwayEvaluationWire = z.input<typeof PathwayEvaluationSchema>;

/** A pathway the nurse's centre has live or in training, with her training on it. */
export const MyPathwaySchema = z
  .object({
    key: z.string(),
    title: Text,
    version: z.number().int(),
    specialty: z.string().nullable(),
    state: RolloutState,
    liveFrom: CalendarDate.nullable(),
    trained: z.boolean(),
    trainedAt: timestamp.nullable(),
    trainedVersion: z.number().int().nullable(),
    refresherDue: z.boolean(),
    refresherVignettes: z.number().int(),
    /** She may submit cases on it now (a refresher due asks, and does not stop her). */
    usable: z.boolean(),
  })
  .meta({ id: 'MyPathway' });
export class MyPathwayResponse extends createZodDto(MyPathwaySchema) {}

export const MyQueueSchema = z.object({ key: z.string(), title: Text, specialty: z.string().nullable() }).meta({ id: 'MyQueue' });
export class MyQueueResponse extends createZodDto(MyQueueSchema) {}

export const SpecialtySchema = z
  .object({
    key: z.string(),
    label: Text,
    /** The profession's name ("Reumatolog"), for every text that names one. */
    profession: Text,
    /** The caller's own specialty (a specialist's). */
    mine: z.boolean(),
  })
  .meta({ id: 'Specialty' });
export class SpecialtyResponse extends createZodDto(SpecialtySchema) {}
