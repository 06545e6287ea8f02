import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { DataSource, EntityManager } from 'typeorm';
import { granted, outOfScope, ScopedAccess, visitSideOf } from '@app/audit';
import { ApiError, rowsOf } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AUDIT_INSERT, auditRowParams, LinkCaller, linkAuditOrigin, RequestContext } from '@app/identity';
import { Guest, RealtimeService, rooms } from '@app/realtime';
import { JoinGrant, VIDEO_PROVIDER, VideoProvider } from './video-provider';
import { findVisit, OPEN_VISIT_STATUSES, VisitRow } from './visit-rows';

/**
 * An interpreter for a visit (issue 22): the patient's centre or the visit's specialist books one, and
 * the interpreter joins the video from outside by a one-time link, `<PUBLIC_BASE_URL>/i/<token>`, valid
 * from VISIT_JOIN_OPENS_MINUTES before the slot to its end. The link is the only credential (256 bits,
 * only its SHA-256 kept); its first use is the only one. With LiveKit the answer is a token for the
 * visit's room (at most 3 participants) under the identity `interpreter-<visit id>`. In the embedded
 * peer-to-peer mode it is a seat: a socket credential (`auth.guest`) for that one visit, valid in the visit's
 * window (until NO_SHOW_AFTER_MINUTES after its slot, as the staff's join), with which the interpreter's
 * socket may join that visit's call and nothing else (only its SHA-256 kept; booking again revokes it).
 * Booking, joining and each socket join are audited (the joins as actor `interpreter:link`, naming the patient).
 */

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();
/** The interpreter's id in a visit's call and room. */
export const interpreterPeerId = (visitId: string) => `interpreter-${visitId}`;

interface LinkRow {
  visit_id: string;
  language: string;
  valid_from: Date;
  valid_until: Date;
  used_at: Date | null;
  room_name: string;
  status: string;
  patient_id: string;
  region_id: string;
  health_centre_id: string;
  start_at: Date;
  end_at: Date;
}
const LINK_SELECT = `
  SELECT i.visit_id, i.language, i.valid_from, i.valid_until, i.used_at, v.room_name, v.status, c.patient_id, c.region_id,
         v.health_centre_id, s.start_at, s.end_at
    FROM visit_interpreter i JOIN visit v ON v.id = i.visit_id JOIN triage_case c ON c.id = v.case_id
    JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id`;

/** The interpreter's seat in the embedded mode: the socket credential and the id the others know it by. */
export interface InterpreterSeat {
  credential: string;
  peerId: string;
  visitId: string;
  expiresAt: string;
}

/** What the interpreter's page shows before joining: the time and the language, no health data. */
export interface InterpreterLinkView {
  state: 'open' | 'early' | 'used' | 'over';
  language: string;
  start: string;
  end: string;
  opensAt: string;
}

export interface InterpreterBooking {
  visitId: string;
  language: string;
  /** The one-time link; shown only in this answer. */
  link: string;
  validFrom: string;
  validUntil: string;
}

