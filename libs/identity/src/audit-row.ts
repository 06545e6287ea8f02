import type { EntityManager } from 'typeorm';
import { careUnitOf, type RequestContext } from './actor';

export type AuditAction = 'create' | 'read' | 'update' | 'delete' | 'execute' | 'login';
export type AuditOutcome = 'success' | 'denied' | 'failed';

export interface AuditEntry {
  action: AuditAction;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  outcome: AuditOutcome;
  reason?: string;
  detail?: Record<string, unknown>;
  /** The region whose patient data was touched, when it is not the actor's own (access under an agreement or a routed pathway). */
  dataRegionId?: string | null;
}

/**
 * One audit row as SQL, here rather than in @app/audit because identity's own administrative changes
 * (users, health centres) are audited too and identity sits below the audit module. AuditService
 * writes through the same pieces.
 */
export const AUDIT_COLUMNS = `(actor_user_id, actor_username, actor_role, care_unit_type, care_unit_id, region_id, patient_id,
   action, resource_type, resource_id, outcome, reason, request_id, client_ip, detail, data_region_id)`;
/** Column types, so the values can stand in a SELECT (where PostgreSQL cannot infer them). */
export const AUDIT_TYPES = [
  'uuid',
  'text',
  'text',
  'text',
  'uuid',
  'uuid',
  'uuid',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'jsonb',
  'uuid',
];
export const AUDIT_INSERT = `INSERT INTO audit_event ${AUDIT_COLUMNS}
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * JSON that PostgreSQL's jsonb accepts: a lone surrogate (which JavaScript strings may hold, and text
 * columns store as U+FFFD) is written as U+FFFD too, where jsonb would refuse its `\ud800` escape.
 */
export function wellFormedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\ufffd') : v));
}

/**
 * Who acted, as the row's actor columns, when it was not a signed-in user: a partner installation, or a
 * patient or an interpreter through a link. The row names no user id.
 */
export interface AuditOrigin {
  username: string;
  role: string;
  careUnit: { type: string; id: string } | null;
  regionId: string | null;
  requestId: string;
  clientIp: string | null;
}

export function auditParams(ctx: RequestContext, e: AuditEntry): unknown[] {
  const { actor, requestId, clientIp } = ctx;
  const origin = { username: actor.username, role: actor.role, careUnit: careUnitOf(actor), regionId: actor.regionId, requestId, clientIp };
  return auditRowParams(actor.userId, origin, e);
}

/** One audit row's parameters for AUDIT_INSERT: a signed-in user's (`userId`) or another origin's (null). */
export function auditRowParams(userId: string | null, o: AuditOrigin, e: AuditEntry): unknown[] {
  return [
    userId,
    o.username,
    o.role,
    o.careUnit?.type ?? null,
    o.careUnit?.id ?? null,
    o.regionId,
    e.patientId ?? null,
    e.action,
    e.resourceType,
    e.resourceId ?? null,
    e.outcome,
    e.reason ?? null,
    o.requestId,
    o.clientIp,
    e.detail ? wellFormedJson(e.detail) : null,
    e.dataRegionId ?? null,
  ];
}

/** Writes the audit row inside the caller's transaction, so the change and its record commit together. */
export async function writeAudit(manager: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await manager.query(AUDIT_INSERT, auditParams(ctx, entry));
}
