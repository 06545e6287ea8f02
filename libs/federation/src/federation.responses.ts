import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';
import { REFERRAL_STATUSES } from './core';

/**
 * The federation routes' answers (issue 16 #5): the OpenAPI document's schemas, the web's generated types and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500). The public
 * routes (JWKS, catalogue, messages) are also what a partner installation reads.
 */

const Direction = z.enum(['outgoing', 'incoming']);
const ReferralStatus = z.enum(REFERRAL_STATUSES);
const ServiceStatus = z.enum(['open', 'closed']);

/** A public EC P-256 signing key (RFC 7517) as this installation publishes it: never its private part. */
const PublicJwkSchema = z
  .object({
    kty: z.string(),
    crv: z.string(),
    x: z.string(),
    y: z.string(),
    kid: z.string(),
    alg: z.string().optional(),
    use: z.string().optional(),
  })
  .meta({ id: 'FederationPublicJwk' });

/** A published key as the database keeps it (written by newKeyPair, so every field above is there). */
export type PublicJwk = z.output<typeof PublicJwkSchema>;

export const FederationJwksSchema = z.object({ installationId: z.guid(), keys: z.array(PublicJwkSchema) }).meta({ id: 'FederationJwks' });
export class FederationJwksResponse extends createZodDto(FederationJwksSchema) {}

/** A service's referral form: the published version of its pathway (the definition is the pathway's data). */
const ServiceFormSchema = z.object({ version: z.number().int(), definition: z.unknown() }).meta({ id: 'FederationServiceForm' });

/** What a service is and costs, as the offering installation describes it (ours, or a partner's as fetched). */
const serviceTerms = {
  title: z.string(),
  specialty: z.string(),
  pathwayKey: z.string(),
  turnaroundDays: z.number().int(),
  pricePerReferral: z.number(),
  currency: z.string(),
  contact: z.string().nullable(),
  status: ServiceStatus,
  version: z.number().int(),
  form: ServiceFormSchema.nullable(),
};

/** A service this installation offers (what its partners' referrers see in their catalogue). */
export const OfferedServiceSchema = z
  .object({
    id: z.guid(),
    regionName: z.string(),
    ...serviceTerms,
  })
  .meta({ id: 'OfferedService' });
export class OfferedServiceResponse extends createZodDto(OfferedServiceSchema) {}

export const FederationCatalogueSchema = z
  .object({ installationId: z.guid(), services: z.array(OfferedServiceSchema) })
  .meta({ id: 'FederationCatalogue' });
export class FederationCatalogueResponse extends createZodDto(FederationCatalogueSchema) {}

/** A partner's message taken (202): its id, and the referral's status after it ('stored' for news). */
export const MessageReceivedSchema = z.object({ messageId: z.guid(), status: z.string() }).meta({ id: 'FederationMessageReceived' });
export class MessageReceivedResponse extends createZodDto(MessageReceivedSchema) {}

/** A partner installation of the caller's region, with the key ids pinned for it. */
export const FederationPartnerSchema = z
  .object({
    id: z.guid(),
    name: z.string(),
    baseUrl: z.string(),
    installationId: z.guid(),
    keyIds: z.array(z.string()),
    keysFetchedAt: timestamp,
  })
  .meta({ id: 'FederationPartner' });
export class FederationPartnerResponse extends createZodDto(FederationPartnerSchema) {}

export const KeyRotationSchema = z.object({ kid: z.string(), retired: z.array(z.string()) }).meta({ id: 'FederationKeyRotation' });
export class KeyRotationResponse extends createZodDto(KeyRotationSchema) {}

/** A partner's service as the caller's region last fetched it, and whether the partner answered just now. */
export const PartnerOfferSchema = z
  .object({
    partnerId: z.guid(),
    partnerName: z.string(),
    serviceId: z.guid(),
    regionName: z.string(),
    ...serviceTerms,
    fetchedAt: timestamp,
    partnerReachable: z.boolean(),
  })
  .meta({ id: 'PartnerOffer' });
export class PartnerOfferResponse extends createZodDto(PartnerOfferSchema) {}

/** A partner's change to one of its services, field by field (the values are the service's data). */
const ServiceChangeSchema = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() }).meta({ id: 'FederationServiceChange' });

export const PartnerNewsSchema = z
  .object({
    id: z.guid(),
    partnerName: z.string(),
    serviceId: z.guid(),
    serviceTitle: z.string(),
    changes: z.array(ServiceChangeSchema),
    createdAt: timestamp,
    readAt: timestamp.nullable(),
  })
  .meta({ id: 'PartnerNews' });
