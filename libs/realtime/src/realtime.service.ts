import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { Actor, RequestContext } from '@app/identity';
import type { ServerEventName, ServerEvents } from './realtime.events';

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

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  send<E extends ServerEventName>(room: string | string[], event: E, payload: ServerEvents[E]): void {
    if (!this.namespace) {
      this.logger.debug(`no socket server yet; ${event} not sent`);
      return;
    }
    this.namespace.to(room).emit(event, payload);
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

  /** The users with a socket in a room, on every instance (through the adapter). */
  async usersIn(room: string): Promise<Set<string>> {
    if (!this.namespace) return new Set();
    const sockets = await this.namespace.in(room).fetchSockets();
    return new Set(sockets.map((s) => (s.data as { actor?: Actor }).actor?.userId).filter((id): id is string => !!id));
  }

  /** Sockets of one user, e.g. to end them when the user is deactivated. */
  async disconnectUser(userId: string): Promise<void> {
    this.namespace?.in(`user:${userId}`).disconnectSockets(true);
  }

  get connectedSockets(): number {
    return this.namespace?.sockets.size ?? 0;
  }
}

export type ClientEventHandler = (socket: Socket, actor: Actor, payload: unknown) => Promise<unknown>;

/** The audit context of one client event: the socket's user and address, and an id of its own. */
export function socketContext(socket: Socket, actor: Actor): RequestContext {
  return { actor, requestId: randomUUID(), clientIp: socket.handshake.address || null };
}
