import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';

/**
 * The audit routes' answers (issue 16 #5): the OpenAPI document's schemas, the web's generated types and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */

export const AuditActionSchema = z.enum(['create', 'read', 'update', 'delete', 'execute', 'login']).meta({ id: 'AuditAction' });
export const AuditOutcomeSchema = z.enum(['success', 'denied', 'failed']).meta({ id: 'AuditOutcome' });

/** One audit row as the administrator's search shows it. */
export const AuditEventSchema = z
  .object({
    /** A bigint, as text. */
    id: z.string(),
    occurredAt: timestamp,
    user: z.object({ id: z.guid().nullable(), username: z.string().nullable(), role: z.string().nullable() }),
    careUnit: z.object({ type: z.string(), id: z.guid().nullable() }).nullable(),
    regionId: z.guid().nullable(),
    /** The region whose patient data it was, when one region's staff touched another's (under an agreement). */
    dataRegionId: z.guid().nullable(),
    patientId: z.guid().nullable(),
    action: AuditActionSchema,
    resource: z.object({ type: z.string(), id: z.string().nullable() }),
    outcome: AuditOutcomeSchema,
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    /** What the row's writer recorded: data, not contract. */
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEvent' });
export class AuditEventResponse extends createZodDto(AuditEventSchema) {}

/** One access to a patient's data: who, for which care unit, when, what and why (HSLF-FS 2016:40). */
export const AccessLogItemSchema = z
  .object({
    /** A bigint, as text. */
    id: z.string(),
    occurredAt: timestamp,
    user: z.object({
      id: z.guid().nullable(),
      username: z.string().nullable(),
      displayName: z.string().nullable(),
      role: z.string().nullable(),
      hsaId: z.string().nullable(),
    }),
    careUnit: z.object({ type: z.string(), id: z.guid().nullable(), name: z.string().nullable(), hsaId: z.string().nullable() }).nullable(),
    regionId: z.guid().nullable(),
    action: AuditActionSchema,
    resource: z.object({ type: z.string(), id: z.string().nullable() }),
    outcome: AuditOutcomeSchema,
    reason: z.string().nullable(),
  })
  .meta({ id: 'AccessLogItem' });

/** A page of the patient's access log; `nextCursor` asks for the next (null on the last). */
export const AccessLogPageSchema = z
  .object({ items: z.array(AccessLogItemSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AccessLogPage' });
export class AccessLogPageResponse extends createZodDto(AccessLogPageSchema) {}
