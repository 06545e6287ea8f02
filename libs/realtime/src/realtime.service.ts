import { Injectable, Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { Actor } from '@app/identity';
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

  /** Sockets of one user, e.g. to end them when the user is deactivated. */
  async disconnectUser(userId: string): Promise<void> {
    this.namespace?.in(`user:${userId}`).disconnectSockets(true);
  }

  get connectedSockets(): number {
    return this.namespace?.sockets.size ?? 0;
  }
}

export type ClientEventHandler = (socket: Socket, actor: Actor, payload: unknown) => Promise<unknown>;
