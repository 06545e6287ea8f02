import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';
import { CASE_STATUSES } from './triage.dto';

/**
 * The triage routes' answers (issue 16 #5): the OpenAPI document's schemas, the web's generated types and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */

const Text = z.object({ sv: z.string(), en: z.string() });

/** Why the pathway gave the category: the rule, and its text in both languages (a planned follow-up names no category). */
export const TriageReasonSchema = z
  .object({ ruleId: z.string(), category: z.string().optional(), text: Text })
  .meta({ id: 'TriageReason' });

export const CaseStatusSchema = z.enum(CASE_STATUSES).meta({ id: 'CaseStatus' });

const caseFields = {
  id: z.guid(),
  patientId: z.guid(),
  /** Sent where the patient was read with the case (a case's read, the lists, a withdrawal or re-triage). */
  patientName: z.string().optional(),
  /** ISO 639-1: the patient needs an interpreter in this language; null: none. Sent by a case's read and the list. */
  interpreterLanguage: z.string().nullable().optional(),
  healthCentreId: z.guid(),
  pathwayKey: z.string(),
  pathwayVersion: z.number().int(),
  category: z.string(),
  /** A calendar date (YYYY-MM-DD); null for a category without a due time. */
  dueDate: z.iso.date().nullable(),
  overdue: z.boolean(),
  score: z.number(),
  reasons: z.array(TriageReasonSchema),
  /** What the nurse tells the patient now (an emergency's instruction), when the category has one. */
  instruction: Text.nullable(),
  bookable: z.boolean(),
  status: CaseStatusSchema,
  statusReason: z.string().nullable(),
  flags: z.array(z.string()),
  /** The category the pathway gave, once a specialist re-triaged the case. */
  originalCategory: z.string().nullable(),
  triagedAt: timestamp,
};

/** A triage case; a case's own read (GET /triage-cases/{id}) adds the answers. */
export const TriageCaseSchema = z
  .object({ ...caseFields, answers: z.record(z.string(), z.unknown()).optional() })
  .meta({ id: 'TriageCase' });
export class TriageCaseResponse extends createZodDto(TriageCaseSchema) {}

/** A case in the list: with the patient's personnummer (names repeat) and its active booking, if any. */
export const ListedTriageCaseSchema = z
  .object({
    ...caseFields,
    personnummer: z.string(),
    booking: z.object({ id: z.guid(), slotId: z.guid(), start: timestamp, visitId: z.guid().nullable() }).nullable(),
  })
  .meta({ id: 'ListedTriageCase' });
export class ListedTriageCaseResponse extends createZodDto(ListedTriageCaseSchema) {}

/** The case's changes of priority, oldest first, after the nurse's triage. */
export const CaseHistorySchema = z
  .object({
    caseId: z.guid(),
    triaged: z.object({ at: timestamp, by: z.string().nullable(), category: z.string() }),
    changes: z.array(
      z.object({
        at: timestamp,
        by: z.string().nullable(),
        role: z.string().nullable(),
        from: z.string(),
        to: z.string(),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: 'CaseHistory' });
export class CaseHistoryResponse extends createZodDto(CaseHistorySchema) {}

/** One case of the ranked queue. */
export const QueueItemSchema = z
  .object({
    rank: z.number().int(),
    caseId: z.guid(),
    category: z.string(),
    originalCategory: z.string().nullable(),
    /** A calendar date (YYYY-MM-DD): a case in the queue always has one. */
    dueDate: z.iso.date(),
    overdue: z.boolean(),
    score: z.number(),
    reasons: z.array(TriageReasonSchema),
    flags: z.array(z.string()),
    patient: z.object({
      id: z.guid(),
      name: z.string(),
      age: z.number().int(),
      interpreterLanguage: z.string().nullable(),
      /** Beside the name, so that two patients of the same name are told apart. */
      birthDate: z.iso.date(),
    }),
    healthCentre: z.object({ id: z.guid(), name: z.string() }),
    triagedAt: timestamp,
  })
  .meta({ id: 'QueueItem' });

/** A page of a pathway's ranked queue. */
export const QueuePageSchema = z
  .object({ pathwayKey: z.string(), total: z.number().int(), offset: z.number().int(), items: z.array(QueueItemSchema) })
  .meta({ id: 'QueuePage' });
export class QueuePageResponse extends createZodDto(QueuePageSchema) {}
