import { Injectable, OnModuleInit } from '@nestjs/common';
import type { RemoteSocket, Socket } from 'socket.io';
import { z } from 'zod';
import { ApiError } from '@app/common';
import { Actor } from '@app/identity';
import { Guest, RealtimeService, rooms, socketContext } from '@app/realtime';
import { InterpreterService } from './interpreters';
import { VisitRoomService } from './visit-room';
import type { VisitRow } from './visit-rows';
import { VisitsService } from './visits.service';

const JoinPayload = z.strictObject({ visitId: z.uuid() });
const SignalPayload = z.strictObject({
  visitId: z.uuid(),
  /** The peer the message is for (its user id, or `interpreter-<visit id>`); without it, every other peer. */
  to: z.string().min(1).max(100).optional(),
  description: z.unknown().optional(),
  candidate: z.unknown().optional(),
  /** The sender's microphone and camera are on or off, for the others' screens. */
  media: z.strictObject({ audio: z.boolean(), video: z.boolean() }).optional(),
});

interface SignallingData {
  actor?: Actor;
  guest?: Guest;
  visits?: Set<string>;
}

type AnySocket = Socket | RemoteSocket<never, unknown>;

/** The id a socket is known by in a visit's call, and the role the others are told. */
function peerOf(socket: AnySocket): { id: string; role: string } | null {
  const data = socket.data as SignallingData;
  if (data.actor) return { id: data.actor.userId, role: data.actor.role };
  if (data.guest) return { id: data.guest.id, role: data.guest.role };
  return null;
}

function invalid(parsed: z.ZodSafeParseError<unknown>): ApiError {
  return ApiError.badRequest(
    'The event is not valid',
    parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(payload)', reason: i.message })),
  );
}

/**
 * The embedded video mode's signalling: a mesh of the visit's seats (the specialist, the centre's nurse
 * and a booked interpreter, issue 22), each pair its own peer connection. Offers, answers, ICE candidates
 * and the microphone/camera state are relayed to the one peer a message names (`to`), and only between
 * sockets in the visit's room. A staff socket joins under exactly the HTTP join's rules (one gate,
 * `VisitRoomService.admit`, audited alike) and only for a seat its user took through the HTTP join; the
 * interpreter's socket (a guest credential from the link's join, scoped to one visit and its window)
 * joins its own visit only, checked again and audited as `interpreter:link`.
 */
@Injectable()
export class VisitSignalling implements OnModuleInit {
  constructor(
    private readonly realtime: RealtimeService,
    private readonly visits: VisitsService,
    private readonly room: VisitRoomService,
    private readonly interpreters: InterpreterService,
  ) {}

  onModuleInit(): void {
    this.realtime.handle('visit.signal.join', (socket, actor, payload) => this.join(socket, actor, payload));
    this.realtime.handle('visit.signal', (socket, actor, payload) => this.relay(socket, actor.userId, payload));
    this.realtime.handle('visit.signal.leave', (socket, actor, payload) => this.leave(socket, actor.userId, payload));
    this.realtime.onDisconnect((socket, actor) => this.gone(socket, actor.userId));
    this.realtime.acceptGuests((credential) => this.interpreters.verifySeat(credential));
    this.realtime.handleGuest('visit.signal.join', (socket, guest, payload) => this.joinAsGuest(socket, guest, payload));
    this.realtime.handleGuest('visit.signal', (socket, guest, payload) => this.relay(socket, guest.id, payload));
    this.realtime.handleGuest('visit.signal.leave', (socket, guest, payload) => this.leave(socket, guest.id, payload));
    this.realtime.onGuestDisconnect((socket, guest) => this.gone(socket, guest.id));
  }

  private parseJoin(payload: unknown): string {
    const p = JoinPayload.safeParse(payload);
    if (!p.success) throw invalid(p);
    if (this.room.video.mode !== 'p2p') {
      throw ApiError.conflict('The video runs through LiveKit; the signalling serves the embedded mode only');
    }
    return p.data.visitId;
  }

  /**
   * Keeps the visit's other seats in the room and puts everyone else out of it (the joiner's older
   * sockets, a nurse who no longer holds the centre's seat, a replaced interpreter socket); returns the
   * peers that stay, whom the joiner will call.
   */
  private async sortRoom(socket: Socket, visitId: string, selfId: string, isSeat: (peer: { id: string }, s: AnySocket) => boolean) {
    const room = rooms.visit(visitId);
    const peers = new Map<string, string>();
    for (const other of await socket.nsp.in(room).fetchSockets()) {
      if (other.id === socket.id) continue;
      const peer = peerOf(other);
      if (peer && peer.id !== selfId && isSeat(peer, other)) {
        peers.set(peer.id, peer.role);
      } else {
        other.leave(room);
        if (peer) other.leave(rooms.visitPeer(visitId, peer.id));
      }
    }
    return peers;
  }

