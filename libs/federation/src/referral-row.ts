import type { EntityManager } from 'typeorm';
import { referralScopeSql } from '@app/audit';
import type { RequestContext } from '@app/identity';
import type { ReferralEvent, ReferralStatus, ResumeStatus } from './core';

/** A referral as the database holds it, with its partner's and region's names and its undelivered messages. */
export interface ReferralRow {
  id: string;
  direction: 'outgoing' | 'incoming';
  region_id: string;
  partner_id: string;
  partner_name: string;
  region_name: string;
  service_id: string;
  service_title: string;
  patient_id: string | null;
  health_centre_id: string | null;
  patient: { personnummer: string; name: string; birthDate: string } | null;
  local_patient: { personnummer: string; name: string; birthDate: string } | null;
  referrer: Record<string, string>;
  answers: Record<string, unknown>;
  bundle: unknown;
  status: ReferralStatus;
  status_reason: string | null;
  resume_status: ResumeStatus | null;
  completion_question: string | null;
  completion_reply: string | null;
  answer: { summary: string; author: string; answeredAt: string; bundle: unknown } | null;
  answer_read_at: Date | null;
  answer_read_by: string | null;
  price: string;
  currency: string;
  sent_at: Date;
  updated_at: Date;
  waiting: number;
}

export const REFERRAL_SELECT = `
  SELECT f.*, p.name AS partner_name, r.name AS region_name,
         CASE WHEN f.patient_id IS NOT NULL THEN
           (SELECT json_build_object('personnummer', pt.personnummer, 'name', pt.name, 'birthDate', pt.birth_date::text)
              FROM patient pt WHERE pt.id = f.patient_id)
         END AS local_patient,
         (SELECT count(*)::int FROM federation_outbox o
           WHERE o.referral_id = f.id AND o.partner_id = f.partner_id AND o.delivered_at IS NULL) AS waiting
    FROM federation_referral f JOIN federation_partner p ON p.id = f.partner_id JOIN region r ON r.id = f.region_id`;

/** The referral if the caller may see it (`referralScopeSql`), locked for a change when asked. */
export async function findReferral(
  m: Pick<EntityManager, 'query'>,
  ctx: RequestContext,
  id: string,
  lock = false,
): Promise<ReferralRow | undefined> {
  const params: unknown[] = [id];
  const scope = referralScopeSql('f', ctx.actor, params);
  const [row] = await m.query(`${REFERRAL_SELECT} WHERE f.id = $1 AND ${scope} ${lock ? 'FOR UPDATE OF f' : ''}`, params);
  return row;
}

/** A step's change of the referral, at either end (a person's step here, or the partner's message). */
export async function applyStep(
  m: Pick<EntityManager, 'query'>,
  row: Pick<ReferralRow, 'id' | 'direction'>,
  event: ReferralEvent,
  status: ReferralStatus,
  resume: ResumeStatus | null,
  body: { reason?: unknown; question?: unknown; reply?: unknown; answer?: ReferralRow['answer'] },
): Promise<void> {
  await m.query(
    `UPDATE federation_referral SET status = $3, resume_status = $4,
            status_reason = CASE WHEN $5::text IS NOT NULL THEN $5 ELSE status_reason END,
            completion_question = CASE WHEN $6::text IS NOT NULL THEN $6 ELSE completion_question END,
            completion_reply = CASE WHEN $7::text IS NOT NULL THEN $7 ELSE completion_reply END,
            answer = coalesce($8::jsonb, answer), updated_at = now()
      WHERE id = $1 AND direction = $2`,
    [
      row.id,
      row.direction,
      status,
      resume,
      event === 'reject' ? String(body.reason ?? '') : null,
      event === 'request-completion' ? String(body.question ?? '') : null,
      event === 'complete' ? String(body.reply ?? '') : null,
      body.answer ? JSON.stringify(body.answer) : null,
    ],
  );
}

/** The Patient resource's id in the referral as it crossed (the referring side's patient id). */
export function patientResourceId(row: Pick<ReferralRow, 'bundle'>): string {
  const b = row.bundle as { entry?: Array<{ resource?: { resourceType?: string; id?: string } }> };
  return b.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource?.id ?? 'unknown';
}

export function referralView(r: ReferralRow) {
  return {
    id: r.id,
    direction: r.direction,
    partnerName: r.partner_name,
    regionName: r.region_name,
    serviceId: r.service_id,
    serviceTitle: r.service_title,
    // An outgoing referral always has its local patient (the table's sides constraint); an incoming one the carried one.
    patient: r.direction === 'outgoing' && r.local_patient ? { id: r.patient_id, ...r.local_patient } : r.patient,
    referrer: r.referrer,
    answers: r.answers,
    status: r.status,
    statusReason: r.status_reason,
    completionQuestion: r.completion_question,
    completionReply: r.completion_reply,
    answer: r.answer ? { summary: r.answer.summary, author: r.answer.author, answeredAt: r.answer.answeredAt } : null,
    answerReadAt: r.answer_read_at?.toISOString() ?? null,
    answerReadBy: r.answer_read_by,
    price: Number(r.price),
    currency: r.currency,
    sentAt: r.sent_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    /** Messages of this referral not yet delivered to the other end ("waiting for delivery"). */
    waitingForDelivery: r.waiting,
  };
}
