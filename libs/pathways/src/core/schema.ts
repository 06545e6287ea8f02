import { z } from 'zod';
import { URGENCY_LEVELS } from './levels';

const text = z.strictObject({ sv: z.string().min(1).max(2000), en: z.string().min(1).max(2000) }).describe('Text in Swedish and English');
const id = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be snake_case: a-z, 0-9 and _, starting with a letter');
const condition = z
  .union([z.boolean(), z.number(), z.string(), z.record(z.string(), z.unknown())])
  .describe('A condition in the rule language (a JSONLogic subset, see the README)');

const question = z.strictObject({
  id,
  type: z.enum(['integer', 'decimal', 'boolean', 'choice', 'text']),
  label: text,
  help: text.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  options: z
    .array(z.strictObject({ value: z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be a-z, 0-9 or _'), label: text }))
    .min(2)
    .optional(),
  maxLength: z.number().int().min(1).max(100_000).optional(),
  required: z.boolean(),
  shownWhen: condition.optional(),
  absentMeans: z.union([z.number(), z.boolean(), z.string()]).optional(),
  prefill: z.enum(['patient.ageYears']).optional(),
});

const scoreDomain = z.strictObject({
  id,
  label: text,
  cases: z.array(z.strictObject({ when: condition, points: z.number() })).min(1),
});

export const PathwayDefinitionSchema = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case: a-z, 0-9 and -')
    .max(100),
  title: text,
  description: text.optional(),
  questions: z.array(question).min(1).max(500),
  score: z
    .strictObject({ label: text, min: z.number().optional(), max: z.number().optional(), domains: z.array(scoreDomain).min(1).max(50) })
    .optional(),
  rules: z
    .array(
      z.strictObject({
        id,
        category: z.string().min(1),
        when: condition,
        reason: text,
        fallback: z.boolean().optional().describe('fires only when no rule of a higher category fires'),
      }),
    )
    .max(1000),
  categories: z
    .array(
      z.strictObject({
        key: id,
        label: text,
        order: z.number().int(),
        dueInDays: z.number().int().min(0).max(3650).nullable(),
        bookable: z.boolean(),
        inQueue: z.boolean(),
        fallback: z.boolean().optional(),
        instruction: text.optional(),
        urgency: z
          .enum(URGENCY_LEVELS)
          .optional()
          .describe('The urgency level the screens colour by; when absent it is derived from the due time, queue and booking'),
      }),
    )
    .min(1)
    .max(50),
  ranking: z
    .array(z.strictObject({ key: z.enum(['category', 'dueDate', 'score', 'triagedAt']), direction: z.enum(['asc', 'desc']).optional() }))
    .min(1)
    .max(4),
  testCases: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        answers: z.record(z.string(), z.unknown()),
        expected: z.strictObject({ category: z.string().min(1), score: z.number().optional() }),
      }),
    )
    .max(2000),
  scheduling: z.strictObject({ neighbourMaxTravelKm: z.number().min(0).max(500) }).optional(),
  specialty: z
    .string()
    // The message names no specialty: the schema is part of the front end, which names none (issue 19).
    .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'must be a specialty key of GET /specialties: a-z, 0-9, _ and -, starting with a letter')
    .optional()
    .describe('The specialty that serves the pathway (GET /specialties): only its specialists see the queue'),
  answerPlans: z
    .array(
      z.strictObject({
        key: id,
        label: text,
        followUp: z.boolean().optional().describe('choosing it opens a follow-up case in the queue'),
      }),
    )
    .max(20)
    .superRefine((plans, ctx) => {
      plans.forEach((p, i) => {
        if (plans.findIndex((q) => q.key === p.key) < i) {
          ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `duplicate plan key "${p.key}"` });
        }
      });
    })
    .optional()
    .describe(
      "The plans of the specialist's answer; absent or empty: follow_up_remote, follow_up_primary_care, hospital_referral, discharged",
    ),
});

/** The JSON Schema of a definition, served at GET /api/v1/pathways/schema. */
export const pathwayDefinitionJsonSchema = {
  $id: 'urn:ledtriage:pathway-definition',
  title: 'Pathway definition',
  ...z.toJSONSchema(PathwayDefinitionSchema, { target: 'draft-2020-12' }),
};