export class PartnerNewsResponse extends createZodDto(PartnerNewsSchema) {}

export const PartnerNewsReadSchema = z.object({ id: z.guid(), readAt: timestamp, readBy: z.guid() }).meta({ id: 'PartnerNewsRead' });
export class PartnerNewsReadResponse extends createZodDto(PartnerNewsReadSchema) {}

/** "Waiting for delivery" for one partner of the region. */
export const OutboxStatusSchema = z
  .object({
    partnerId: z.guid(),
    partnerName: z.string(),
    waiting: z.number().int(),
    delivered: z.number().int(),
    oldestWaitingSince: timestamp.nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'FederationOutboxStatus' });
export class OutboxStatusResponse extends createZodDto(OutboxStatusSchema) {}

export const OutboxRetrySchema = z.object({ due: z.number().int() }).meta({ id: 'FederationOutboxRetry' });
export class OutboxRetryResponse extends createZodDto(OutboxRetrySchema) {}

/** A month's invoice basis: totals per partner, direction and currency, and a line per referral not rejected. */
export const InvoiceBasisSchema = z
  .object({
    month: z.string(),
    totals: z.array(
      z.object({
        partnerId: z.guid(),
        partnerName: z.string(),
        direction: Direction,
        currency: z.string(),
        referrals: z.number().int(),
        total: z.number(),
      }),
    ),
    lines: z.array(
      z.object({
        referralId: z.guid(),
        direction: Direction,
        partnerName: z.string(),
        serviceId: z.guid(),
        serviceTitle: z.string(),
        status: ReferralStatus,
        price: z.number(),
        currency: z.string(),
        sentAt: timestamp,
      }),
    ),
  })
  .meta({ id: 'FederationInvoiceBasis' });
export class InvoiceBasisResponse extends createZodDto(InvoiceBasisSchema) {}

/**
 * A referral between installations. Outgoing: the local patient (with her id); incoming: the patient as the
 * referral carried her (no local id).
 */
export const FederatedReferralSchema = z
  .object({
    id: z.guid(),
    direction: Direction,
    partnerName: z.string(),
    regionName: z.string(),
    serviceId: z.guid(),
    serviceTitle: z.string(),
    patient: z.object({ id: z.guid().nullable().optional(), personnummer: z.string(), name: z.string(), birthDate: z.string() }).nullable(),
    referrer: z.record(z.string(), z.string()),
    answers: z.record(z.string(), z.unknown()),
    status: ReferralStatus,
    statusReason: z.string().nullable(),
    completionQuestion: z.string().nullable(),
    completionReply: z.string().nullable(),
    /** The receiving region's answer; its time as the answering installation wrote it. */
    answer: z.object({ summary: z.string(), author: z.string(), answeredAt: z.string() }).nullable(),
    answerReadAt: timestamp.nullable(),
    answerReadBy: z.guid().nullable(),
    price: z.number(),
    currency: z.string(),
    sentAt: timestamp,
    updatedAt: timestamp,
    /** Messages of this referral not yet delivered to the other end. */
    waitingForDelivery: z.number().int(),
  })
  .meta({ id: 'FederatedReferral' });
export class FederatedReferralResponse extends createZodDto(FederatedReferralSchema) {}

/**
 * The referral and its answer as one FHIR R4 collection Bundle: the entries are FHIR resources in FHIR's own
 * shape (not restated here).
 */
export const ReferralFhirBundleSchema = z
  .object({
    resourceType: z.literal('Bundle'),
    // Optional as FHIR's Bundle has them; the export always sends them (type 'collection').
    id: z.string().optional(),
    type: z.string(),
    timestamp: z.string().optional(),
    entry: z.array(z.object({ fullUrl: z.string().optional(), resource: z.unknown().optional() })).optional(),
  })
  .meta({ id: 'FederatedReferralFhirBundle' });
export class ReferralFhirBundleResponse extends createZodDto(ReferralFhirBundleSchema) {}

export const ReferralAnswerReadSchema = z
  .object({ id: z.guid(), answerReadAt: timestamp, answerReadBy: z.guid() })
  .meta({ id: 'FederatedReferralAnswerRead' });
export class ReferralAnswerReadResponse extends createZodDto(ReferralAnswerReadSchema) {}
