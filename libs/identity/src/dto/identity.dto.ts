import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { personNameSchema } from '@app/common';
import { ROLES } from '../organisation.entities';

export const LoginSchema = z.strictObject({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
});
export class LoginDto extends createZodDto(LoginSchema) {}

export const CreateHealthCentreSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  municipality: z.string().trim().min(1).max(200).optional(),
  roadDistanceKm: z.number().min(0).max(5000),
  travelMinutes: z.number().int().min(0).max(6000).optional(),
});
export class CreateHealthCentreDto extends createZodDto(CreateHealthCentreSchema) {}

export const CreateUserSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,64}$/, 'must be 3-64 characters of a-z, 0-9, dot, dash or underscore'),
  password: z.string().max(1000),
  role: z.enum(ROLES),
  healthCentreId: z.uuid().optional(),
  clinicId: z.uuid().optional(),
  displayName: personNameSchema(),
});
export class CreateUserDto extends createZodDto(CreateUserSchema) {}