@Injectable()
export class InterpreterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ScopedAccess,
    private readonly realtime: RealtimeService,
    @Inject(VIDEO_PROVIDER) private readonly video: VideoProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The end of the interpreter's seat: the visit's window closes as it does for the staff's join. */
  private seatUntil(validUntil: Date): Date {
    return new Date(validUntil.getTime() + this.config.noShowAfterMinutes * 60_000);
  }

  /** The interpreter's row (actor `interpreter:link`, naming the patient): a join, or its refusal when `refusal` says why. */
  private auditInterpreter(m: EntityManager, row: LinkRow, caller: LinkCaller, detail: Record<string, unknown>, refusal?: string) {
    return m.query(
      AUDIT_INSERT,
      auditRowParams(null, linkAuditOrigin('interpreter', row, caller), {
        patientId: row.patient_id,
        action: 'execute',
        resourceType: 'Visit',
        resourceId: row.visit_id,
        outcome: refusal ? 'denied' : 'success',
        ...(refusal ? { reason: refusal } : {}),
        detail: { ...detail, language: row.language },
      }),
    );
  }

  async book(ctx: RequestContext, visitId: string, language: string | undefined): Promise<InterpreterBooking> {
    const target = { action: 'create', resourceType: 'VisitInterpreter', resourceId: visitId, notFound: 'Visit' } as const;
    const booking = await this.access.run(ctx, target, async (m) => {
      const v = await findVisit(m, visitId, true);
      if (!v || !visitSideOf(ctx.actor, v)) return outOfScope('not a side of the visit');
      if (!OPEN_VISIT_STATUSES.includes(v.status) || v.end_at.getTime() <= Date.now()) {
        throw ApiError.conflict(`The visit is ${v.status === 'scheduled' ? 'over' : v.status}; no interpreter can join it`);
      }
      const [p] = await rowsOf<{ interpreter_language: string | null }>(m, 'SELECT interpreter_language FROM patient WHERE id = $1', [
        v.patient_id,
      ]);
      const lang = language ?? p?.interpreter_language ?? null;
      if (!lang) {
        throw ApiError.invalid('Which language?', [
          { field: 'language', reason: 'required: the patient has no interpreter language recorded' },
        ]);
      }
      let token: string;
      do token = randomBytes(32).toString('base64url');
      while (!/[A-Z]/.test(token));
      const validFrom = new Date(v.start_at.getTime() - this.config.visitJoinOpensMinutes * 60_000);
      // Booking again replaces the link: the earlier one stops working.
      await m.query(
        `INSERT INTO visit_interpreter (visit_id, language, token_sha256, valid_from, valid_until, booked_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (visit_id) DO UPDATE SET language = EXCLUDED.language, token_sha256 = EXCLUDED.token_sha256,
           valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until, booked_by = EXCLUDED.booked_by,
           booked_at = now(), used_at = NULL, seat_sha256 = NULL`,
        [visitId, lang, sha256(token), validFrom, v.end_at, ctx.actor.userId],
      );
      const result = {
        visitId,
        language: lang,
        link: `${this.config.publicBaseUrl}/i/${token}`,
        validFrom: validFrom.toISOString(),
        validUntil: v.end_at.toISOString(),
      };
      return granted(result, { patientId: v.patient_id, detail: { language: lang } });
    });
    // An earlier booking's interpreter, if in the call, leaves it: the seat is the new link's.
    this.realtime.disconnectRoom(rooms.visitPeer(visitId, interpreterPeerId(visitId)));
    return booking;
  }

  /** What the link's page shows before the join (which uses the link up): the time and the language only. */
  async view(token: string): Promise<InterpreterLinkView> {
    if (!TOKEN_PATTERN.test(token)) throw ApiError.notFound('Link');
    const [row] = await rowsOf<LinkRow>(this.dataSource, `${LINK_SELECT} WHERE i.token_sha256 = $1`, [sha256(token)]);
    if (!row) throw ApiError.notFound('Link');
    const now = Date.now();
    const over = now > row.valid_until.getTime() || !OPEN_VISIT_STATUSES.includes(row.status);
    return {
      state: row.used_at ? 'used' : over ? 'over' : now < row.valid_from.getTime() ? 'early' : 'open',
      language: row.language,
      start: row.start_at.toISOString(),
      end: row.end_at.toISOString(),
      opensAt: row.valid_from.toISOString(),
    };
  }

  /** The interpreter's one join: within the visit's window, once. */
  async join(token: string, caller: LinkCaller): Promise<JoinGrant & { language: string; seat?: InterpreterSeat }> {
    if (!TOKEN_PATTERN.test(token)) throw ApiError.notFound('Link');
    let seat: InterpreterSeat | undefined;
    const admitted = await this.dataSource.transaction(async (m) => {
      const [row] = await rowsOf<LinkRow>(m, `${LINK_SELECT} WHERE i.token_sha256 = $1 FOR UPDATE OF i`, [sha256(token)]);
      if (!row) throw ApiError.notFound('Link');
      const now = Date.now();
      if (row.used_at) throw new ApiError(HttpStatus.GONE, 'The link has been used; ask the health centre for a new one');
      if (now > row.valid_until.getTime() || !OPEN_VISIT_STATUSES.includes(row.status)) {
        throw new ApiError(HttpStatus.GONE, 'The visit is over');
      }
      if (now < row.valid_from.getTime()) {
        throw ApiError.conflict(`The visit can be joined from ${row.valid_from.toISOString()}`, { opensAt: row.valid_from.toISOString() });
      }
      let seatHash: Buffer | null = null;
      if (this.video.mode === 'p2p') {
        const credential = randomBytes(32).toString('base64url');
        seatHash = sha256(credential);
        const expiresAt = this.seatUntil(row.valid_until).toISOString();
        seat = { credential, peerId: interpreterPeerId(row.visit_id), visitId: row.visit_id, expiresAt };
      }
      await m.query('UPDATE visit_interpreter SET used_at = now(), seat_sha256 = $2 WHERE visit_id = $1', [row.visit_id, seatHash]);
      await this.auditInterpreter(m, row, caller, { via: 'interpreter-link', change: 'interpreter joined' });
      return row;
    });
    await this.video.prepareRoom(admitted.room_name);
    const grant = await this.video.grant(admitted.room_name, {
      userId: interpreterPeerId(admitted.visit_id),
      displayName: `Tolk (${admitted.language})`,
    });
    return seat ? { ...grant, expiresAt: seat.expiresAt, language: admitted.language, seat } : { ...grant, language: admitted.language };
  }

  /** The seat's credential at the socket's handshake: the visit it is for, while the visit is open and in its window. */
  async verifySeat(credential: string): Promise<Guest | null> {
    if (!TOKEN_PATTERN.test(credential)) return null;
    const [row] = await rowsOf<LinkRow>(this.dataSource, `${LINK_SELECT} WHERE i.seat_sha256 = $1`, [sha256(credential)]);
    if (!row || this.seatRefusal(row)) return null;
    return { id: interpreterPeerId(row.visit_id), role: 'interpreter', scope: row.visit_id, expiresAt: this.seatUntil(row.valid_until) };
  }

  private seatRefusal(row: LinkRow): string | null {
    if (!OPEN_VISIT_STATUSES.includes(row.status)) return `The visit is ${row.status}`;
    if (Date.now() > this.seatUntil(row.valid_until).getTime()) return "The visit's time has passed";
    if (Date.now() < row.valid_from.getTime()) return 'The visit has not opened yet';
    return null;
  }

  /**
   * The interpreter's socket joins its visit's call: the credential checked again (a new booking revokes it,
   * the visit may have ended), under the visit's lock; audited as `interpreter:link`, refusals too.
   */
  async admitSeat(credential: string, guest: Guest, socket: Socket): Promise<VisitRow> {
    const caller = { requestId: randomUUID(), clientIp: socket.handshake.address || null };
    let refused: { row: LinkRow; reason: string } | null = null;
    const v = await this.dataSource.transaction(async (m) => {
      const visit = await findVisit(m, guest.scope, true);
      const [row] = await rowsOf<LinkRow>(m, `${LINK_SELECT} WHERE i.visit_id = $1`, [guest.scope]);
      if (!visit || !row) return null;
      const seats = TOKEN_PATTERN.test(credential)
        ? await rowsOf(m, 'SELECT 1 FROM visit_interpreter WHERE visit_id = $1 AND seat_sha256 = $2', [guest.scope, sha256(credential)])
        : [];
      const current = seats.length === 1;
      const reason = current ? this.seatRefusal(row) : "the interpreter was booked again: the seat is the new link's";
      if (reason) {
        refused = { row, reason };
        return null;
      }
      await this.auditInterpreter(m, row, caller, { via: 'socket', join: 'interpreter' });
      return visit;
    });
    if (v) return v;
    const why = refused as { row: LinkRow; reason: string } | null;
    if (!why) throw ApiError.notFound('Visit');
    await this.dataSource.transaction((m) => this.auditInterpreter(m, why.row, caller, { via: 'socket' }, why.reason));
    throw ApiError.conflict(why.reason);
  }
}