  private async enter(socket: Socket, visitId: string, self: { id: string; role: string }, peers: Map<string, string>) {
    const data = socket.data as SignallingData;
    (data.visits ??= new Set()).add(visitId);
    socket.to(rooms.visit(visitId)).emit('visit.peer-joined', { visitId, userId: self.id, role: self.role });
    // The newcomer calls each peer already there, so no two offers cross at the start.
    return { ok: true, self: self.id, peers: [...peers.keys()], roles: Object.fromEntries(peers), initiator: peers.size > 0 };
  }

  private async join(socket: Socket, actor: Actor, payload: unknown) {
    const visitId = this.parseJoin(payload);
    const room = rooms.visit(visitId);
    const wasIn = socket.rooms.has(room);
    let peers = new Map<string, string>();
    let joined: VisitRow | null = null;
    try {
      const { side } = await this.room.admit(socketContext(socket, actor), visitId, 'socket', async (m, v, seatSide) => {
        this.room.checkSeat(v, seatSide, actor);
        const staffSeat = (id: string) => id === v.specialist_id || id === v.centre_seat_user_id;
        peers = await this.sortRoom(socket, visitId, actor.userId, (peer, other) => {
          const d = other.data as SignallingData;
          return d.actor ? staffSeat(peer.id) : d.guest?.scope === visitId;
        });
        // Joined under the visit's lock, so a colleague's HTTP join waiting for it sees this socket.
        await socket.join([room, rooms.visitPeer(visitId, actor.userId)]);
        joined = await this.room.recordJoined(m, v, seatSide);
      });
      const ack = await this.enter(socket, visitId, { id: actor.userId, role: actor.role }, peers);
      if (joined) this.visits.announce(joined);
      return { ...ack, side };
    } catch (e) {
      if (!wasIn) await socket.leave(room);
      throw e;
    }
  }

  /** The interpreter's socket: its own visit only (404 for any other, as for an unknown one), open and in its window. */
  private async joinAsGuest(socket: Socket, guest: Guest, payload: unknown) {
    const visitId = this.parseJoin(payload);
    if (visitId !== guest.scope) throw ApiError.notFound('Visit');
    const credential = (socket.handshake.auth as { guest?: unknown }).guest;
    const v = await this.interpreters.admitSeat(typeof credential === 'string' ? credential : '', guest, socket);
    const staffSeat = (id: string) => id === v.specialist_id || id === v.centre_seat_user_id;
    const isStaffSeat = (peer: { id: string }, other: AnySocket) => !!(other.data as SignallingData).actor && staffSeat(peer.id);
    const peers = await this.sortRoom(socket, visitId, guest.id, isStaffSeat);
    await socket.join([rooms.visit(visitId), rooms.visitPeer(visitId, guest.id)]);
    return { ...(await this.enter(socket, visitId, { id: guest.id, role: guest.role }, peers)), side: 'interpreter' };
  }

  private async relay(socket: Socket, from: string, payload: unknown) {
    const p = SignalPayload.safeParse(payload);
    if (!p.success) throw invalid(p);
    const { visitId, to, description, candidate, media } = p.data;
    if (description === undefined && candidate === undefined && media === undefined) {
      throw ApiError.badRequest('The event is not valid', [
        { field: 'description', reason: 'a description, a candidate or media is required' },
      ]);
    }
    const room = rooms.visit(visitId);
    // Not in the room (never joined, or not a side): the same answer as for an unknown visit.
    if (!socket.rooms.has(room)) throw ApiError.conflict('Join the visit room first (visit.signal.join)');
    // Addressed: the peer's own room, which only its socket in the visit's room holds.
    socket.to(to ? rooms.visitPeer(visitId, to) : room).emit('visit.signal', { visitId, from, to, description, candidate, media });
    return { ok: true };
  }

  private async leave(socket: Socket, peerId: string, payload: unknown) {
    const p = JoinPayload.safeParse(payload);
    if (!p.success) throw invalid(p);
    const { visitId } = p.data;
    const room = rooms.visit(visitId);
    if (socket.rooms.has(room)) {
      await socket.leave(room);
      await socket.leave(rooms.visitPeer(visitId, peerId));
      (socket.data as SignallingData).visits?.delete(visitId);
      socket.to(room).emit('visit.peer-left', { visitId, userId: peerId });
    }
    return { ok: true };
  }

  private gone(socket: Socket, peerId: string): void {
    for (const visitId of (socket.data as SignallingData).visits ?? []) {
      socket.nsp.to(rooms.visit(visitId)).emit('visit.peer-left', { visitId, userId: peerId });
    }
  }
}
