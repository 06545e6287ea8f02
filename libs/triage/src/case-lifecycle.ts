import type { EntityManager } from 'typeorm';
import { rowsOf } from '@app/common';

/**
 * A case's life (issue 16, #2): every change of a case's status, wherever it happens (a booking, a
 * cancelled session, a visit's answer, a no-show, the nurse withdrawing it), goes through these
 * functions, inside the caller's transaction. The trigger `triage_case_status_guard` stays the
 * database's own guard of which changes are allowed.
 */

/** What the announcements of a case need after commit. */
export interface CaseMoved {
  id: string;
  patientId: string;
  healthCentreId: string;
  pathwayKey: string;
  servingRegionId: string;
}

const MOVED =
  'id, patient_id AS "patientId", health_centre_id AS "healthCentreId", pathway_key AS "pathwayKey", serving_region_id AS "servingRegionId"';

/** A booking was made: the case leaves the queue. */
export async function markCaseBooked(m: EntityManager, caseId: string): Promise<void> {
  await m.query(`UPDATE triage_case SET status = 'booked', status_reason = NULL WHERE id = $1`, [caseId]);
}

/**
 * The booking is gone (cancelled by staff or the patient, its session cancelled, nobody came): the case
 * waits for a booking again, at its old rank. A no-show also flags the case, once.
 */
export async function releaseCase(m: EntityManager, caseId: string, reason: string, opts: { noShow?: boolean } = {}): Promise<CaseMoved> {
  const flags = opts.noShow ? `, flags = array_append(array_remove(flags, 'no_show'), 'no_show')` : '';
  const [moved] = await rowsOf<CaseMoved>(
    m,
    `UPDATE triage_case SET status = 'awaiting_booking', status_reason = $2${flags} WHERE id = $1 RETURNING ${MOVED}`,
    [caseId, reason],
  );
  return moved!;
}

/** The specialist's answer is sent: the case is done. */
export async function completeCase(m: EntityManager, caseId: string, reason: string): Promise<void> {
  await m.query(`UPDATE triage_case SET status = 'completed', status_reason = $2 WHERE id = $1`, [caseId, reason]);
}

/** The nurse withdraws a case that waits (or was redirected). */
export async function withdrawCase<Row>(m: EntityManager, caseId: string, reason: string): Promise<Row> {
  const [row] = await rowsOf<Row>(m, `UPDATE triage_case SET status = 'withdrawn', status_reason = $2 WHERE id = $1 RETURNING *`, [
    caseId,
    reason,
  ]);
  return row!;
}

/**
 * The specialist plans a follow-up: a new case on the same pathway version and answers, waiting for a
 * booking within `days` (its reason says so in both languages).
 */
export async function openFollowUpCase(m: EntityManager, fromCaseId: string, days: number, authorId: string): Promise<string> {
  const reason = {
    ruleId: 'follow_up',
    text: {
      sv: `Återbesök enligt specialistläkarens plan inom ${days} dagar`,
      en: `Follow-up visit as planned by the specialist within ${days} days`,
    },
  };
  const [c] = await rowsOf<{ id: string }>(
    m,
    `INSERT INTO triage_case (region_id, serving_region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category,
       category_order, bookable, in_queue, score, reasons, due_date, status, flags, triaged_by)
     SELECT region_id, serving_region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order,
            true, true, score, $2::jsonb, (now() AT TIME ZONE 'Europe/Stockholm')::date + $3::int, 'awaiting_booking', ARRAY['follow_up'], $4
       FROM triage_case WHERE id = $1 RETURNING id`,
    [fromCaseId, JSON.stringify([reason]), days, authorId],
  );
  return c!.id;
}
