import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { Actor } from '@app/identity';
import { RealtimeService, rooms } from '@app/realtime';
import { VisitsService } from './visits.service';

const JoinPayload = z.strictObject({ visitId: z.uuid() });
const SignalPayload = z.strictObject({ visitId: z.uuid(), description: z.unknown().optional(), candidate: z.unknown().optional() });

interface SignallingData {
  visits?: Set<string>;
}

/**
 * The embedded video mode's signalling: offers, answers and ICE candidates are relayed only between
 * the two authorised participants of a visit's room; a third socket is refused.
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
      if (!p.success) return { ok: false, error: 'visitId is required' };
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
    if (!p.success) return { ok: false, error: 'visitId is required' };
    const { visitId } = p.data;
    const v = await this.visits.visitById(visitId);
    const side = v ? this.visits.sideOf(actor, v) : null;
    if (!v || !side) return { ok: false, error: 'not a participant of this visit' };
    if (!['scheduled', 'waiting', 'in_progress'].includes(v.status)) return { ok: false, error: `the visit is ${v.status}` };
    const room = rooms.visit(visitId);
    const present = await socket.nsp.in(room).fetchSockets();
    const others = present.filter((s) => s.id !== socket.id);
    // A participant who reconnects replaces her old socket; anyone beyond the two sides is refused.
    for (const stale of others.filter((s) => (s.data as { actor?: Actor }).actor?.userId === actor.userId)) stale.leave(room);
    const peers = others.filter((s) => (s.data as { actor?: Actor }).actor?.userId !== actor.userId);
    if (peers.length >= 2) return { ok: false, error: 'the visit room is full' };
    await socket.join(room);
    const data = socket.data as SignallingData;
    (data.visits ??= new Set()).add(visitId);
    socket.to(room).emit('visit.peer-joined', { visitId, userId: actor.userId, role: actor.role });
    await this.visits.markJoined(visitId, side);
    return {
      ok: true,
      side,
      peers: peers.map((s) => (s.data as { actor: Actor }).actor.userId),
      // The second to arrive makes the offer, so the two never collide.
      initiator: peers.length > 0,
    };
  }

  private async relay(socket: Socket, actor: Actor, payload: unknown) {
    const p = SignalPayload.safeParse(payload);
    if (!p.success) return { ok: false, error: 'visitId and a description or candidate are required' };
    const room = rooms.visit(p.data.visitId);
    if (!socket.rooms.has(room)) return { ok: false, error: 'join the visit room first' };
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
