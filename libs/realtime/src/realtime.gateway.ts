import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { liveScopeOf, ownQueueSql } from '@app/audit';
import { ApiError, CLINIC_TODAY_SQL, FieldProblem } from '@app/common';
import { Actor, AuthService, SessionService, TokenService } from '@app/identity';
import { pathwayVisibleSql } from '@app/pathways';
import { rooms } from './realtime.events';
import { Guest, RealtimeService } from './realtime.service';

/** The answer to a client event that was refused, shaped like the HTTP error body. */
export interface ClientRefusal {
  ok: false;
  status: number;
  error: string;
  details?: FieldProblem[];
}

export interface SocketData {
  actor: Actor;
  sessionId: string;
  expiryTimer?: NodeJS.Timeout;
}

/** A socket admitted by a guest credential (`auth.guest`) instead of a user's token: see RealtimeService.acceptGuests. */
interface GuestSocketData {
  guest: Guest;
  expiryTimer?: NodeJS.Timeout;
}

/** The room of one sign-in session's sockets: ending the session closes them (issue 18). */
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * socket.io at path /socket.io, namespace /realtime. The handshake must carry `auth.token`; the
 * connection ends when that token expires, unless the client sends `auth.renew` with the next token of
 * the same user first (issue 18: the web client does on every renewal, so the socket outlives its tokens).
 * Specialists and admins join the queue room of each pathway
 * their region uses, specialists their region's agreement-queue room, nurses their health centre's
 * room, everyone their own user room. Logout and deactivation end the user's sockets on every instance.
 * A handshake with `auth.guest` instead (issue 22: an interpreter's seat) is admitted by the verifier a
 * feature registered (RealtimeService.acceptGuests): no user, no rooms, only the guest events, until it expires.
 */
@WebSocketGateway({ namespace: '/realtime', cors: { origin: false } })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
    private readonly realtime: RealtimeService,
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
  ) {}

  afterInit(namespace: Namespace): void {
    this.realtime.attach(namespace);
    this.auth.onRevoke((userId) => this.realtime.disconnectUser(userId));
    this.sessions.onEnd((sessionId) => void namespace.in(sessionRoom(sessionId)).disconnectSockets(true));
    namespace.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown; guest?: unknown } | undefined;
      if (auth?.token === undefined && typeof auth?.guest === 'string') return this.admitGuest(socket, auth.guest, next);
      const token = auth?.token;
      if (typeof token !== 'string') return next(new Error('unauthorized: auth.token is required'));
      const claims = this.tokens.verify(token);
      this.auth
        .actorFromToken(token)
        .then((actor) => {
          if (!actor || !claims) return next(new Error('unauthorized: invalid or expired token'));
          const data = socket.data as SocketData;
          data.actor = actor;
          data.sessionId = claims.sid;
          this.expireAt(socket, claims.exp);
          next();
        })
        .catch((e: unknown) => next(e instanceof Error ? e : new Error('unauthorized')));
    });
  }

  /** (Re)arms the socket's end at its token's expiry. */
  private expireAt(socket: Socket, exp: number): void {
    const data = socket.data as SocketData;
    if (data.expiryTimer) clearTimeout(data.expiryTimer);
    data.expiryTimer = setTimeout(() => socket.disconnect(true), Math.max(0, exp * 1000 - Date.now()));
  }

  private admitGuest(socket: Socket, credential: string, next: (e?: Error) => void): void {
    this.realtime
      .verifyGuest(credential)
      .then((guest) => {
        if (!guest) return next(new Error('unauthorized: invalid or expired credential'));
        (socket.data as GuestSocketData).guest = guest;
        this.expireAt(socket, guest.expiresAt.getTime() / 1000);
        next();
      })
      .catch((e: unknown) => next(e instanceof Error ? e : new Error('unauthorized')));
  }

  /** A guest's socket: its own events only, every other one refused; no rooms until its handlers join one. */
  private async connectGuest(socket: Socket, guest: Guest): Promise<void> {
    const handlers = this.realtime.guestEventHandlers();
    for (const [event, handler] of handlers) {
      socket.on(event, (payload: unknown, ack?: unknown) => {
        handler(socket, guest, payload)
          .then((result) => typeof ack === 'function' && ack(result))
          .catch((e: unknown) => typeof ack === 'function' && ack(this.refusal(event, e)));
      });
    }
    socket.onAny((event: string, ...args: unknown[]) => {
      if (handlers.has(event)) return;
      const ack = args[args.length - 1];
      const refusal: ClientRefusal = { ok: false, status: 403, error: `A guest's socket may not send ${event}` };
      if (typeof ack === 'function') (ack as (r: ClientRefusal) => void)(refusal);
    });
    await socket.join(rooms.guests);
  }

  /**
   * `auth.renew` {token}: the next access token of the socket's user moves the socket's end to the new
   * expiry, without a reconnect (no event is missed). Another user's token, or an invalid one, is refused
   * and changes nothing.
   */
  private async renew(socket: Socket, payload: unknown): Promise<{ ok: true; expiresAt: string } | ClientRefusal> {
    const token = (payload as { token?: unknown } | null)?.token;
    if (typeof token !== 'string') {
      return { ok: false, status: 400, error: 'token is required', details: [{ field: 'token', reason: 'is required' }] };
    }
    const data = socket.data as SocketData;
    const claims = this.tokens.verify(token);
    const actor = claims ? await this.auth.actorFromToken(token) : null;
    if (!claims || !actor) return { ok: false, status: 401, error: 'The access token is invalid, expired or revoked' };
    if (actor.userId !== data.actor.userId) return { ok: false, status: 403, error: 'The token belongs to another user' };
    if (claims.sid !== data.sessionId) {
      await socket.leave(sessionRoom(data.sessionId));
      data.sessionId = claims.sid;
      await socket.join(sessionRoom(claims.sid));
    }
    this.expireAt(socket, claims.exp);
    return { ok: true, expiresAt: new Date(claims.exp * 1000).toISOString() };
  }

  async handleConnection(socket: Socket): Promise<void> {
    const guest = (socket.data as Partial<GuestSocketData>).guest;
    if (guest) return this.connectGuest(socket, guest);
    const { actor, sessionId } = socket.data as SocketData;
    // Handlers first, before any await, so an event sent right after 'connect' is not lost.
    socket.on('auth.renew', (payload: unknown, ack?: unknown) => {
      this.renew(socket, payload)
        .then((result) => typeof ack === 'function' && ack(result))
        .catch((e: unknown) => typeof ack === 'function' && ack(this.refusal('auth.renew', e)));
    });
    for (const [event, handler] of this.realtime.clientHandlers()) {
      socket.on(event, (payload: unknown, ack?: unknown) => {
        handler(socket, actor, payload)
          .then((result) => typeof ack === 'function' && ack(result))
          .catch((e: unknown) => typeof ack === 'function' && ack(this.refusal(event, e)));
      });
    }
    const joined = [rooms.user(actor.userId), sessionRoom(sessionId)];
    const scope = liveScopeOf(actor);
    if (scope.healthCentreId) joined.push(rooms.centre(scope.healthCentreId));
    let pathwayKeys: string[] = [];
    if (scope.regionQueues) {
      // A specialist hears only the queues of her specialties' pathways (issue 19); a pathway naming none is everyone's.
      const params: unknown[] = [actor.regionId];
      const rows: Array<{ key: string }> = await this.dataSource.query(
        `SELECT key FROM pathway p WHERE ${pathwayVisibleSql('p', '$1')} AND ${ownQueueSql('p', actor, params)}`,
        params,
      );
      pathwayKeys = rows.map((r) => r.key);
      joined.push(...pathwayKeys.map((k) => rooms.queue(actor.regionId, k)));
    }
    if (scope.agreementQueues) {
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
    const data = socket.data as Partial<SocketData & GuestSocketData>;
    if (data.expiryTimer) clearTimeout(data.expiryTimer);
    if (data.actor) this.realtime.disconnected(socket, data.actor);
    if (data.guest) this.realtime.guestDisconnected(socket, data.guest);
  }
}
