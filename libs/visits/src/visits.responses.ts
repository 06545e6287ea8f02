import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';
import { OutcomeDraftSchema } from './visits.dto';

/**
 * The visit routes' answers (issue 16 #5): the OpenAPI document's schemas, the web's generated types and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */

const Text = z.object({ sv: z.string(), en: z.string() });
const Ref = z.object({ id: z.guid(), name: z.string() });

export const VisitStatusSchema = z
  .enum(['scheduled', 'waiting', 'in_progress', 'completed', 'no_show', 'cancelled'])
  .meta({ id: 'VisitStatus' });

/** The visit's own fields (visit-rows.ts `visitView`). */
const visitFields = {
  id: z.guid(),
  status: VisitStatusSchema,
  caseId: z.guid(),
  bookingId: z.guid(),
  healthCentreId: z.guid(),
  specialistId: z.guid(),
  start: timestamp,
  end: timestamp,
  /** The start in Stockholm time, `YYYY-MM-DD HH:mm`. */
  startLocal: z.string(),
  centreJoinedAt: timestamp.nullable(),
  specialistJoinedAt: timestamp.nullable(),
  startedAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
  /** How the video runs: LiveKit, or the embedded peer-to-peer mesh signalled over the socket. */
  videoMode: z.enum(['livekit', 'p2p']),
};

/** A visit of the day's list, with its patient, the case's category and the centre. */
export const ListedVisitSchema = z
  .object({
    ...visitFields,
    patient: z.object({ id: z.guid(), name: z.string(), interpreterLanguage: z.string().nullable() }),
    category: z.string(),
    healthCentre: Ref,
  })
  .meta({ id: 'ListedVisit' });
export class ListedVisitResponse extends createZodDto(ListedVisitSchema) {}

/** A plan the specialist may choose in her answer, from the case's pathway version. */
const AnswerPlan = z.object({ key: z.string(), label: Text, followUp: z.boolean().optional() });

/** The visit with the patient, the triage and the answer, for its participants and the region's admins. */
export const VisitSchema = z
  .object({
    /** Issue 19: the plans the answer form offers and the rules that fired on the case (the feedback may name them). */
    answerForm: z.object({ plans: z.array(AnswerPlan).readonly(), firedRules: z.array(z.object({ ruleId: z.string(), text: Text })) }),
    ...visitFields,
    healthCentre: Ref,
    specialist: z.object({ id: z.guid(), displayName: z.string(), profession: Text.nullable() }),
    patient: z.object({
      id: z.guid(),
      name: z.string(),
      personnummer: z.string(),
      birthDate: z.iso.date(),
      interpreterLanguage: z.string().nullable(),
    }),
    triage: z.object({
      pathwayKey: z.string(),
      pathwayVersion: z.number().int(),
      category: z.string(),
      score: z.number(),
      reasons: z.array(z.object({ ruleId: z.string(), category: z.string().optional(), text: Text })),
      answers: z.record(z.string(), z.unknown()),
      /** A calendar date (YYYY-MM-DD); null for a category without a due time. */
      dueDate: z.iso.date().nullable(),
    }),
    outcome: z
      .object({
        id: z.guid(),
        summary: z.string(),
        diagnosisCodes: z.array(z.string()),
        plan: z.string(),
        instructions: z.string().nullable(),
        createdAt: timestamp,
        planLabel: Text.nullable(),
        followUp: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'Visit' });
export class VisitResponse extends createZodDto(VisitSchema) {}

/**
 * The visit and its answer as a FHIR R4 collection Bundle (Patient, Practitioner, Organization, an Encounter of
 * class virtual and, once answered, a Composition); the resources are FHIR's shape (not restated here).
 */
export const VisitFhirBundleSchema = z
  .object({
    resourceType: z.literal('Bundle'),
    // Optional as FHIR's Bundle has them; the export always sends them.
    type: z.string(),
    timestamp: z.string().optional(),
    entry: z.array(z.object({ fullUrl: z.string().optional(), resource: z.unknown().optional() })).optional(),
  })
  .meta({ id: 'VisitFhirBundle' });
export class VisitFhirBundleResponse extends createZodDto(VisitFhirBundleSchema) {}

const joinFields = {
  mode: z.enum(['livekit', 'p2p']),
  room: z.string(),
  /** LiveKit: the server's WebSocket URL and a token for this room only. */
  url: z.string().optional(),
  token: z.string().optional(),
  expiresAt: timestamp,
  /** The embedded mode: the STUN/TURN servers for the peer connections. */
  iceServers: z
    .array(
      z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() }),
    )
    .optional(),
};

