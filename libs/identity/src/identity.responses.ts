import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';
import { ROLES } from './organisation.entities';

/**
 * The identity routes' answers (issue 16 #5): the OpenAPI document's schemas, the web's generated types and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */

export const RoleSchema = z.enum(ROLES as ['nurse', 'specialist', 'admin']).meta({ id: 'Role' });

/** A user as the api shows her (never her password hash or token version). */
export const UserSchema = z
  .object({
    id: z.guid(),
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    healthCentreId: z.guid().nullable(),
    clinicId: z.guid().nullable(),
    regionId: z.guid(),
    /** Sent by sign-in and the administrator's routes; GET /auth/me leaves it out. */
    hsaId: z.string().nullable().optional(),
    /** The administrator's user list and (de)activation only. */
    active: z.boolean().optional(),
  })
  .meta({ id: 'User' });
export class UserResponse extends createZodDto(UserSchema) {}

/** An access token for the api; the session's refresh token goes in an httpOnly cookie, never here. */
export const SignInSchema = z.object({ accessToken: z.string(), expiresAt: timestamp, user: UserSchema }).meta({ id: 'SignIn' });
export class SignInResponse extends createZodDto(SignInSchema) {}

export const AccessTokenSchema = z.object({ accessToken: z.string(), expiresAt: timestamp }).meta({ id: 'AccessToken' });
export class AccessTokenResponse extends createZodDto(AccessTokenSchema) {}

/** A live session (a signed-in device) of the caller. */
export const SessionSchema = z
  .object({
    id: z.guid(),
    method: z.enum(['password', 'oidc']),
    createdAt: timestamp,
    lastRefreshedAt: timestamp,
    idleExpiresAt: timestamp,
    absoluteExpiresAt: timestamp,
    /** This request's own session. */
    current: z.boolean().optional(),
  })
  .meta({ id: 'Session' });
export class SessionResponse extends createZodDto(SessionSchema) {}

export const SignInMethodsSchema = z.object({ password: z.boolean(), oidc: z.boolean() }).meta({ id: 'SignInMethods' });
export class SignInMethodsResponse extends createZodDto(SignInMethodsSchema) {}

export const HealthCentreSchema = z
  .object({
    id: z.guid(),
    regionId: z.guid(),
    name: z.string(),
    municipality: z.string().nullable(),
    /** One way by road to the specialist clinic's hospital. */
    roadDistanceKm: z.number(),
    travelMinutes: z.number().int().nullable(),
    /** Absent in the answer to a creation (the new centre has none yet). */
    hsaId: z.string().nullable().optional(),
    createdAt: timestamp,
  })
  .meta({ id: 'HealthCentre' });
export class HealthCentreResponse extends createZodDto(HealthCentreSchema) {}

export const ClinicSchema = z
  .object({
    id: z.guid(),
    regionId: z.guid(),
    name: z.string(),
    hospitalName: z.string(),
    hsaId: z.string().nullable(),
    specialty: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: 'Clinic' });
export class ClinicResponse extends createZodDto(ClinicSchema) {}

export const EndedSessionsSchema = z.object({ userId: z.guid(), endedSessions: z.number().int() }).meta({ id: 'EndedSessions' });
export class EndedSessionsResponse extends createZodDto(EndedSessionsSchema) {}

export const HsaIdChangeSchema = z.object({ id: z.guid(), hsaId: z.string().nullable() }).meta({ id: 'HsaIdChange' });
export class HsaIdChangeResponse extends createZodDto(HsaIdChangeSchema) {}
