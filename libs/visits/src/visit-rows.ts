import type { EntityManager } from 'typeorm';
import { formatClinicTime } from '@app/common';
import type { VideoProvider } from './video-provider';

export type VisitStatus = 'scheduled' | 'waiting' | 'in_progress' | 'completed' | 'no_show' | 'cancelled';

/** The statuses of a visit that can still be joined, answered, drafted or given an interpreter. */
export const OPEN_VISIT_STATUSES: readonly string[] = ['scheduled', 'waiting', 'in_progress'];

export interface VisitRow {
  id: string;
  booking_id: string;
  case_id: string;
  health_centre_id: string;
  specialist_id: string;
  status: VisitStatus;
  room_name: string;
  centre_joined_at: Date | null;
  specialist_joined_at: Date | null;
  /** Who holds the centre's seat: the nurse whose HTTP join took it last. */
  centre_seat_user_id: string | null;
  centre_seat_at: Date | null;
  /** When the booked specialist took her seat through the HTTP join. */
  specialist_seat_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
  start_at: Date;
  end_at: Date;
  region_id: string;
  serving_region_id: string;
  patient_id: string;
  pathway_key: string;
}

/** A visit with its slot's times and its case's region, patient and pathway. */
export const VISIT_SELECT = `
  SELECT v.*, s.start_at, s.end_at, c.region_id, c.serving_region_id, c.patient_id, c.pathway_key
    FROM visit v JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id JOIN triage_case c ON c.id = v.case_id`;

/** The visit by id, whoever asks (the callers apply the scope), locked when it is to change. */
export async function findVisit(m: Pick<EntityManager, 'query'>, id: string, lock = false): Promise<VisitRow | null> {
  const rows: VisitRow[] = await m.query(`${VISIT_SELECT} WHERE v.id = $1 ${lock ? 'FOR UPDATE OF v' : ''}`, [id]);
  return rows[0] ?? null;
}

/** The visit's own fields as the routes answer them. */
export function visitView(v: VisitRow, videoMode: VideoProvider['mode']) {
  return {
    id: v.id,
    status: v.status,
    caseId: v.case_id,
    bookingId: v.booking_id,
    healthCentreId: v.health_centre_id,
    specialistId: v.specialist_id,
    start: v.start_at.toISOString(),
    end: v.end_at.toISOString(),
    startLocal: formatClinicTime(v.start_at),
    centreJoinedAt: v.centre_joined_at?.toISOString() ?? null,
    specialistJoinedAt: v.specialist_joined_at?.toISOString() ?? null,
    startedAt: v.started_at?.toISOString() ?? null,
    endedAt: v.ended_at?.toISOString() ?? null,
    videoMode,
  };
}
