import { rooms, type ServerEventName, type ServerEvents } from './realtime.events';

type QueueReason = ServerEvents['queue.updated']['reason'];

/**
 * What happened, as a service says it after its transaction has committed (issue 16, #2). Who hears
 * it is decided here, in one place, not at each call site.
 */
export type DomainEvent =
  | {
      type: 'case.changed';
      reason: Exclude<QueueReason, 'connected' | 'agreement'>;
      caseId: string;
      status: string;
      healthCentreId: string;
      pathwayKey: string;
      servingRegionId: string;
    }
  | {
      type: 'visit.changed';
      visitId: string;
      status: string;
      caseId: string;
      healthCentreId: string;
      specialistId: string;
      /** Where the visit was before a move to another specialist or centre: both sides' screens refresh. */
      before?: { healthCentreId: string; specialistId: string };
      /** The case's status when the change moved it too (the centre's case list shows the booked time). */
      caseStatus?: string;
    }
  | { type: 'answer.sent'; outcomeId: string; visitId: string; healthCentreId: string }
  | { type: 'session.changed'; sessionId: string; status: string; healthCentreId: string; specialistId: string }
  | { type: 'agreement.changed'; providerRegionId: string; pathwayKeys: string[] };

/** An event for rooms. */
export interface RoomDelivery<E extends ServerEventName = ServerEventName> {
  to: string[];
  event: E;
  payload: ServerEvents[E];
}

/** A queue event for the specialists serving one centre under an agreement in force (checked at send). */
export interface CentreQueueDelivery {
  centreQueue: { caseRegionId: string; healthCentreId: string; pathwayKey: string };
  event: 'queue.updated';
  payload: ServerEvents['queue.updated'];
}

export type Delivery = RoomDelivery | CentreQueueDelivery;

const unique = (ids: string[]) => [...new Set(ids)];

function room<E extends ServerEventName>(to: string[], event: E, payload: ServerEvents[E]): RoomDelivery {
  return { to, event, payload } as RoomDelivery;
}

/** The one map from what happened to the rooms that must hear it and what they hear. */
export function deliveriesOf(e: DomainEvent): Delivery[] {
  switch (e.type) {
    case 'case.changed': {
      // The queue moves for the region serving the case and for those serving the centre under an agreement; the centre sees the case.
      const queue = { pathwayKey: e.pathwayKey, caseId: e.caseId, reason: e.reason };
      return [
        room([rooms.queue(e.servingRegionId, e.pathwayKey)], 'queue.updated', queue),
        {
          centreQueue: { caseRegionId: e.servingRegionId, healthCentreId: e.healthCentreId, pathwayKey: e.pathwayKey },
          event: 'queue.updated',
          payload: queue,
        },
        room([rooms.centre(e.healthCentreId)], 'case.updated', { caseId: e.caseId, status: e.status, healthCentreId: e.healthCentreId }),
      ];
    }
    case 'visit.changed': {
      const centres = unique([e.healthCentreId, ...(e.before ? [e.before.healthCentreId] : [])]).map(rooms.centre);
      const specialists = unique([e.specialistId, ...(e.before ? [e.before.specialistId] : [])]).map(rooms.user);
      const visit = { visitId: e.visitId, status: e.status, healthCentreId: e.healthCentreId, caseId: e.caseId };
      const deliveries = [room([...centres, ...specialists, rooms.visit(e.visitId)], 'visit.updated', visit)];
      if (e.caseStatus)
        deliveries.push(room(centres, 'case.updated', { caseId: e.caseId, status: e.caseStatus, healthCentreId: e.healthCentreId }));
      return deliveries;
    }
    case 'answer.sent':
      return [room([rooms.centre(e.healthCentreId)], 'inbox.updated', { outcomeId: e.outcomeId, visitId: e.visitId })];
    case 'session.changed':
      return [
        room([rooms.centre(e.healthCentreId), rooms.user(e.specialistId)], 'session.updated', { sessionId: e.sessionId, status: e.status }),
      ];
    case 'agreement.changed':
      return e.pathwayKeys.map((pathwayKey) =>
        room([rooms.agreementQueue(e.providerRegionId)], 'queue.updated', { pathwayKey, reason: 'agreement' }),
      );
  }
}
