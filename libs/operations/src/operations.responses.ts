import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The health routes' answer (issue 16 #5); anything but ok is the api's 503 error body. */
export const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
export class HealthResponse extends createZodDto(HealthSchema) {}
