import type { EntityManager } from 'typeorm';
import { AUDIT_INSERT, type AuditEntry, wellFormedJson } from '@app/identity';

/** Who acted when a partner installation's message did something here: no local user, the partner by name. */
export interface PartnerActor {
  partnerName: string;
  installationId: string;
  /** The local region the message concerned; null when the sender is not known at all. */
  regionId: string | null;
  requestId: string;
  clientIp: string | null;
}

/** An audit row for an inbound message (received, refused), in the caller's transaction or on its own. */
export async function auditAsPartner(m: Pick<EntityManager, 'query'>, who: PartnerActor, e: AuditEntry): Promise<void> {
  await m.query(AUDIT_INSERT, [
    null,
    `partner:${who.partnerName}`.slice(0, 200),
    'partner',
    who.regionId ? 'region' : null,
    who.regionId,
    who.regionId,
    e.patientId ?? null,
    e.action,
    e.resourceType,
    e.resourceId ?? null,
    e.outcome,
    e.reason ?? null,
    who.requestId,
    who.clientIp,
    wellFormedJson({ ...(e.detail ?? {}), partnerInstallationId: who.installationId }),
    e.dataRegionId ?? null,
  ]);
}
