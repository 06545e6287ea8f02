import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { personNameSchema } from '@app/common';
import { MAX_PASSWORD_LENGTH, passwordProblems } from '../core/password-policy';
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

/** A user's own password change; the policy is checked by the service (422 naming newPassword). */
export const ChangePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export class ChangePasswordDto extends createZodDto(ChangePasswordSchema) {}

export const CreateUserSchema = z
  .strictObject({
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
  })
  .superRefine((dto, ctx) => {
    // The length rule stays with the service (422, as before); the rest of the policy (#15.10) is checked here.
    for (const p of passwordProblems(dto.password, dto.username)) {
      if (p.code !== 'too_short') ctx.addIssue({ code: 'custom', path: ['password'], message: p.en });
    }
  });
export class CreateUserDto extends createZodDto(CreateUserSchema) {}
