import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';

/**
 * The patient routes' answers (issue 16 #5): the OpenAPI document's schema, the web's generated type and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */
export const PatientSchema = z
  .object({
    id: z.guid(),
    personnummer: z.string(),
    name: z.string(),
    healthCentreId: z.guid(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    /** For letters. */
    postalAddress: z.string().nullable(),
    /** ISO 639-1; null when the patient needs no interpreter. */
    interpreterLanguage: z.string().nullable(),
    /** A calendar date (YYYY-MM-DD). */
    birthDate: z.iso.date(),
    ageYears: z.number().int(),
    /** A samordningsnummer rather than a personnummer. */
    isCoordinationNumber: z.boolean(),
    createdAt: timestamp,
  })
  .meta({ id: 'Patient' });
export class PatientResponse extends createZodDto(PatientSchema) {}
