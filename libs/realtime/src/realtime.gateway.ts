import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { ApiError, CLINIC_TODAY_SQL, FieldProblem } from '@app/common';
import { Actor, AuthService, TokenService } from '@app/identity';
import { pathwayVisibleSql } from '@app/pathways';
import { rooms } from './realtime.events';
import { RealtimeService } from './realtime.service';

/** The answer to a client event that was refused, shaped like the HTTP error body. */
export interface ClientRefusal {
  ok: false;
  status: number;
  error: string;
  details?: FieldProblem[];
}

export interface SocketData {
  actor: Actor;
  expiryTimer?: NodeJS.Timeout;
}

/**
 * socket.io at path /socket.io, namespace /realtime. The handshake must carry `auth.token`; the
 * connection ends when that token expires. Specialists and admins join the queue room of each pathway
 * their region uses, specialists their region's agreement-queue room, nurses their health centre's
 * room, everyone their own user room. Logout and deactivation end the user's sockets on every instance.
 */
@WebSocketGateway({ namespace: '/realtime', cors: { origin: false } })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
    private readonly realtime: RealtimeService,
    private readonly dataSource: DataSource,
  ) {}

  afterInit(namespace: Namespace): void {
    this.realtime.attach(namespace);
    this.auth.onRevoke((userId) => this.realtime.disconnectUser(userId));
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string') return next(new Error('unauthorized: auth.token is required'));
      const claims = this.tokens.verify(token);
      this.auth
        .actorFromToken(token)
        .then((actor) => {
          if (!actor || !claims) return next(new Error('unauthorized: invalid or expired token'));
          const data = socket.data as SocketData;
          data.actor = actor;
          const msLeft = claims.exp * 1000 - Date.now();
          data.expiryTimer = setTimeout(() => socket.disconnect(true), Math.max(0, msLeft));
          next();
        })
        .catch((e: unknown) => next(e instanceof Error ? e : new Error('unauthorized')));
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const { actor } = socket.data as SocketData;
    // Handlers first, before any await, so an event sent right after 'connect' is not lost.
    for (const [event, handler] of this.realtime.clientHandlers()) {
      socket.on(event, (payload: unknown, ack?: unknown) => {
        handler(socket, actor, payload)
          .then((result) => typeof ack === 'function' && ack(result))
          .catch((e: unknown) => typeof ack === 'function' && ack(this.refusal(event, e)));
      });
    }
    const joined = [rooms.user(actor.userId)];
    if (actor.role === 'nurse' && actor.healthCentreId) joined.push(rooms.centre(actor.healthCentreId));
    let pathwayKeys: string[] = [];
    if (actor.role !== 'nurse') {
      const rows: Array<{ key: string }> = await this.dataSource.query(`SELECT key FROM pathway p WHERE ${pathwayVisibleSql('p', '$1')}`, [actor.regionId]);
      pathwayKeys = rows.map((r) => r.key);
      joined.push(...pathwayKeys.map((k) => rooms.queue(actor.regionId, k)));
    }
    if (actor.role === 'specialist') {
      // Other regions' queues this region serves under agreements: each send checks they are still in force.
      joined.push(rooms.agreementQueue(actor.regionId));
      const covered: Array<{ pathway_key: string }> = await this.dataSource.query(
        `SELECT DISTINCT pathway_key FROM agreement_coverage($1, ${CLINIC_TODAY_SQL})`,
        [actor.regionId],
      );
      pathwayKeys = [...new Set([...pathwayKeys, ...covered.map((c) => c.pathway_key)])];
    }
    await socket.join(joined);
    // A (re)connected client is told to fetch the current state again.
    for (const pathwayKey of pathwayKeys) socket.emit('queue.updated', { pathwayKey, reason: 'connected' });
    this.logger.debug(`socket ${socket.id} for ${actor.username} joined ${joined.join(', ')}`);
  }

  /** A client event's failure as its answer: an ApiError's status and message, nothing of any other error. */
  private refusal(event: string, e: unknown): ClientRefusal {
    if (e instanceof ApiError) return { ok: false, status: e.status, error: e.message, ...(e.details ? { details: e.details } : {}) };
    this.logger.error({ err: e }, `socket event ${event} failed`);
    return { ok: false, status: 500, error: 'The server could not handle the event' };
  }

  handleDisconnect(socket: Socket): void {
    const data = socket.data as Partial<SocketData>;
    if (data.expiryTimer) clearTimeout(data.expiryTimer);
    if (data.actor) this.realtime.disconnected(socket, data.actor);
  }
}
