import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { pgErrorCode, PG_CHECK_VIOLATION, PG_UNIQUE_VIOLATION, rowsOf } from '@app/common';
import { MessageBody, parseAnswerBundle, parseReferralBundle, peek, ReferralEvent, ReferralStatus, step, verifyMessage } from './core';
import { FederationKeys } from './federation-keys.service';
import { FederationOutbox } from './outbox';
import { auditAsPartner, PartnerActor, Refused, refusedAsPartner } from './partner-audit';
import { PartnerOffers } from './partner-offers';
import { FederationPartners, PartnerRow } from './partners.service';
import { applyStep, ReferralRow } from './referral-row';

/** What a received message changed: the referral and the partner whose outbox has an acknowledgement to send. */
interface Applied {
  partnerId: string;
  status: ReferralStatus;
}

/**
 * The partners' signed messages: a referral received, news of a partner's service, and the steps on a
 * referral between us (the partner's answer, its request for completion, the completion). Every message is
 * applied once (its id is kept) and audited as the partner's; a refused one as the partner's refusal.
 */
@Injectable()
export class InboundMessages {
  private readonly logger = new Logger(InboundMessages.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: FederationKeys,
    private readonly partners: FederationPartners,
    private readonly offers: PartnerOffers,
    private readonly outbox: FederationOutbox,
  ) {}

  /**
   * A signed message from a partner installation. Refused (401) when the sender is unknown or the
   * signature, audience or time is wrong, 409 `duplicate` when its id was taken before; refusals are
   * logged and audited without anything of the message's content.
   */
  async receive(jws: string, request: { requestId: string; clientIp: string | null }): Promise<{ messageId: string; status: string }> {
    const own = await this.keys.installationId();
    const head = peek(jws);
    const who: PartnerActor = { partnerName: 'unknown', installationId: head.ok ? head.iss : 'unknown', regionId: null, ...request };
    try {
      if (!head.ok) throw new Refused(400, 'malformed', head.reason);
      const partners = await this.partners.partnersOfInstallation(this.dataSource.manager, head.iss);
      if (partners.length === 0) throw new Refused(401, 'unknown_sender', 'the sender is not a registered partner installation');
      who.partnerName = partners[0]!.name;
      const key = await this.partners.partnerKey(partners, head.kid);
      if (!key) throw new Refused(401, 'unknown_key', 'the message is signed with a key the sender does not publish');
      if (key.rotated) {
        await auditAsPartner(
          this.dataSource.manager,
          { ...who, regionId: partners[0]!.region_id },
          {
            action: 'update',
            resourceType: 'FederationPartner',
            resourceId: partners[0]!.id,
            outcome: 'success',
            reason: 'key rotation picked up',
            detail: { kids: partners[0]!.keys.map((k) => k.kid) },
          },
        );
      }
      const verified = await verifyMessage(jws, key.key, { iss: head.iss, aud: own });
      if (!verified.ok) throw new Refused(401, verified.reason, verified.detail);
      return await this.apply(partners, verified.messageId, verified.issuedAt, verified.message, who);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      throw await refusedAsPartner(this.dataSource.manager, this.logger, who, head.ok ? head.jti : null, e);
    }
  }

  private async apply(partners: PartnerRow[], messageId: string, issuedAt: number, msg: MessageBody, who: PartnerActor) {
    const received = { messageId, sentAt: new Date(issuedAt * 1000), msg, who };
    const result = await this.dataSource.transaction(async (m) => {
      if (msg.kind === 'referral') return this.referralReceived(m, partners, received);
      if (msg.kind === 'news') return this.newsReceived(m, partners, received);
      return this.stepReceived(m, partners, received);
    });
    if (result) void this.outbox.kick(result.partnerId);
    return { messageId, status: result?.status ?? 'stored' };
  }

  /** A new referral to one of our services: stored as incoming, acknowledged (`received`) to the sender. */
  private async referralReceived(m: EntityManager, partners: PartnerRow[], { messageId, sentAt, msg, who }: Received): Promise<Applied> {
    const parsed = parseReferralBundle(msg.body.bundle);
    if (!parsed.ok) throw new Refused(422, 'invalid_bundle', parsed.problems.join('; '));
    const [service] = await m.query('SELECT id, region_id, title, status FROM federation_service WHERE id = $1', [
      parsed.referral.serviceId,
    ]);
    // Which of our regions the message is for decides which partner row it came through.
    const partner = service && partners.find((p) => p.region_id === service.region_id);
    if (!service || !partner) throw new Refused(422, 'unknown_service', 'no service of a region that has the sender as its partner');
    who.regionId = partner.region_id;
    await this.markReceived(m, messageId, partner.id, msg, sentAt);
    if (service.status !== 'open') throw new Refused(422, 'service_closed', 'the service is closed');
    const r = parsed.referral;
    // The referral's id is the sender's; one already taken here (by this sender or another) is refused, not a 500.
    const [taken] = await m.query(`SELECT 1 FROM federation_referral WHERE id = $1 AND direction = 'incoming'`, [r.referralId]);
    if (taken) throw new Refused(409, 'referral_exists', 'a referral with this id was received before');
    await m.query(
      `INSERT INTO federation_referral (id, direction, region_id, partner_id, service_id, service_title, patient, referrer, answers,
                                        bundle,
                                        status, price, currency, sent_at)
       VALUES ($1, 'incoming', $2, $3, $4, $5, $6, $7, $8, $9, 'received', $10, $11, $12)`,
      [
        r.referralId,
        partner.region_id,
        partner.id,
        service.id,
        service.title,
        r.patient,
        { name: r.referrer, region: msg.fromRegion },
        r.answers,
        msg.body.bundle,
        r.price,
        r.currency,
        r.sentAt,
      ],
    );
    await this.outbox.enqueue(m, {
      partnerId: partner.id,
      referralId: r.referralId,
      kind: 'received',
      fromRegion: partner.region_name,
      body: {},
    });
    await auditAsPartner(m, who, {
      action: 'create',
      resourceType: 'FederatedReferral',
      resourceId: r.referralId,
      outcome: 'success',
      detail: { fromRegion: msg.fromRegion, toRegion: partner.region_name, serviceId: service.id, messageId },
    });
    return { partnerId: partner.id, status: 'received' };
  }

