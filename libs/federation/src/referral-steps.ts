import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiError, rowsOf } from '@app/common';
import { granted, outOfScope, ScopedAccess } from '@app/audit';
import { RequestContext } from '@app/identity';
import { answerBundle, canTake, ReferralEvent, step } from './core';
import { FederationKeys } from './federation-keys.service';
import { FederationOutbox } from './outbox';
import type { PartnerRow } from './partners.service';
import { applyStep, findReferral, patientResourceId, ReferralRow } from './referral-row';
import { ReferralsService } from './referrals.service';

/**
 * The steps people take on a referral at this end: the receiving region accepts, rejects, asks for
 * completion or answers; the referring centre completes it and reads the answer. The status changes and
 * the message to the other end are written together (the outbox).
 */
@Injectable()
export class ReferralSteps {
  constructor(
    private readonly access: ScopedAccess,
    private readonly keys: FederationKeys,
    private readonly outbox: FederationOutbox,
    private readonly referrals: ReferralsService,
  ) {}

  /** The referring centre has read the answer (who and when kept, as for a visit's answer in the inbox). */
  markAnswerRead(ctx: RequestContext, id: string) {
    const target = { action: 'read' as const, resourceType: 'FederatedReferralAnswer', resourceId: id, notFound: 'Referral' };
    return this.access.run(ctx, target, async (m) => {
      const row = await findReferral(m, ctx, id, true);
      if (!row || row.direction !== 'outgoing') return outOfScope('not found');
      if (row.status !== 'answered') throw ApiError.conflict(`The referral is ${row.status}; it has no answer yet`, { status: row.status });
      const [r] = await rowsOf<{ answer_read_at: Date; answer_read_by: string }>(
        m,
        `UPDATE federation_referral SET answer_read_at = coalesce(answer_read_at, now()), answer_read_by = coalesce(answer_read_by, $2)
          WHERE id = $1 AND direction = 'outgoing' RETURNING answer_read_at, answer_read_by`,
        [id, ctx.actor.userId],
      );
      return granted(
        { id, answerReadAt: r!.answer_read_at.toISOString(), answerReadBy: r!.answer_read_by },
        { patientId: row.patient_id, detail: { partner: row.partner_name } },
      );
    });
  }

  /** A step by a person at this end: the status changes and the message to the other end is written together. */
  async act(
    ctx: RequestContext,
    id: string,
    event: ReferralEvent,
    input: { reason?: string; question?: string; reply?: string; summary?: string },
  ) {
    const installationId = await this.keys.installationId();
    const target = { action: 'update' as const, resourceType: 'FederatedReferral', resourceId: id, notFound: 'Referral' };
    const partnerId = await this.access.run(ctx, target, async (m) => {
      const row = await findReferral(m, ctx, id, true);
      if (!row) return outOfScope('not found');
      if (!canTake(row.direction, event)) {
        throw ApiError.forbidden(
          row.direction === 'outgoing' ? 'The receiving region takes this step' : 'The referring centre completes a referral',
        );
      }
      if (row.direction === 'incoming' && ctx.actor.role === 'nurse') throw ApiError.forbidden();
      const next = step(row.status, event, row.resume_status);
      if (!next.ok) throw ApiError.conflict(next.reason, { status: row.status });
      const body: Record<string, unknown> = {};
      let answer: ReferralRow['answer'] = null;
      if (event === 'reject') body.reason = input.reason;
      if (event === 'request-completion') body.question = input.question;
      if (event === 'complete') body.reply = input.reply;
      const messageId = randomUUID();
      if (event === 'answer') {
        const answeredAt = new Date().toISOString();
        const partner: PartnerRow = (await m.query('SELECT * FROM federation_partner WHERE id = $1', [row.partner_id]))[0];
        const bundle = answerBundle({
          messageId,
          referralId: id,
          patientId: patientResourceId(row),
          answeredAt,
          author: ctx.actor.displayName,
          summary: input.summary!,
          sender: { installationId, regionName: row.region_name },
          receiver: { installationId: partner.installation_id },
        });
        body.bundle = bundle;
        answer = { summary: input.summary!, author: ctx.actor.displayName, answeredAt, bundle };
      }
      await applyStep(m, row, event, next.status, next.resume, { ...body, answer });
      await this.outbox.enqueue(m, {
        messageId,
        partnerId: row.partner_id,
        referralId: id,
        kind: event,
        fromRegion: row.region_name,
        body,
      });
      return granted(row.partner_id, {
        patientId: row.patient_id,
        detail: { step: event, status: next.status, direction: row.direction, partner: row.partner_name, region: row.region_name },
      });
    });
    void this.outbox.kick(partnerId);
    return this.referrals.get(ctx, id);
  }
}
