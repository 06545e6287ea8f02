import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, formatClinicTime } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { canReadVisit, crossRegionAudit, granted, Refusal, ScopedAccess, type Side, visitSideOf } from '@app/audit';
import { Actor, RequestContext } from '@app/identity';
import { RealtimeService, rooms } from '@app/realtime';
import { JoinGrant, VIDEO_PROVIDER, VideoProvider } from './video-provider';
import { findVisit, OPEN_VISIT_STATUSES, VisitRow, VisitStatus } from './visit-rows';
import { VisitsService } from './visits.service';

/** How a join reached the api: the HTTP route (takes a seat) or the signalling socket (attaches to one). */
export type JoinVia = 'http' | 'socket';

/**
 * Work done under the visit's row lock once the caller passed the join's rules; may add to the audit row.
 * It refuses (throws its ApiError) before it writes anything: the refusal is audited and the answer sent.
 */
export type SeatStep = (m: EntityManager, v: VisitRow, side: Side) => Promise<Record<string, unknown> | void>;

/** A visit's room: who may enter it and when, the sides' seats, and who is in it. */
@Injectable()
export class VisitRoomService {
  private readonly logger = new Logger(VisitRoomService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ScopedAccess,
    private readonly realtime: RealtimeService,
    private readonly visits: VisitsService,
    @Inject(VIDEO_PROVIDER) readonly video: VideoProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private checkJoinWindow(v: VisitRow): void {
    if (!OPEN_VISIT_STATUSES.includes(v.status)) throw ApiError.conflict(`The visit is ${v.status}`);
    const opens = v.start_at.getTime() - this.config.visitJoinOpensMinutes * 60_000;
    if (Date.now() < opens) {
      throw ApiError.conflict(
        `The visit opens ${this.config.visitJoinOpensMinutes} minutes before it starts, at ${formatClinicTime(new Date(opens))}`,
      );
    }
    if (Date.now() > v.end_at.getTime() + this.config.noShowAfterMinutes * 60_000) throw ApiError.conflict("The visit's time has passed");
  }

  /**
   * The one gate of a visit's room, for the HTTP join and the socket join alike: the caller must be a
   * side of the visit (404 otherwise, as for an unknown id; 403 for the region's admin), the visit open
   * and within its time (409); `seat` then runs under the visit's row lock. Every outcome is audited.
   */
  async admit(ctx: RequestContext, id: string, via: JoinVia, seat: SeatStep): Promise<{ v: VisitRow; side: Side }> {
    const actor = ctx.actor;
    const target = { action: 'execute', resourceType: 'Visit', resourceId: id, notFound: 'Visit' } as const;
    return this.access.run(ctx, target, async (m) => {
      const v = await findVisit(m, id, true);
      const side = v && visitSideOf(actor, v);
      if (!v || !side) {
        // An admin of the region may see the visit but not join it (403); anyone else does not know it (404).
        return v && canReadVisit(actor, v)
          ? new Refusal(
              'not a participant of the visit',
              v.patient_id,
              ApiError.forbidden("Only the booked specialist and the staff of the patient's health centre join the visit"),
              { via },
            )
          : new Refusal('not found', null, null, { via });
      }
      let extra: Record<string, unknown> | void;
      try {
        this.checkJoinWindow(v);
        extra = await seat(m, v, side);
      } catch (e) {
        // Closed, not yet open, or the seat is another's: audited with its reason, answered as it is (409).
        if (e instanceof ApiError) return new Refusal(e.message, v.patient_id, e, { via });
        throw e;
      }
      const cross = crossRegionAudit(actor, v);
      return granted({ v, side }, { patientId: v.patient_id, ...cross, detail: { join: side, via, ...extra, ...cross.detail } });
    });
  }

  /** Credentials for the visit's room, for its two sides only; the HTTP join takes the caller's seat. */
  async join(ctx: RequestContext, id: string): Promise<JoinGrant> {
    const actor = ctx.actor;
    const { v } = await this.admit(ctx, id, 'http', (m, visit, side) => this.takeSeat(m, visit, side, actor));
    try {
      await this.video.prepareRoom(v.room_name);
    } catch (e) {
      this.logger.error({ err: e }, 'the video service refused to open the room');
      throw new ApiError(502, 'The video service did not open the room; try again in a moment');
    }
    const grant = await this.video.grant(v.room_name, { userId: actor.userId, displayName: actor.displayName });
    // With LiveKit the webhooks report the real join; the embedded mode reports it through signalling.
    return grant;
  }

  /**
   * The side's seat goes to the caller. The centre's seat stays with the nurse who holds it while her
   * socket is in the visit's room; once she has left, a colleague of the centre takes it over.
   */
  private async takeSeat(m: EntityManager, v: VisitRow, side: Side, actor: Actor): Promise<Record<string, unknown> | void> {
    if (side === 'specialist') {
      await m.query('UPDATE visit SET specialist_seat_at = coalesce(specialist_seat_at, now()) WHERE id = $1', [v.id]);
      return;
    }
    const holder = v.centre_seat_user_id;
    if (holder && holder !== actor.userId && (await this.realtime.usersIn(rooms.visit(v.id))).has(holder)) {
      throw ApiError.conflict('Another nurse of the health centre is in the visit; it can be joined once she has left it');
    }
    await m.query('UPDATE visit SET centre_seat_user_id = $2, centre_seat_at = now() WHERE id = $1', [v.id, actor.userId]);
    if (holder && holder !== actor.userId) return { seatTakenFrom: holder };
  }

  /** The socket join's condition: its user holds the side's seat, taken through the HTTP join. */
  checkSeat(v: VisitRow, side: Side, actor: Actor): void {
    const held = side === 'specialist' ? v.specialist_seat_at !== null : v.centre_seat_user_id === actor.userId;
    if (held) return;
    if (side === 'centre' && v.centre_seat_user_id) throw ApiError.conflict("Another nurse of the health centre holds the visit's seat");
    throw ApiError.conflict(`Join the visit first (POST /api/v1/visits/${v.id}/join)`);
  }

  /** Records that a side is in the room and moves the status: the centre alone is waiting, both is in progress. */
  async markJoined(visitId: string, side: Side): Promise<VisitRow | null> {
    const updated = await this.dataSource.transaction(async (m) => {
      const v = await findVisit(m, visitId, true);
      return v ? this.recordJoined(m, v, side) : null;
    });
    if (updated) this.visits.announce(updated);
    return updated;
  }

  /** markJoined's change inside the caller's transaction (the visit locked); announce after commit. */
  async recordJoined(m: EntityManager, v: VisitRow, side: Side): Promise<VisitRow | null> {
    if (!OPEN_VISIT_STATUSES.includes(v.status)) return null;
    const centre = side === 'centre' ? (v.centre_joined_at ?? new Date()) : v.centre_joined_at;
    const specialist = side === 'specialist' ? (v.specialist_joined_at ?? new Date()) : v.specialist_joined_at;
    const status: VisitStatus = v.status === 'in_progress' || (centre && specialist) ? 'in_progress' : centre ? 'waiting' : 'scheduled';
    await m.query(
      `UPDATE visit SET centre_joined_at = $2, specialist_joined_at = $3, status = $4,
              started_at = CASE WHEN $4 = 'in_progress' THEN coalesce(started_at, now()) ELSE started_at END WHERE id = $1`,
      [v.id, centre, specialist, status],
    );
    return { ...v, status, centre_joined_at: centre, specialist_joined_at: specialist };
  }
}
