import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { ApiError } from '@app/common';
import { Actor } from '@app/identity';
import { RealtimeService, rooms, socketContext } from '@app/realtime';
import { VisitRow, VisitsService } from './visits.service';

const JoinPayload = z.strictObject({ visitId: z.uuid() });
const SignalPayload = z.strictObject({ visitId: z.uuid(), description: z.unknown().optional(), candidate: z.unknown().optional() });

interface SignallingData {
  actor?: Actor;
  visits?: Set<string>;
}

function invalid(parsed: z.ZodSafeParseError<unknown>): ApiError {
  return ApiError.badRequest(
    'The event is not valid',
    parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(payload)', reason: i.message })),
  );
}

/**
 * The embedded video mode's signalling: offers, answers and ICE candidates are relayed only between
 * the visit's two seats. A socket joins the visit's room under exactly the HTTP join's rules (one
 * gate, `VisitsService.admit`, audited alike) and only for a seat its user took through the HTTP join.
 */
@Injectable()
export class VisitSignalling implements OnModuleInit {
  constructor(
    private readonly realtime: RealtimeService,
    private readonly visits: VisitsService,
  ) {}

  onModuleInit(): void {
    this.realtime.handle('visit.signal.join', (socket, actor, payload) => this.join(socket, actor, payload));
    this.realtime.handle('visit.signal', (socket, actor, payload) => this.relay(socket, actor, payload));
    this.realtime.handle('visit.signal.leave', async (socket, actor, payload) => {
      const p = JoinPayload.safeParse(payload);
      if (!p.success) throw invalid(p);
      await this.leave(socket, actor, p.data.visitId);
      return { ok: true };
    });
    this.realtime.onDisconnect((socket, actor) => {
      for (const visitId of (socket.data as SignallingData).visits ?? []) {
        socket.nsp.to(rooms.visit(visitId)).emit('visit.peer-left', { visitId, userId: actor.userId });
      }
    });
  }

  private async join(socket: Socket, actor: Actor, payload: unknown) {
    const p = JoinPayload.safeParse(payload);
    if (!p.success) throw invalid(p);
    const { visitId } = p.data;
    if (this.visits.video.mode !== 'p2p') {
      throw ApiError.conflict('The video runs through LiveKit; the signalling serves the embedded mode only');
    }
    const room = rooms.visit(visitId);
    const wasIn = socket.rooms.has(room);
    const peers = new Set<string>();
    let joined: VisitRow | null = null;
    try {
      const { side } = await this.visits.admit(socketContext(socket, actor), visitId, 'socket', async (m, v, seatSide) => {
        this.visits.checkSeat(v, seatSide, actor);
        // The room holds the two seats' holders only: the user's older sockets and anyone else leave it.
        for (const other of await socket.nsp.in(room).fetchSockets()) {
          if (other.id === socket.id) continue;
          const userId = (other.data as SignallingData).actor?.userId;
          if (userId && userId !== actor.userId && (userId === v.specialist_id || userId === v.centre_seat_user_id)) peers.add(userId);
          else other.leave(room);
        }
        // Joined under the visit's lock, so a colleague's HTTP join waiting for it sees this socket.
        await socket.join(room);
        joined = await this.visits.recordJoined(m, v, seatSide);
      });
      const data = socket.data as SignallingData;
      (data.visits ??= new Set()).add(visitId);
      socket.to(room).emit('visit.peer-joined', { visitId, userId: actor.userId, role: actor.role });
      if (joined) this.visits.announce(joined);
      // The second to arrive makes the offer, so the two never collide.
      return { ok: true, side, peers: [...peers], initiator: peers.size > 0 };
    } catch (e) {
      if (!wasIn) await socket.leave(room);
      throw e;
    }
  }

  private async relay(socket: Socket, actor: Actor, payload: unknown) {
    const p = SignalPayload.safeParse(payload);
    if (!p.success) throw invalid(p);
    if (p.data.description === undefined && p.data.candidate === undefined) {
      throw ApiError.badRequest('The event is not valid', [{ field: 'description', reason: 'a description or a candidate is required' }]);
    }
    const room = rooms.visit(p.data.visitId);
    // Not in the room (never joined, or not a side): the same answer as for an unknown visit.
    if (!socket.rooms.has(room)) throw ApiError.conflict('Join the visit room first (visit.signal.join)');
    socket.to(room).emit('visit.signal', { visitId: p.data.visitId, from: actor.userId, description: p.data.description, candidate: p.data.candidate });
    return { ok: true };
  }

  private async leave(socket: Socket, actor: Actor, visitId: string) {
    const room = rooms.visit(visitId);
    if (!socket.rooms.has(room)) return;
    await socket.leave(room);
    (socket.data as SignallingData).visits?.delete(visitId);
    socket.to(room).emit('visit.peer-left', { visitId, userId: actor.userId });
  }
}
