import type { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiError, type ErrorCode } from '@app/common';
import { AUDIT_INSERT, type AuditEntry, auditRowParams } from '@app/identity';

/** Who acted when a partner installation's message did something here: no local user, the partner by name. */
export interface PartnerActor {
  partnerName: string;
  installationId: string;
  /** The local region the message concerned; null when the sender is not known at all. */
  regionId: string | null;
  requestId: string;
  clientIp: string | null;
}

/** Refusals of an inbound message: HTTP status and the reason both ends log (never patient data). */
export class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** An audit row for an inbound message (received, refused), in the caller's transaction or on its own. */
export async function auditAsPartner(m: Pick<EntityManager, 'query'>, who: PartnerActor, e: AuditEntry): Promise<void> {
  const origin = {
    username: `partner:${who.partnerName}`.slice(0, 200),
    role: 'partner',
    careUnit: who.regionId ? { type: 'region', id: who.regionId } : null,
    regionId: who.regionId,
    requestId: who.requestId,
    clientIp: who.clientIp,
  };
  await m.query(
    AUDIT_INSERT,
    auditRowParams(null, origin, { ...e, detail: { ...(e.detail ?? {}), partnerInstallationId: who.installationId } }),
  );
}

/**
 * The partner's refused message: logged with the partner's name, the message id and the reason only (never
 * the message's content), audited as the partner's denied message, and answered with the refusal's status.
 */
export async function refusedAsPartner(
  m: Pick<EntityManager, 'query'>,
  logger: Logger,
  who: PartnerActor,
  messageId: string | null,
  e: Refused,
): Promise<ApiError> {
  logger.warn(
    { partner: who.partnerName, installationId: who.installationId, messageId, code: e.code, reason: e.message },
    'federation message refused',
  );
  await auditAsPartner(m, who, {
    action: 'create',
    resourceType: 'FederationMessage',
    resourceId: messageId,
    outcome: 'denied',
    reason: `${e.code}: ${e.message}`.slice(0, 500),
  });
  return new ApiError(e.status, `Message refused: ${e.message}`, [{ field: 'jws', reason: e.code }], { code: e.code });
}
