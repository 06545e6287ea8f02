import { formatClinicTime } from '@app/common';

/** Slots and bookings as the scheduling services read and answer them. */
export interface SlotView {
  id: string;
  sessionId: string;
  start: string;
  end: string;
  startLocal: string;
  healthCentreId: string;
  mode: 'remote' | 'onsite';
  specialist: { id: string; displayName: string };
  booked: boolean;
}

export interface SlotRow {
  id: string;
  session_id: string;
  start_at: Date;
  end_at: Date;
  health_centre_id: string;
  mode: 'remote' | 'onsite';
  specialist_id: string;
  specialist_name: string;
  session_status: string;
  region_id: string;
  hc_name: string;
  booking_id: string | null;
}

export function toSlotView(r: SlotRow): SlotView {
  return {
    id: r.id,
    sessionId: r.session_id,
    start: r.start_at.toISOString(),
    end: r.end_at.toISOString(),
    startLocal: formatClinicTime(r.start_at),
    healthCentreId: r.health_centre_id,
    mode: r.mode,
    specialist: { id: r.specialist_id, displayName: r.specialist_name },
    booked: r.booking_id !== null,
  };
}

export const SLOT_SELECT = `
  SELECT s.id, s.session_id, s.start_at, s.end_at, s.health_centre_id, cs.mode, cs.specialist_id, u.display_name AS specialist_name,
         cs.status AS session_status, cs.region_id, h.name AS hc_name, b.id AS booking_id
    FROM slot s
    JOIN clinic_session cs ON cs.id = s.session_id
    JOIN app_user u ON u.id = cs.specialist_id
    JOIN health_centre h ON h.id = s.health_centre_id
    LEFT JOIN booking b ON b.slot_id = s.id AND b.status = 'active'`;

export interface BookingView {
  id: string;
  visitId: string;
  caseId: string;
  slotId: string;
  start: string;
  end: string;
  startLocal: string;
  healthCentreId: string;
  status: 'active' | 'cancelled';
}