/** Credentials for the visit's room. */
export const VisitJoinSchema = z.object(joinFields).meta({ id: 'VisitJoin' });
export class VisitJoinResponse extends createZodDto(VisitJoinSchema) {}

/** The specialist's answer (svar), as sent. */
export const VisitOutcomeSchema = z
  .object({
    id: z.guid(),
    visitId: z.guid(),
    caseId: z.guid(),
    healthCentreId: z.guid(),
    summary: z.string(),
    diagnosisCodes: z.array(z.string()),
    plan: z.string(),
    instructions: z.string().nullable(),
    /** The next case in the queue, when the plan is a remote follow-up. */
    followUpCaseId: z.guid().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'VisitOutcome' });
export class VisitOutcomeResponse extends createZodDto(VisitOutcomeSchema) {}

/** An answer delivered to the centre's inbox. */
export const InboxAnswerSchema = z
  .object({
    id: z.guid(),
    visitId: z.guid(),
    caseId: z.guid(),
    patient: Ref,
    /** The specialist's display name. */
    author: z.string(),
    summary: z.string(),
    diagnosisCodes: z.array(z.string()),
    plan: z.string(),
    planLabel: Text.nullable(),
    instructions: z.string().nullable(),
    followUpCaseId: z.guid().nullable(),
    createdAt: timestamp,
    readAt: timestamp.nullable(),
  })
  .meta({ id: 'InboxAnswer' });
export class InboxAnswerResponse extends createZodDto(InboxAnswerSchema) {}

export const AnswerReadSchema = z.object({ id: z.guid(), readAt: timestamp }).meta({ id: 'AnswerRead' });
export class AnswerReadResponse extends createZodDto(AnswerReadSchema) {}

/** The answer as typed so far: what the form saved (checked by the same rules as when it was saved). */
export const SavedOutcomeDraftSchema = z
  .object({ draft: z.object(OutcomeDraftSchema.shape).nullable(), updatedAt: timestamp.nullable() })
  .meta({ id: 'SavedOutcomeDraft' });
export class SavedOutcomeDraftResponse extends createZodDto(SavedOutcomeDraftSchema) {}

export const OutcomeDraftSavedSchema = z.object({ updatedAt: timestamp }).meta({ id: 'OutcomeDraftSaved' });
export class OutcomeDraftSavedResponse extends createZodDto(OutcomeDraftSavedSchema) {}

/** An interpreter booked for the visit: the one-time link is shown only in this answer. */
export const InterpreterBookingSchema = z
  .object({ visitId: z.guid(), language: z.string(), link: z.string(), validFrom: timestamp, validUntil: timestamp })
  .meta({ id: 'InterpreterBooking' });
export class InterpreterBookingResponse extends createZodDto(InterpreterBookingSchema) {}

/** What the interpreter's page shows before joining: the time and the language, no health data. */
export const InterpreterLinkSchema = z
  .object({
    state: z.enum(['open', 'early', 'used', 'over']),
    language: z.string(),
    start: timestamp,
    end: timestamp,
    opensAt: timestamp,
  })
  .meta({ id: 'InterpreterLink' });
export class InterpreterLinkResponse extends createZodDto(InterpreterLinkSchema) {}

/** The interpreter's join: the room's credentials, and in the embedded mode her seat (a socket credential for this visit). */
export const InterpreterJoinSchema = z
  .object({
    ...joinFields,
    language: z.string(),
    seat: z.object({ credential: z.string(), peerId: z.string(), visitId: z.guid(), expiresAt: timestamp }).optional(),
  })
  .meta({ id: 'InterpreterJoin' });
export class InterpreterJoinResponse extends createZodDto(InterpreterJoinSchema) {}

/** LiveKit's webhook, acknowledged (not in the document: LiveKit calls it). */
export const LiveKitWebhookAckSchema = z
  .object({ handled: z.boolean(), duplicate: z.boolean().optional(), event: z.string().optional() })
  .meta({ id: 'LiveKitWebhookAck' });
export class LiveKitWebhookAckResponse extends createZodDto(LiveKitWebhookAckSchema) {}
