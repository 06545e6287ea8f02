import { ApiError, formatClinicTime, swedishDateTime } from '@app/common';

/**
 * What the patient's link (patient-link.ts) shows: the time, the place and what to bring; no name, no
 * personnummer, no pathway, nothing about health.
 */
export interface PatientLinkView {
  state: 'scheduled' | 'cancelled' | 'over';
  start: string;
  end: string;
  /** `torsdag 3 december kl. 10:00`, Stockholm time. */
  when: string;
  startLocal: string;
  place: { name: string; address: string | null; phone: string | null };
  bring: { sv: string; en: string }[];
  confirmedAt: string | null;
  wish: { message: string; at: string } | null;
  /** Confirm, cancel and another time: while the visit is scheduled and has not started. */
  canChange: boolean;
}

export interface PatientLinkTime {
  slotId: string;
  start: string;
  when: string;
  startLocal: string;
}

const BRING = [
  { sv: 'Kom till hälsocentralen 10 minuter före din tid.', en: 'Come to the health centre 10 minutes before your time.' },
  { sv: 'Ta med en lista över dina läkemedel.', en: 'Bring a list of your medicines.' },
  { sv: 'Skriv gärna ner dina frågor.', en: 'Write down your questions, if you like.' },
  { sv: 'Ta med legitimation.', en: 'Bring identification.' },
];

/** The link's visit as the service reads it: its booking, slot, case and centre. */
export interface LinkRow {
  link_id: string;
  expires_at: Date;
  visit_id: string;
  visit_status: string;
  booking_id: string;
  booking_status: string;
  slot_id: string;
  start_at: Date;
  end_at: Date;
  case_id: string;
  patient_id: string;
  region_id: string;
  health_centre_id: string;
  case_centre_id: string;
  pathway_key: string;
  pathway_version: number;
  hc_name: string;
  hc_address: string | null;
  hc_phone: string | null;
  patient_confirmed_at: Date | null;
  patient_wish: string | null;
  patient_wish_at: Date | null;
}

/** What the page shows: the state, the time, the place and what to bring; nothing about health. */
export function linkView(row: LinkRow): PatientLinkView {
  const changeable = row.visit_status === 'scheduled' && row.booking_status === 'active' && row.start_at.getTime() > Date.now();
  const state = row.booking_status === 'cancelled' || row.visit_status === 'cancelled' ? 'cancelled' : changeable ? 'scheduled' : 'over';
  return {
    state,
    start: row.start_at.toISOString(),
    end: row.end_at.toISOString(),
    when: swedishDateTime(row.start_at),
    startLocal: formatClinicTime(row.start_at),
    place: { name: row.hc_name, address: row.hc_address, phone: row.hc_phone },
    bring: BRING,
    confirmedAt: row.patient_confirmed_at?.toISOString() ?? null,
    wish: row.patient_wish !== null && row.patient_wish_at ? { message: row.patient_wish, at: row.patient_wish_at.toISOString() } : null,
    canChange: changeable,
  };
}

/** Confirm, cancel, another time or a wish: only while the visit is scheduled and has not started (409 otherwise). */
export function checkChangeable(row: LinkRow): void {
  if (!linkView(row).canChange) {
    const cancelled = row.booking_status === 'cancelled' || row.visit_status === 'cancelled';
    throw ApiError.conflict(cancelled ? 'The visit is cancelled' : 'The visit has already started or is over', {
      messageSv: cancelled ? 'Besöket är avbokat.' : 'Besöket har redan börjat eller är över.',
    });
  }
}
