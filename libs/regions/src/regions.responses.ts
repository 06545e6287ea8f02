import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';

/**
 * The regions routes' answers (issue 16 #5): the OpenAPI document's schemas, the web's generated types and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */

/** A region and its specialist clinics: what an admin picks an agreement's provider from (no patient data). */
export const RegionSchema = z
  .object({
    id: z.guid(),
    code: z.string(),
    name: z.string(),
    clinics: z.array(z.object({ id: z.guid(), name: z.string(), hospitalName: z.string(), specialty: z.string() })),
  })
  .meta({ id: 'Region' });
export class RegionResponse extends createZodDto(RegionSchema) {}

/** An agreement between regions: who provides and who receives, what it covers, its capacity and prices. */
export const AgreementSchema = z
  .object({
    id: z.guid(),
    title: z.string(),
    status: z.enum(['proposed', 'active', 'terminated']),
    provider: z.object({ regionId: z.guid(), regionName: z.string(), clinicId: z.guid(), clinicName: z.string() }),
    receiver: z.object({ regionId: z.guid(), regionName: z.string() }),
    healthCentres: z.array(z.object({ id: z.guid(), name: z.string() })),
    /** The providing clinic's active specialists, while the agreement is active (whom the receiver plans sessions for). */
    specialists: z.array(z.object({ id: z.guid(), displayName: z.string() })),
    pathwayKeys: z.array(z.string()),
    capacity: z.object({
      share: z.number(),
      fullTimeHoursPerWeek: z.number(),
      hoursPerWeek: z.number(),
      bookedHoursThisWeek: z.number(),
    }),
    /** Calendar dates (YYYY-MM-DD). */
    validFrom: z.string(),
    validTo: z.string(),
    prices: z.object({ remoteVisit: z.number(), onsiteDay: z.number(), noShow: z.number(), currency: z.string() }),
    proposedAt: timestamp,
    acceptedAt: timestamp.nullable(),
    terminatedAt: timestamp.nullable(),
  })
  .meta({ id: 'RegionAgreement' });
export class AgreementResponse extends createZodDto(AgreementSchema) {}
