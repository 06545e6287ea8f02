/** Every event the server sends, with its payload: the one vocabulary of the realtime channel. */
export interface ServerEvents {
  /** The queue of a pathway changed (or the socket just connected): refetch it. */
  'queue.updated': {
    pathwayKey: string;
    caseId?: string;
    reason: 'submitted' | 'booked' | 'released' | 'withdrawn' | 'retriaged' | 'connected' | 'agreement';
  };
  'case.updated': { caseId: string; status: string; healthCentreId: string };
  'visit.updated': { visitId: string; status: string; healthCentreId: string; caseId: string };
  'inbox.updated': { outcomeId: string; visitId: string };
  'session.updated': { sessionId: string; status: string };
  /** A signalling message from one peer of a visit to one other (`to`), or to the room when `to` is absent. */
  'visit.signal': {
    visitId: string;
    from: string;
    to?: string;
    description?: unknown;
    candidate?: unknown;
    media?: { audio: boolean; video: boolean };
  };
  /** `userId` is the peer's id: a user's id, or `interpreter-<visit id>` for the interpreter (issue 22). */
  'visit.peer-joined': { visitId: string; userId: string; role: string };
  'visit.peer-left': { visitId: string; userId: string };
}

export type ServerEventName = keyof ServerEvents;

export const rooms = {
  /** The queue a region serves for a pathway. */
  queue: (regionId: string, pathwayKey: string) => `queue:${regionId}:${pathwayKey}`,
  /**
   * A region's specialists, for the queues they serve under agreements: which of them hears a centre's
   * queue is decided at each send (RealtimeService.sendToCentreQueue), not by joining rooms.
   */
  agreementQueue: (providerRegionId: string) => `agreement-queue:${providerRegionId}`,
  centre: (healthCentreId: string) => `centre:${healthCentreId}`,
  user: (userId: string) => `user:${userId}`,
  visit: (visitId: string) => `visit:${visitId}`,
  /** Every guest's socket (an interpreter's): RealtimeService.send never reaches them; only the signalling does. */
  guests: 'guests',
  /** One peer of a visit's call: signalling addressed to that peer only (the three-way mesh). */
  visitPeer: (visitId: string, peerId: string) => `visit:${visitId}:peer:${peerId}`,
};
