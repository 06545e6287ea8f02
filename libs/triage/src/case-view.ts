import { clinicDate } from '@app/common';
import type { Text } from '@app/pathways';
import type { CaseStatus } from './triage.dto';

/** Why the pathway gave the category (a planned follow-up names no category). */
export interface CaseReason {
  ruleId: string;
  category?: string;
  text: Text;
}

/** A case as the database row holds it (`triage_case`, with the patient's name where read) and as the api answers it. */
export interface CaseRow {
  id: string;
  region_id: string;
  patient_id: string;
  health_centre_id: string;
  pathway_key: string;
  pathway_version: number;
  answers: Record<string, unknown>;
  category: string;
  category_order: number;
  bookable: boolean;
  in_queue: boolean;
  score: string;
  reasons: CaseReason[];
  instruction: Text | null;
  due_date: string | null;
  status: CaseStatus;
  status_reason: string | null;
  flags: string[];
  original_category: string | null;
  triaged_at: Date;
  triaged_by: string;
  serving_region_id: string;
  patient_name?: string;
  /** ISO 639-1, when the patient needs an interpreter (issue 22). */
  interpreter_language?: string | null;
  /** Set when the caller reads the case under an agreement between regions. */
  via_agreement?: string | null;
}

/** What a queue or centre screen must hear about a changed case. */
export type CaseAnnouncement = Pick<CaseView, 'id' | 'status' | 'healthCentreId' | 'pathwayKey'> & { servingRegionId: string };

export interface CaseView {
  id: string;
  patientId: string;
  patientName?: string;
  /** ISO 639-1: the patient needs an interpreter in this language (issue 22); null: none. */
  interpreterLanguage?: string | null;
  healthCentreId: string;
  pathwayKey: string;
  pathwayVersion: number;
  category: string;
  dueDate: string | null;
  overdue: boolean;
  score: number;
  reasons: CaseReason[];
  instruction: Text | null;
  bookable: boolean;
  status: CaseStatus;
  statusReason: string | null;
  flags: string[];
  originalCategory: string | null;
  triagedAt: string;
  answers?: Record<string, unknown>;
}

export function toCaseView(r: CaseRow, withAnswers = false, today = clinicDate(new Date())): CaseView {
  return {
    id: r.id,
    patientId: r.patient_id,
    ...(r.patient_name !== undefined ? { patientName: r.patient_name } : {}),
    ...(r.interpreter_language !== undefined ? { interpreterLanguage: r.interpreter_language } : {}),
    healthCentreId: r.health_centre_id,
    pathwayKey: r.pathway_key,
    pathwayVersion: r.pathway_version,
    category: r.category,
    dueDate: r.due_date,
    overdue: r.due_date !== null && r.in_queue && r.status === 'awaiting_booking' && r.due_date < today,
    score: Number(r.score),
    reasons: r.reasons,
    instruction: r.instruction,
    bookable: r.bookable,
    status: r.status,
    statusReason: r.status_reason,
    flags: r.flags,
    originalCategory: r.original_category,
    triagedAt: r.triaged_at.toISOString(),
    ...(withAnswers ? { answers: r.answers } : {}),
  };
}
