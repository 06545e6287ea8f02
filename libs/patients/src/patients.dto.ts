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

export const FindPatientSchema = z.strictObject({ personnummer: z.string().max(20) });
export class FindPatientDto extends createZodDto(FindPatientSchema) {}
