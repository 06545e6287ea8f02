import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  ApiError,
  formatClinicTime,
  PG_CHECK_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
  rowsOf,
  swedishDateTime,
} from '@app/common';
import { Actor, AUDIT_INSERT, AuditEntry, auditRowParams, LinkCaller, linkAuditOrigin, RequestContext } from '@app/identity';
import { LINK_TOKEN_PATTERN, linkTokenHash } from './notices';
import { BookingsService } from './bookings.service';
import { checkChangeable, LinkRow, linkView, PatientLinkTime, PatientLinkView } from './patient-link-view';

/**
 * The patient's own link (issue 22): `<PUBLIC_BASE_URL>/p/<token>`, sent in every notice that lets her
 * act on a visit. The token is the only credential (256 bits; only its SHA-256 is stored), it works for
 * that one visit only, until the visit is over, and the page asks for nothing else (patient-link-view.ts).
 * Every use is audited as the patient via the link; the routes are rate limited per client address (LinkRateLimit).
 */
@Injectable()
export class PatientLinkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingsService,
  ) {}

  /** The link's visit, locked when it is to change; unknown tokens 404, expired ones 410. */
  private async find(m: EntityManager, token: string, lock: boolean): Promise<LinkRow> {
    if (!LINK_TOKEN_PATTERN.test(token)) throw ApiError.notFound('Link');
    const [row] = await rowsOf<LinkRow>(
      m,
      `SELECT l.id AS link_id, l.expires_at, v.id AS visit_id, v.status AS visit_status, b.id AS booking_id, b.status AS booking_status,
              s.id AS slot_id, s.start_at, s.end_at, c.id AS case_id, c.patient_id, c.region_id, v.health_centre_id,
              c.health_centre_id AS case_centre_id, c.pathway_key, c.pathway_version, h.name AS hc_name, h.address AS hc_address,
              h.phone AS hc_phone, v.patient_confirmed_at, v.patient_wish, v.patient_wish_at
         FROM patient_link l JOIN visit v ON v.id = l.visit_id JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id
         JOIN triage_case c ON c.id = v.case_id JOIN health_centre h ON h.id = s.health_centre_id
        WHERE l.token_sha256 = $1
        ${lock ? 'FOR UPDATE OF v, b' : ''}`,
      [linkTokenHash(token)],
    );
    if (!row) throw ApiError.notFound('Link');
    if (row.expires_at.getTime() <= Date.now()) {
      throw new ApiError(HttpStatus.GONE, 'The link has expired', undefined, {
        messageSv: 'Länken har gått ut. Ring hälsocentralen om du har frågor.',
      });
    }
    return row;
  }

  private audit(m: Pick<EntityManager, 'query'>, caller: LinkCaller, row: LinkRow, e: AuditEntry): Promise<unknown> {
    const detail = { ...(e.detail ?? {}), via: 'patient-link', linkId: row.link_id, visitId: row.visit_id };
    return m.query(
      AUDIT_INSERT,
      auditRowParams(null, linkAuditOrigin('patient', row, caller), { ...e, patientId: row.patient_id, detail, dataRegionId: null }),
    );
  }

  async read(token: string, caller: LinkCaller): Promise<PatientLinkView> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.find(m, token, false);
      await m.query(`UPDATE patient_link SET last_used_at = now() WHERE id = $1`, [row.link_id]);
      await this.audit(m, caller, row, { action: 'read', resourceType: 'Visit', resourceId: row.visit_id, outcome: 'success' });
      return linkView(row);
    });
  }

  async confirm(token: string, caller: LinkCaller): Promise<PatientLinkView> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.find(m, token, true);
      checkChangeable(row);
      const [v] = await rowsOf<{ patient_confirmed_at: Date }>(
        m,
        `UPDATE visit SET patient_confirmed_at = coalesce(patient_confirmed_at, now()) WHERE id = $1 RETURNING patient_confirmed_at`,
        [row.visit_id],
      );
      await this.audit(m, caller, row, {
        action: 'update',
        resourceType: 'Visit',
        resourceId: row.visit_id,
        outcome: 'success',
        detail: { change: 'confirmed' },
      });
      return linkView({ ...row, patient_confirmed_at: v!.patient_confirmed_at });
    });
  }

  /** Frees the slot and returns the case to the queue at its rank: the staff's own release. */
  async cancel(token: string, caller: LinkCaller): Promise<PatientLinkView> {
    const { released, view } = await this.dataSource.transaction(async (m) => {
      const row = await this.find(m, token, true);
      checkChangeable(row);
      const { c, audit } = await this.bookings.releaseBooking(m, row.booking_id, 'cancelled by the patient');
      await this.audit(m, caller, row, { ...audit, outcome: 'success' });
      return { released: c, view: linkView({ ...row, booking_status: 'cancelled', visit_status: 'cancelled' }) };
    });
    this.bookings.announceReleased(released);
    return view;
  }

  /** The free times at the visit's health centre (the next 90 days, at most 40): the case's region's sessions. */
  async times(token: string, caller: LinkCaller): Promise<PatientLinkTime[]> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.find(m, token, false);
      checkChangeable(row);
      const rows = await rowsOf<{ id: string; start_at: Date }>(
        m,
        `SELECT s.id, s.start_at FROM slot s JOIN clinic_session cs ON cs.id = s.session_id
          WHERE s.health_centre_id = $1 AND cs.region_id = $2 AND cs.status = 'planned'
            AND s.start_at > now() + interval '1 hour' AND s.start_at < now() + interval '90 days' AND s.id <> $3
            AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.slot_id = s.id AND b.status = 'active')
          ORDER BY s.start_at LIMIT 40`,
        [row.health_centre_id, row.region_id, row.slot_id],
      );
      await this.audit(m, caller, row, {
        action: 'read',
        resourceType: 'Slot',
        resourceId: row.visit_id,
        outcome: 'success',
        detail: { list: 'free-times', count: rows.length },
      });
      return rows.map((r) => ({
        slotId: r.id,
        start: r.start_at.toISOString(),
        when: swedishDateTime(r.start_at),
        startLocal: formatClinicTime(r.start_at),
      }));
    });
  }

  /** Books one of those times: the staff's own move (same checks), audited as the patient. */
  async rebook(token: string, slotId: string, caller: LinkCaller): Promise<PatientLinkView> {
    let result: { view: PatientLinkView; moved: Awaited<ReturnType<BookingsService['moveBooking']>> };
    try {
      result = await this.dataSource.transaction(async (m) => {
        const row = await this.find(m, token, true);
        checkChangeable(row);
        const [slot] = await m.query(`SELECT health_centre_id FROM slot WHERE id = $1`, [slotId]);
        // Only the times the page offered: the visit's own centre.
        if (!slot || slot.health_centre_id !== row.health_centre_id) {
          throw ApiError.invalid('Not one of the free times offered', [
            { field: 'slotId', reason: "must be a free time at the visit's health centre" },
          ]);
        }
        const moved = await this.bookings.moveBooking(
          m,
          linkScope(row.region_id),
          {
            booking: { id: row.booking_id, slot_id: row.slot_id, visit_id: row.visit_id },
            c: {
              id: row.case_id,
              patient_id: row.patient_id,
              health_centre_id: row.case_centre_id,
              pathway_key: row.pathway_key,
              pathway_version: row.pathway_version,
            },
          },
          slotId,
        );
        await this.audit(m, caller, row, { ...moved.audit, outcome: 'success' });
        // A new time asks for a new confirmation; a wish for another time is answered.
        await m.query(
          `UPDATE visit SET patient_confirmed_at = NULL, patient_wish = NULL, patient_wish_at = NULL, patient_moved_at = now()
            WHERE id = $1`,
          [row.visit_id],
        );
        return { view: linkView(await this.find(m, token, false)), moved };
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION && pgConstraint(e) === 'booking_one_per_slot') {
        throw ApiError.conflict('The time was just taken; choose another');
      }
      if (pgErrorCode(e) === PG_CHECK_VIOLATION) throw ApiError.conflict('The time cannot be booked for this visit; choose another');
      throw e;
    }
    this.bookings.announceMoved(result.moved);
    return result.view;
  }

  /** No time suits: the wish is recorded for the centre's staff, the visit stays as booked. */
  async wish(token: string, message: string | undefined, caller: LinkCaller): Promise<PatientLinkView> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.find(m, token, true);
      checkChangeable(row);
      const text = message && message.length > 0 ? message : 'Vill ha en annan tid';
      const [v] = await rowsOf<{ patient_wish: string; patient_wish_at: Date }>(
        m,
        `UPDATE visit SET patient_wish = $2, patient_wish_at = now() WHERE id = $1 RETURNING patient_wish, patient_wish_at`,
        [row.visit_id, text],
      );
      await this.audit(m, caller, row, {
        action: 'update',
        resourceType: 'Visit',
        resourceId: row.visit_id,
        outcome: 'success',
        detail: { change: 'wish for another time' },
      });
      return linkView({ ...row, patient_wish: v!.patient_wish, patient_wish_at: v!.patient_wish_at });
    });
  }
}

/**
 * The slots a patient's link may book: her case's region's sessions, as a nurse of that region would
 * see them. Used only to scope the slot look-up; the audit row names the patient, not this.
 */
function linkScope(regionId: string): Pick<RequestContext, 'actor'> {
  const actor: Actor = {
    userId: '',
    username: 'patient:link',
    displayName: '',
    role: 'nurse',
    regionId,
    healthCentreId: null,
    clinicId: null,
  };
  return { actor };
}
