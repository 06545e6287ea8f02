import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { CLINIC_TODAY_SQL } from '@app/common';
import { queryPrepared } from '@app/database';
import type { Actor, RequestContext } from '@app/identity';
import { deliveriesOf, type DomainEvent } from './event-map';
import { rooms, ServerEventName, ServerEvents } from './realtime.events';

/**
 * The regions serving a centre's queue of a pathway today: candidates by the centre, then the one
 * definition of an agreement in force (agreement_serving). $1 centre, $2 pathway, $3 the case's region.
 */
const PROVIDERS_SQL = `
  SELECT DISTINCT a.provider_region_id AS region_id
    FROM region_agreement_centre ac JOIN region_agreement a ON a.id = ac.agreement_id
   WHERE ac.health_centre_id = $1 AND a.receiver_region_id = $3 AND a.status = 'active'
     AND agreement_serving(a.provider_region_id, $3, $2, $1, ${CLINIC_TODAY_SQL}) IS NOT NULL`;

/**
 * Sends typed events to rooms. Services call it after their transaction has committed, never inside
 * one, so a rolled-back change is never announced.
 */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger(RealtimeService.name);
  private namespace: Namespace | undefined;
  private readonly handlers = new Map<string, ClientEventHandler>();
  private readonly disconnectHandlers: Array<(socket: Socket, actor: Actor) => void> = [];
  private guestVerifier: GuestVerifier | undefined;
  private readonly guestHandlers = new Map<string, GuestEventHandler>();
  private readonly guestDisconnectHandlers: Array<(socket: Socket, guest: Guest) => void> = [];

  constructor(private readonly dataSource: DataSource) {}

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  send<E extends ServerEventName>(room: string | string[], event: E, payload: ServerEvents[E]): void {
    if (!this.namespace) {
      this.logger.debug(`no socket server yet; ${event} not sent`);
      return;
    }
    // A guest in a visit's room (the interpreter) hears the call's signalling only, never the product's events.
    this.namespace.to(room).except(rooms.guests).emit(event, payload);
  }

  /**
   * One centre's part of a pathway's queue changed: tells the specialists of each region serving that
   * centre under an agreement in force now. Checked at every send, on the sending instance, so an
   * agreement that is terminated or past its last day stops the events at once on every instance,
   * with no rooms to recompute. `caseRegionId` is the region the case is served by (its own when an
   * agreement can apply). Not awaited: the change has committed and its answer need not wait.
   */
  sendToCentreQueue<E extends ServerEventName>(
    target: { caseRegionId: string; healthCentreId: string; pathwayKey: string },
    event: E,
    payload: ServerEvents[E],
  ): Promise<void> {
    if (!this.namespace) return Promise.resolve();
    const namespace = this.namespace;
    const values = [target.healthCentreId, target.pathwayKey, target.caseRegionId];
    return queryPrepared<{ region_id: string }>(this.dataSource, PROVIDERS_SQL, values)
      .then((providers) => {
        if (providers.length > 0) namespace.to(providers.map((p) => rooms.agreementQueue(p.region_id))).emit(event, payload);
      })
      .catch((e: unknown) => this.logger.warn({ err: e }, `${event} to the agreement queues not sent`));
  }

  /** Tells everyone who must hear of it (event-map.ts decides who), after the change has committed. */
  publish(event: DomainEvent): void {
    for (const d of deliveriesOf(event)) {
      if ('centreQueue' in d) void this.sendToCentreQueue(d.centreQueue, d.event, d.payload);
      else this.send(d.to, d.event, d.payload);
    }
  }

  /** An agreement began or ended: the provider's specialists refetch the pathways' queues now. */
  agreementChanged(providerRegionId: string, pathwayKeys: string[]): void {
    this.publish({ type: 'agreement.changed', providerRegionId, pathwayKeys });
  }

  /** Lets a feature module answer a client event (e.g. the visits' signalling) without the gateway knowing it. */
  handle(event: string, handler: ClientEventHandler): void {
    this.handlers.set(event, handler);
  }

  onDisconnect(handler: (socket: Socket, actor: Actor) => void): void {
    this.disconnectHandlers.push(handler);
  }

  clientHandlers(): ReadonlyMap<string, ClientEventHandler> {
    return this.handlers;
  }

  disconnected(socket: Socket, actor: Actor): void {
    for (const h of this.disconnectHandlers) h(socket, actor);
  }

  /**
   * Lets sockets without an account in (issue 22: the interpreter of one visit): a handshake carrying
   * `auth.guest` instead of `auth.token` is admitted when `verify` accepts the credential. Such a socket
   * joins no room of its own, hears only what it is sent, and may send only the events given to
   * `handleGuest`; every other event is refused with 403.
   */
  acceptGuests(verify: GuestVerifier): void {
    this.guestVerifier = verify;
  }

  async verifyGuest(credential: string): Promise<Guest | null> {
    return this.guestVerifier ? this.guestVerifier(credential) : null;
  }

  handleGuest(event: string, handler: GuestEventHandler): void {
    this.guestHandlers.set(event, handler);
  }

  guestEventHandlers(): ReadonlyMap<string, GuestEventHandler> {
    return this.guestHandlers;
  }

  onGuestDisconnect(handler: (socket: Socket, guest: Guest) => void): void {
    this.guestDisconnectHandlers.push(handler);
  }

  guestDisconnected(socket: Socket, guest: Guest): void {
    for (const h of this.guestDisconnectHandlers) h(socket, guest);
  }

  /** Ends every socket in a room, on every instance (e.g. an interpreter's seat given to a new booking). */
  disconnectRoom(room: string): void {
    this.namespace?.in(room).disconnectSockets(true);
  }

  /** The users with a socket in a room, on every instance (through the adapter). */
  async usersIn(room: string): Promise<Set<string>> {
    if (!this.namespace) return new Set();
    const sockets = await this.namespace.in(room).fetchSockets();
    return new Set(sockets.map((s) => (s.data as { actor?: Actor }).actor?.userId).filter((id): id is string => !!id));
  }

  /** Sockets of one user, e.g. to end them when the user is deactivated. */
  async disconnectUser(userId: string): Promise<void> {
    this.namespace?.in(rooms.user(userId)).disconnectSockets(true);
  }

  get connectedSockets(): number {
    return this.namespace?.sockets.size ?? 0;
  }
}

export type ClientEventHandler = (socket: Socket, actor: Actor, payload: unknown) => Promise<unknown>;

/** A socket admitted without an account, to one resource only (issue 22: an interpreter, to one visit). */
export interface Guest {
  /** The id it is known by to the others, e.g. `interpreter-<visit id>`. */
  id: string;
  role: 'interpreter';
  /** The one resource the credential is for: a visit's id. */
  scope: string;
  /** The socket ends then. */
  expiresAt: Date;
}
export type GuestVerifier = (credential: string) => Promise<Guest | null>;
export type GuestEventHandler = (socket: Socket, guest: Guest, payload: unknown) => Promise<unknown>;

/** The audit context of one client event: the socket's user and address, and an id of its own. */
export function socketContext(socket: Socket, actor: Actor): RequestContext {
  return { actor, requestId: randomUUID(), clientIp: socket.handshake.address || null };
}