  /** News of a partner's service: its offer refreshed and the news kept, for each of our regions it partners. */
  private async newsReceived(m: EntityManager, partners: PartnerRow[], { messageId, sentAt, msg, who }: Received): Promise<null> {
    const s = msg.body.service as Record<string, unknown> | undefined;
    if (!s || typeof s.id !== 'string') throw new Refused(422, 'invalid_news', 'the news names no service');
    await this.markReceived(m, messageId, partners[0]!.id, msg, sentAt);
    for (const p of partners) {
      await this.offers.storeOffer(m, p.id, s);
      await m.query('INSERT INTO federation_news (region_id, partner_id, service_id, service_title, changes) VALUES ($1, $2, $3, $4, $5)', [
        p.region_id,
        p.id,
        s.id,
        String(s.title ?? ''),
        JSON.stringify(msg.body.changes ?? []),
      ]);
      await auditAsPartner(
        m,
        { ...who, regionId: p.region_id },
        {
          action: 'create',
          resourceType: 'FederationNews',
          resourceId: String(s.id),
          outcome: 'success',
          detail: { fromRegion: msg.fromRegion, messageId },
        },
      );
    }
    return null;
  }

  /** A step on a referral: the referral must be one between us and this sender, and the step must follow its status. */
  private async stepReceived(m: EntityManager, partners: PartnerRow[], { messageId, sentAt, msg, who }: Received): Promise<Applied> {
    if (!msg.referralId) throw new Refused(422, 'no_referral', 'the message names no referral');
    const direction = msg.kind === 'complete' ? 'incoming' : 'outgoing';
    const [referral] = await rowsOf<
      Pick<ReferralRow, 'id' | 'direction' | 'status' | 'resume_status' | 'region_id'> & { partner_id: string }
    >(
      m,
      `SELECT id, direction, status, resume_status, region_id, partner_id FROM federation_referral
        WHERE id = $1 AND direction = $2 AND partner_id = ANY($3::uuid[]) FOR UPDATE`,
      [msg.referralId, direction, partners.map((p) => p.id)],
    );
    if (!referral) throw new Refused(409, 'unknown_referral', 'no such referral between the sender and this installation (yet)');
    const partner = partners.find((p) => p.id === referral.partner_id)!;
    who.regionId = partner.region_id;
    await this.markReceived(m, messageId, partner.id, msg, sentAt);
    const event = msg.kind as ReferralEvent;
    const next = step(referral.status, event, referral.resume_status);
    if (!next.ok) throw new Refused(409, 'out_of_order', next.reason);
    let answer: ReferralRow['answer'] = null;
    if (event === 'answer') {
      const parsed = parseAnswerBundle(msg.body.bundle);
      if (!parsed.ok) throw new Refused(422, 'invalid_bundle', parsed.problems.join('; '));
      answer = { summary: parsed.summary, author: parsed.author, answeredAt: parsed.answeredAt, bundle: msg.body.bundle };
    }
    await applyStep(m, referral, event, next.status, next.resume, { ...msg.body, answer });
    await auditAsPartner(m, who, {
      action: 'update',
      resourceType: 'FederatedReferral',
      resourceId: referral.id,
      outcome: 'success',
      detail: { step: event, status: next.status, fromRegion: msg.fromRegion, toRegion: partner.region_name, messageId },
    });
    return { partnerId: partner.id, status: next.status };
  }

  /** Takes the message id once; a repeat is refused before anything else happens. */
  private async markReceived(
    m: Pick<EntityManager, 'query'>,
    messageId: string,
    partnerId: string,
    msg: MessageBody,
    sentAt: Date,
  ): Promise<void> {
    try {
      await m.query(`SAVEPOINT inbound`);
      await m.query('INSERT INTO federation_inbound (message_id, partner_id, kind, referral_id, sent_at) VALUES ($1, $2, $3, $4, $5)', [
        messageId,
        partnerId,
        msg.kind,
        msg.referralId ?? null,
        sentAt,
      ]);
      await m.query(`RELEASE SAVEPOINT inbound`);
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) throw new Refused(409, 'duplicate', 'this message id was received before');
      if (pgErrorCode(e) === PG_CHECK_VIOLATION) throw new Refused(409, 'out_of_order', 'the step does not follow the referral status');
      throw e;
    }
  }
}

/** A verified message and who sent it (the sender's region is filled in once the message names it). */
interface Received {
  messageId: string;
  sentAt: Date;
  msg: MessageBody;
  who: PartnerActor;
}
