import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { personNameSchema } from '@app/common';

export const CreatePatientSchema = z.strictObject({
  personnummer: z.string().max(20),
  name: personNameSchema(),
  healthCentreId: z.uuid(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,20}$/, 'must be a phone number (digits, spaces, +, -)')
    .optional(),
});
export class CreatePatientDto extends createZodDto(CreatePatientSchema) {}

/** Look-up by personnummer in the body, never in a URL (URLs end up in logs and browser history). */
export const SearchPatientSchema = z.strictObject({ personnummer: z.string().max(20) });
export class SearchPatientDto extends createZodDto(SearchPatientSchema) {}
