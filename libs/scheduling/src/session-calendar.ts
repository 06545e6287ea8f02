import type { EntityManager } from 'typeorm';
import { calendarCentreOf, centreInRegion, sessionScopeSql } from '@app/audit';
import { ApiError, type DbRow } from '@app/common';
import type { RequestContext } from '@app/identity';
import { type CalendarSession, toICalendar } from './calendar';

/**
 * The calendar as iCalendar: a specialist's sessions across centres, or a centre's sessions.
 * Sessions only, with how many slots are booked: patient names stay out of calendar apps.
 */
export async function sessionsICalendar(
  m: EntityManager,
  ctx: RequestContext,
  q: { specialistId?: string; healthCentreId?: string },
): Promise<string> {
  const actor = ctx.actor;
  const params: unknown[] = [];
  // As the JSON calendar: the region's sessions, and a specialist's own at another region's centres under an agreement.
  const where = [sessionScopeSql(actor, params), `upper(cs.period) > now() - interval '30 days'`];
  let name = 'Mottagningar';
  if (q.specialistId) {
    const [u] = await m.query(`SELECT display_name FROM app_user WHERE id = $1 AND region_id = $2 AND role = 'specialist'`, [
      q.specialistId,
      actor.regionId,
    ]);
    if (!u) throw ApiError.notFound('Specialist');
    where.push(`cs.specialist_id = $${params.push(q.specialistId)}`);
    name = `Mottagningar – ${u.display_name}`;
  }
  const centreId = calendarCentreOf(actor, q.healthCentreId);
  if (centreId) {
    const centre = await centreInRegion(m, ctx, centreId);
    where.push(`cs.health_centre_id = $${params.push(centreId)}`);
    name = `Mottagningar – ${centre.name}`;
  }
  const rows = await m.query(
    `SELECT cs.id, lower(cs.period) AS start_at, upper(cs.period) AS end_at, cs.mode, cs.status, h.name AS centre, u.display_name AS specialist,
              (SELECT count(*)::int FROM slot s WHERE s.session_id = cs.id) AS slots,
              (SELECT count(*)::int FROM slot s JOIN booking b ON b.slot_id = s.id AND b.status = 'active' WHERE s.session_id = cs.id) AS booked,
              (SELECT coalesce(json_agg(json_build_object('id', b.id, 'start', s.start_at, 'end', s.end_at) ORDER BY s.start_at), '[]')
                 FROM slot s JOIN booking b ON b.slot_id = s.id AND b.status = 'active' WHERE s.session_id = cs.id AND cs.status = 'planned') AS bookings,
              -- Issue 19: what the session serves, from data (the specialist's specialties), for the event's words.
              (SELECT string_agg(sp.label->>'sv', ', ' ORDER BY sp.key)
                 FROM user_specialty us JOIN specialty sp ON sp.key = us.specialty_key WHERE us.user_id = cs.specialist_id) AS specialty
         FROM clinic_session cs JOIN health_centre h ON h.id = cs.health_centre_id JOIN app_user u ON u.id = cs.specialist_id
        WHERE ${where.join(' AND ')} ORDER BY lower(cs.period) LIMIT 2000`,
    params,
  );
  const sessions: CalendarSession[] = rows.map((r: DbRow) => ({
    id: r.id,
    start: r.start_at,
    end: r.end_at,
    mode: r.mode,
    status: r.status,
    healthCentre: r.centre,
    specialist: r.specialist,
    specialty: r.specialty,
    slots: r.slots,
    booked: r.booked,
    bookings: (r.bookings as Array<{ id: string; start: string; end: string }>).map((b) => ({
      id: b.id,
      start: new Date(b.start),
      end: new Date(b.end),
    })),
  }));
  return toICalendar(name, sessions);
}
