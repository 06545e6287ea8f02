import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The refresh route's body: how long the browser has seen no input (optional; absent, the refresh counts as use). */
export const RefreshSchema = z.strictObject({
  idleSeconds: z.number().int().min(0).max(31_536_000).optional(),
});
export class RefreshDto extends createZodDto(RefreshSchema) {}
