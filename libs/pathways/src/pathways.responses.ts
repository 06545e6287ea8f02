import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';
import { PathwayDefinitionSchema } from './core';
import { SIGN_OFF_BY } from './sign-off';

/**
 * The pathway routes' answers (issue 16 #5): the OpenAPI document's schemas, the web's generated types and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */

/** Text in Swedish and English. */
export const PathwayTextSchema = z.object({ sv: z.string(), en: z.string() });
const Text = PathwayTextSchema;
const VERSION_STATUSES = ['draft', 'scheduled', 'published', 'retired'] as const;
const VersionStatus = z.enum(VERSION_STATUSES);
const Ownership = z.enum(['template', 'own', 'adopted']);
const ReviewState = z.enum(['editing', 'submitted', 'approved', 'rejected']);
const UserRef = z.object({ userId: z.uuid(), name: z.string().nullable() });

/** A refused answer, as the pathway core names it (the coded errors' detail code and parameters, issue 16 #4). */
export const PathwayAnswerProblemSchema = z.object({
  field: z.string(),
  reason: z.string(),
  code: z
    .enum([
      'required',
      'unknown_field',
      'hidden_question',
      'not_integer',
      'invalid_type',
      'not_in_options',
      'too_small',
      'too_big',
      'too_long',
      'not_an_object',
    ])
    .optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
const AnswerProblem = PathwayAnswerProblemSchema;

export const PathwaySummarySchema = z
  .object({
    key: z.string(),
    title: Text,
    version: z.number().int().nullable(),
    status: VersionStatus,
    ownership: Ownership,
    /** The draft's revision (its ETag) for a draft; the revision a version was published from otherwise. */
    revision: z.number().int(),
    /** A published or scheduled version: when it comes (came) into force. */
    effectiveFrom: timestamp.optional(),
  })
  .meta({ id: 'PathwaySummary' });
export class PathwaySummaryResponse extends createZodDto(PathwaySummarySchema) {}

/** The JSON Schema of a definition (GET /pathways/schema): a document of its own, data to this contract. */
export const PathwayDefinitionJsonSchemaSchema = z.record(z.string(), z.unknown()).meta({ id: 'PathwayDefinitionJsonSchema' });
export class PathwayDefinitionJsonSchemaResponse extends createZodDto(PathwayDefinitionJsonSchemaSchema) {}

/** Who wrote, submitted and reviewed a draft or version, and when (issue 20). */
const signOffFields = {
  reviewState: ReviewState,
  author: UserRef.nullable(),
  submittedBy: UserRef.nullable(),
  submittedAt: timestamp.nullable(),
  submitComment: z.string().nullable(),
  reviewedBy: UserRef.nullable(),
  reviewedAt: timestamp.nullable(),
  reviewComment: z.string().nullable(),
  reviewedRevision: z.number().int().nullable(),
};

export const PathwayDraftReviewSchema = z
  .object({ key: z.string(), revision: z.number().int(), restoredFrom: z.number().int().nullable(), ...signOffFields })
  .meta({ id: 'PathwayDraftReview' });
export class PathwayDraftReviewResponse extends createZodDto(PathwayDraftReviewSchema) {}

/**
 * The definition as stored (every write checks it against the definition schema) with the version's
 * read-only envelope beside its fields.
 */
export const PublishedPathwaySchema = PathwayDefinitionSchema.extend({
  version: z.number().int().nullable(),
  status: VersionStatus,
  revision: z.number().int(),
  ownership: Ownership,
}).meta({ id: 'PublishedPathway' });
export class PublishedPathwayResponse extends createZodDto(PublishedPathwaySchema) {}

export const PathwayVersionDefinitionSchema = PathwayDefinitionSchema.extend({
  version: z.number().int().nullable(),
  status: VersionStatus,
}).meta({ id: 'PathwayVersionDefinition' });
export class PathwayVersionDefinitionResponse extends createZodDto(PathwayVersionDefinitionSchema) {}

export const PathwayDraftSchema = PathwayDefinitionSchema.extend({
  version: z.null(),
  status: z.literal('draft'),
  /** The draft's ETag. */
  revision: z.number().int(),
  updatedAt: timestamp,
  review: PathwayDraftReviewSchema,
}).meta({ id: 'PathwayDraft' });
export class PathwayDraftResponse extends createZodDto(PathwayDraftSchema) {}

const Reason = z.object({ ruleId: z.string(), category: z.string(), text: Text });

/** The preview of answers that may be incomplete (three-valued, #15.2). */
export const PathwayAssessmentSchema = z
  .object({
    pathwayKey: z.string(),
    pathwayVersion: z.number().int().nullable(),
    /** Every shown required question is answered. */
    complete: z.boolean(),
    /** The answers given decide the category, whatever the open questions will say. */
    decided: z.boolean(),
    /** The outcome when complete or decided; null otherwise. */
    category: z.string().nullable(),
    dueInDays: z.number().int().nullable(),
    bookable: z.boolean(),
    inQueue: z.boolean(),
    instruction: Text.optional(),
    score: z.number(),
    scoreBreakdown: z.record(z.string(), z.number()),
    reasons: z.array(Reason),
    /** Unanswered questions whose answer could still change the outcome, in form order. */
    stillMatter: z.array(z.string()),
    /** Required questions shown and not yet answered, in form order. */
    missing: z.array(z.string()),
  })
  .meta({ id: 'PathwayAssessment' });
export class PathwayAssessmentResponse extends createZodDto(PathwayAssessmentSchema) {}

export const PathwayVersionEntrySchema = z
  .object({
    version: z.number().int().nullable(),
    status: VersionStatus,
    revision: z.number().int(),
    updatedAt: timestamp,
    publishedAt: timestamp.nullable(),
    publishedBy: z.uuid().nullable(),
    effectiveFrom: timestamp.nullable(),
    restoredFrom: z.number().int().nullable(),
    ...signOffFields,
  })
  .meta({ id: 'PathwayVersionEntry' });
export class PathwayVersionEntryResponse extends createZodDto(PathwayVersionEntrySchema) {}

const DiffSide = z.union([z.number().int(), z.literal('draft')]);
export const PathwayDiffSchema = z
  .object({
    key: z.string(),
    from: DiffSide,
    to: DiffSide,
    changes: z.array(
      z.object({
        kind: z.enum(['pathway', 'question', 'rule', 'category', 'ranking', 'score', 'testCase', 'scheduling']),
        /** The definition's path of the changed part, for linking to the editor. */
        path: z.string(),
        sv: z.string(),
        en: z.string(),
      }),
    ),
  })
  .meta({ id: 'PathwayDiff' });
export class PathwayDiffResponse extends createZodDto(PathwayDiffSchema) {}

/** A FHIR R4 Questionnaire: HL7's resource, described by FHIR's own specification, not by this contract. */
export const FhirQuestionnaireSchema = z
  .object({ resourceType: z.literal('Questionnaire') })
  .catchall(z.unknown())
  .meta({ id: 'FhirQuestionnaire' });
export class FhirQuestionnaireResponse extends createZodDto(FhirQuestionnaireSchema) {}

export const PathwayTestResultSchema = z
  .object({
    name: z.string(),
    passed: z.boolean(),
    expected: z.object({ category: z.string(), score: z.number().optional() }),
    actual: z.union([z.object({ category: z.string(), score: z.number() }), z.object({ invalid: z.array(AnswerProblem) })]),
  })
  .meta({ id: 'PathwayTestResult' });
export class PathwayTestResultResponse extends createZodDto(PathwayTestResultSchema) {}

const Transition = { from: z.string(), to: z.string(), count: z.number().int() };
/** The draft replayed over the region's past cases (or its test cases before there are any), in figures and words. */
export const PathwayImpactSchema = z
  .object({
    source: z.enum(['past_cases', 'test_cases']),
    revision: z.number().int(),
    total: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    /** Past answers the draft would refuse (e.g. a new required question). */
    invalid: z.number().int(),
    transitions: z.array(z.object(Transition)),
    lines: z.array(z.object({ ...Transition, sv: z.string(), en: z.string() })),
    summary: Text,
  })
  .meta({ id: 'PathwayImpact' });
export class PathwayImpactResponse extends createZodDto(PathwayImpactSchema) {}

export const PathwayImpactCasesSchema = z
  .object({
    key: z.string(),
    revision: z.number().int(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    /** All the cases the draft would move (at most 500 are listed). */
    count: z.number().int(),
    cases: z.array(
      z.object({
        id: z.uuid(),
        patientId: z.uuid(),
        healthCentreId: z.uuid(),
        healthCentreName: z.string(),
        triagedAt: timestamp,
        pathwayVersion: z.number().int(),
        status: z.string(),
        category: z.string(),
        /** null: the draft would refuse the answers. */
        newCategory: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'PathwayImpactCases' });
export class PathwayImpactCasesResponse extends createZodDto(PathwayImpactCasesSchema) {}

export const PathwayReviewerSchema = z
  .object({ userId: z.uuid(), username: z.string(), displayName: z.string(), role: z.string() })
  .meta({ id: 'PathwayReviewer' });
export class PathwayReviewerResponse extends createZodDto(PathwayReviewerSchema) {}

export const PathwaySignOffPolicySchema = z
  .object({ signOffBy: z.enum(SIGN_OFF_BY), reviewers: z.array(PathwayReviewerSchema) })
  .meta({ id: 'PathwaySignOffPolicy' });
export class PathwaySignOffPolicyResponse extends createZodDto(PathwaySignOffPolicySchema) {}

export const PathwayReviewQueueItemSchema = z
  .object({
    key: z.string(),
    title: Text,
    revision: z.number().int(),
    submittedBy: UserRef,
    submittedAt: timestamp,
    submitComment: z.string().nullable(),
    /** The caller may review it (a reviewer, and neither its author nor its last editor). */
    canReview: z.boolean(),
  })
  .meta({ id: 'PathwayReviewQueueItem' });
export class PathwayReviewQueueItemResponse extends createZodDto(PathwayReviewQueueItemSchema) {}

/** A pathway in the catalogue, as the caller's region sees it. */
export const CatalogueEntrySchema = z
  .object({
    key: z.string(),
    title: Text,
    version: z.number().int(),
    offeredBy: z.object({ regionId: z.uuid(), regionName: z.string() }),
    offeredAt: timestamp,
    /** The caller's region offers it. */
    own: z.boolean(),
    /** The caller's region has adopted it. */
    adopted: z.boolean(),
    /** How many regions adopted it: told only to the offering region (0 for others). */
    adoptedBy: z.number().int(),
  })
  .meta({ id: 'CatalogueEntry' });
export class CatalogueEntryResponse extends createZodDto(CatalogueEntrySchema) {}

export const OwnPublishedPathwaySchema = z
  .object({ key: z.string(), title: Text, version: z.number().int(), offered: z.boolean() })
  .meta({ id: 'OwnPublishedPathway' });
export class OwnPublishedPathwayResponse extends createZodDto(OwnPublishedPathwaySchema) {}
