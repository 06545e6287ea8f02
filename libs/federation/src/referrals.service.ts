import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Bundle } from '@medplum/fhirtypes';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, ErrorCode, pgErrorCode, PG_CHECK_VIOLATION, PG_UNIQUE_VIOLATION, rowsOf, type DbRow } from '@app/common';
import { AuditService } from '@app/audit';
import { RequestContext } from '@app/identity';
import { CompiledPathway, compilePathway, PathwayDefinition } from '@app/pathways';
import {
  answerBundle,
  canTake,
  referralExport,
  MessageBody,
  parseAnswerBundle,
  parseReferralBundle,
  peek,
  ReferralEvent,
  ReferralStatus,
  referralBundle,
  ResumeStatus,
  step,
  verifyMessage,
} from './core';
import type { CreateReferralDto, ListReferralsDto } from './federation.dto';
import { FederationKeys } from './federation-keys.service';
import { FederationService, offerView, PartnerRow } from './federation.service';
import { FederationOutbox } from './outbox';
import { auditAsPartner, PartnerActor } from './partner-audit';

interface ReferralRow {
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

const REFERRAL_SELECT = `
  SELECT f.*, p.name AS partner_name, r.name AS region_name,
         CASE WHEN f.patient_id IS NOT NULL THEN
           (SELECT json_build_object('personnummer', pt.personnummer, 'name', pt.name, 'birthDate', pt.birth_date::text)
              FROM patient pt WHERE pt.id = f.patient_id)
         END AS local_patient,
         (SELECT count(*)::int FROM federation_outbox o
           WHERE o.referral_id = f.id AND o.partner_id = f.partner_id AND o.delivered_at IS NULL) AS waiting
    FROM federation_referral f JOIN federation_partner p ON p.id = f.partner_id JOIN region r ON r.id = f.region_id`;

/** Refusals of an inbound message: HTTP status and the reason both ends log (never patient data). */
export class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Referrals between installations. The referring side (outgoing) holds the local patient; the
 * receiving side (incoming) only the patient as the referral carries it, seen through the referral
 * alone. Every step is written with its outgoing message in one transaction (the outbox), and every
 * received message is applied once (its id is kept).
 */
@Injectable()
export class ReferralsService {
  private readonly logger = new Logger(ReferralsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly keys: FederationKeys,
    private readonly federation: FederationService,
    private readonly outbox: FederationOutbox,
  ) {}

  /**
   * Who may see a referral: the referring centre's nurses or the region's admins (outgoing); the region's
   * specialists and admins (incoming), and a specialist the referrals she sent.
   */
  private visible(ctx: RequestContext, alias = 'f'): { sql: string; params: unknown[] } {
    const a = ctx.actor;
    if (a.role === 'nurse') {
      return { sql: `${alias}.direction = 'outgoing' AND ${alias}.health_centre_id = $1`, params: [a.healthCentreId] };
    }
    if (a.role === 'specialist') {
      return {
        sql: `${alias}.region_id = $1 AND (${alias}.direction = 'incoming' OR ${alias}.referred_by = $2)`,
        params: [a.regionId, a.userId],
      };
    }
    return { sql: `${alias}.region_id = $1`, params: [a.regionId] };
  }

  /** The partner's form compiled once per version (a pathway compiles in milliseconds; a referral should not pay it). */
  private readonly forms = new Map<string, CompiledPathway | null>();
  private compiledForm(key: string, definition: unknown): CompiledPathway | null {
    if (!this.forms.has(key)) {
      let compiled: CompiledPathway | null = null;
      try {
        compiled = compilePathway(definition as PathwayDefinition);
      } catch {
        // A form this version cannot compile is checked by the receiver alone.
        compiled = null;
      }
      if (this.forms.size > 500) this.forms.clear();
      this.forms.set(key, compiled);
    }
    return this.forms.get(key)!;
  }

  async create(ctx: RequestContext, dto: CreateReferralDto) {
    const a = ctx.actor;
    const [offerRow] = await this.dataSource.query(
      `SELECT o.*, p.name AS partner_name, p.installation_id FROM federation_offer o JOIN federation_partner p ON p.id = o.partner_id
        WHERE o.service_id = $1 AND p.region_id = $2`,
      [dto.serviceId, a.regionId],
    );
    if (!offerRow) {
      throw ApiError.invalid('The referral cannot be sent', [{ field: 'serviceId', reason: "not a service your region's partners offer" }]);
    }
    const offer = offerView(offerRow);
    if (offer.status !== 'open') {
      throw ApiError.invalid('The referral cannot be sent', [{ field: 'serviceId', reason: 'the service is closed' }]);
    }
    const [patient] = await this.dataSource.query(
      `SELECT p.id, p.personnummer, p.name, p.birth_date::text AS birth_date, p.health_centre_id, h.name AS centre_name
         FROM patient p JOIN health_centre h ON h.id = p.health_centre_id
        WHERE p.id = $1 AND p.region_id = $2 AND ($3::uuid IS NULL OR p.health_centre_id = $3)`,
      [dto.patientId, a.regionId, a.role === 'nurse' ? a.healthCentreId : null],
    );
    if (!patient) {
      await this.audit.recordDenied(ctx, {
        action: 'create',
        resourceType: 'FederatedReferral',
        patientId: null,
        reason: 'patient not found',
        detail: { patientId: dto.patientId },
      });
      throw ApiError.notFound('Patient');
    }
    if (offer.form?.definition) {
      // The service's own form: the referral carries complete, valid answers or none is sent.
      const form = this.compiledForm(`${offer.partnerId}:${offer.serviceId}:${offer.form.version}`, offer.form.definition);
      const result = form?.validate(dto.answers);
      if (result && !result.ok) {
        throw ApiError.invalid(
          "The answers do not fit the service's form",
          result.issues.map((i) => ({ field: i.field.startsWith('answers.') ? i.field : `answers.${i.field}`, reason: i.reason })),
        );
      }
    }
    const [region] = await this.dataSource.query('SELECT name FROM region WHERE id = $1', [a.regionId]);
    const id = randomUUID();
    const sentAt = new Date().toISOString();
    const installationId = await this.keys.installationId();
    await this.dataSource.transaction(async (m) => {
      const messageId = randomUUID();
      const bundle = referralBundle({
        messageId,
        referralId: id,
        sentAt,
        sender: { installationId, regionName: region.name, centreName: patient.centre_name, referrerName: a.displayName },
        receiver: { installationId: offerRow.installation_id },
        service: {
          id: offer.serviceId,
          title: offer.title,
          pathwayKey: offer.pathwayKey,
          price: offer.pricePerReferral,
          currency: offer.currency,
        },
        patient: { id: patient.id, personnummer: patient.personnummer, name: patient.name, birthDate: patient.birth_date },
        answers: dto.answers,
      });
      await m.query(
        `INSERT INTO federation_referral (id, direction, region_id, partner_id, service_id, service_title, patient_id, health_centre_id,
                                          referred_by,
                                          referrer, answers, bundle, status, price, currency, sent_at)
         VALUES ($1, 'outgoing', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'sent', $12, $13, $14)`,
        [
          id,
          a.regionId,
          offer.partnerId,
          offer.serviceId,
          offer.title,
          patient.id,
          patient.health_centre_id,
          a.userId,
          { name: a.displayName, centre: patient.centre_name, region: region.name },
          dto.answers,
          bundle,
          offer.pricePerReferral,
          offer.currency,
          sentAt,
        ],
      );
      await this.outbox.enqueue(m, {
        messageId,
        partnerId: offer.partnerId,
        referralId: id,
        kind: 'referral',
        fromRegion: region.name,
        body: { bundle },
      });
      await this.audit.record(m, ctx, {
        action: 'create',
        resourceType: 'FederatedReferral',
        resourceId: id,
        patientId: patient.id,
        outcome: 'success',
        detail: {
          fromRegion: region.name,
          toPartner: offer.partnerName,
          toRegion: offer.regionName,
          serviceId: offer.serviceId,
          price: offer.pricePerReferral,
        },
      });
    });
    void this.outbox.kick(offer.partnerId);
    return this.get(ctx, id);
  }

  async list(ctx: RequestContext, q: ListReferralsDto) {
    const v = this.visible(ctx);
    const n = v.params.length;
    return this.dataSource.transaction(async (m) => {
      const rows: ReferralRow[] = await m.query(
        `${REFERRAL_SELECT} WHERE ${v.sql}
            AND ($${n + 1}::text IS NULL OR f.direction = $${n + 1}) AND ($${n + 2}::text IS NULL OR f.status = $${n + 2})
          ORDER BY f.sent_at DESC LIMIT 200`,
        [...v.params, q.direction ?? null, q.status ?? null],
      );
      await this.audit.recordList(m, ctx, {
        resourceType: 'FederatedReferral',
        name: 'referrals',
        query: { direction: q.direction, status: q.status },
        // Incoming referrals name no local patient: the referral id is what was shown.
        items: rows.map((r) => ({ id: r.id, patientId: r.patient_id ?? r.id })),
      });
      return rows.map((r) => view(r));
    });
  }

  private async find(m: Pick<EntityManager, 'query'>, ctx: RequestContext, id: string, lock = false): Promise<ReferralRow | undefined> {
    const v = this.visible(ctx);
    const [row] = await m.query(`${REFERRAL_SELECT} WHERE f.id = $${v.params.length + 1} AND ${v.sql} ${lock ? 'FOR UPDATE OF f' : ''}`, [
      ...v.params,
      id,
    ]);
    return row;
  }

  async get(ctx: RequestContext, id: string) {
    return this.dataSource.transaction(async (m) => {
      const row = await this.find(m, ctx, id);
      if (!row) {
        await this.audit.recordDenied(ctx, { action: 'read', resourceType: 'FederatedReferral', resourceId: id, reason: 'not found' });
        throw ApiError.notFound('Referral');
      }
      await this.audit.record(m, ctx, {
        action: 'read',
        resourceType: 'FederatedReferral',
        resourceId: id,
        patientId: row.patient_id,
        outcome: 'success',
        detail: { direction: row.direction, partner: row.partner_name },
      });
      return view(row);
    });
  }

  /** The referral and its answer as one FHIR R4 collection Bundle (see `referralExport`). */
  async fhir(ctx: RequestContext, id: string) {
    const r = await this.get(ctx, id);
    const row = (await this.find(this.dataSource.manager, ctx, id))!;
    return referralExport(r.id, row.updated_at.toISOString(), row.bundle as Bundle, (row.answer?.bundle as Bundle | undefined) ?? null);
  }

  /** The referring centre has read the answer (who and when kept, as for a visit's answer in the inbox). */
  async markAnswerRead(ctx: RequestContext, id: string) {
    return this.dataSource.transaction(async (m) => {
      const row = await this.find(m, ctx, id, true);
      if (!row || row.direction !== 'outgoing') throw ApiError.notFound('Referral');
      if (row.status !== 'answered') throw ApiError.conflict(`The referral is ${row.status}; it has no answer yet`, { status: row.status });
      const [r] = await rowsOf<{ answer_read_at: Date; answer_read_by: string }>(
        m,
        `UPDATE federation_referral SET answer_read_at = coalesce(answer_read_at, now()), answer_read_by = coalesce(answer_read_by, $2)
          WHERE id = $1 AND direction = 'outgoing' RETURNING answer_read_at, answer_read_by`,
        [id, ctx.actor.userId],
      );
      await this.audit.record(m, ctx, {
        action: 'read',
        resourceType: 'FederatedReferralAnswer',
        resourceId: id,
        patientId: row.patient_id,
        outcome: 'success',
        detail: { partner: row.partner_name },
      });
      return { id, answerReadAt: r!.answer_read_at.toISOString(), answerReadBy: r!.answer_read_by };
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
    const partnerId = await this.dataSource.transaction(async (m) => {
      const row = await this.find(m, ctx, id, true);
      if (!row) throw ApiError.notFound('Referral');
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
      await this.applyStep(m, row, event, next.status, next.resume, { ...body, answer });
      await this.outbox.enqueue(m, {
        messageId,
        partnerId: row.partner_id,
        referralId: id,
        kind: event,
        fromRegion: row.region_name,
        body,
      });
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'FederatedReferral',
        resourceId: id,
        patientId: row.patient_id,
        outcome: 'success',
        detail: { step: event, status: next.status, direction: row.direction, partner: row.partner_name, region: row.region_name },
      });
      return row.partner_id;
    });
    void this.outbox.kick(partnerId);
    return this.get(ctx, id);
  }

  private async applyStep(
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

  // ---- inbound messages ----

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
      const partners = await this.federation.partnersOfInstallation(this.dataSource.manager, head.iss);
      if (partners.length === 0) throw new Refused(401, 'unknown_sender', 'the sender is not a registered partner installation');
      who.partnerName = partners[0]!.name;
      const key = await this.federation.partnerKey(partners, head.kid);
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
      // Logged with the partner's name, the message id and the reason only: never the message's content.
      this.logger.warn(
        {
          partner: who.partnerName,
          installationId: who.installationId,
          messageId: head.ok ? head.jti : null,
          code: e.code,
          reason: e.message,
        },
        'federation message refused',
      );
      await auditAsPartner(this.dataSource.manager, who, {
        action: 'create',
        resourceType: 'FederationMessage',
        resourceId: head.ok ? head.jti : null,
        outcome: 'denied',
        reason: `${e.code}: ${e.message}`.slice(0, 500),
      });
      throw new ApiError(e.status, `Message refused: ${e.message}`, [{ field: 'jws', reason: e.code }], { code: e.code });
    }
  }

  private async apply(partners: PartnerRow[], messageId: string, issuedAt: number, msg: MessageBody, who: PartnerActor) {
    const sentAt = new Date(issuedAt * 1000);
    const result = await this.dataSource.transaction(async (m) => {
      // Which of our regions the message is for decides which partner row it came through.
      let partner: PartnerRow | undefined;
      if (msg.kind === 'referral') {
        const parsed = parseReferralBundle(msg.body.bundle);
        if (!parsed.ok) throw new Refused(422, 'invalid_bundle', parsed.problems.join('; '));
        const [service] = await m.query('SELECT id, region_id, title, status FROM federation_service WHERE id = $1', [
          parsed.referral.serviceId,
        ]);
        partner = service && partners.find((p) => p.region_id === service.region_id);
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
        return {
          partnerId: partner.id,
          regionId: partner.region_id,
          referralId: r.referralId,
          status: 'received' as ReferralStatus,
          direction: 'incoming',
        };
      }
      if (msg.kind === 'news') {
        const s = msg.body.service as Record<string, unknown> | undefined;
        if (!s || typeof s.id !== 'string') throw new Refused(422, 'invalid_news', 'the news names no service');
        await this.markReceived(m, messageId, partners[0]!.id, msg, sentAt);
        for (const p of partners) {
          await this.federation.storeOffer(m, p.id, s);
          await m.query(
            'INSERT INTO federation_news (region_id, partner_id, service_id, service_title, changes) VALUES ($1, $2, $3, $4, $5)',
            [p.region_id, p.id, s.id, String(s.title ?? ''), JSON.stringify(msg.body.changes ?? [])],
          );
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
      // A step on a referral: the referral must be one between us and this sender.
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
      partner = partners.find((p) => p.id === referral.partner_id)!;
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
      await this.applyStep(m, referral, event, next.status, next.resume, { ...msg.body, answer });
      await auditAsPartner(m, who, {
        action: 'update',
        resourceType: 'FederatedReferral',
        resourceId: referral.id,
        outcome: 'success',
        detail: { step: event, status: next.status, fromRegion: msg.fromRegion, toRegion: partner.region_name, messageId },
      });
      return { partnerId: partner.id, regionId: partner.region_id, referralId: referral.id, status: next.status, direction };
    });
    if (result) void this.outbox.kick(result.partnerId);
    return { messageId, status: result?.status ?? 'stored' };
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

  /** The invoice basis of a month: per partner and direction, the referrals not rejected, at the price recorded when sent. */
  async invoiceBasis(ctx: RequestContext, month: string) {
    const rows = await this.dataSource.query(
      `SELECT f.id, f.direction, f.partner_id, p.name AS partner_name, f.service_id, f.service_title, f.status, f.price, f.currency,
              f.sent_at
         FROM federation_referral f JOIN federation_partner p ON p.id = f.partner_id
        WHERE f.region_id = $1 AND f.status <> 'rejected'
          AND to_char(f.sent_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') = $2
        ORDER BY p.name, f.direction, f.sent_at, f.id`,
      [ctx.actor.regionId, month],
    );
    type Total = { partnerId: string; partnerName: string; direction: string; currency: string; referrals: number; total: number };
    const groups = new Map<string, Total>();
    for (const r of rows) {
      const key = `${r.partner_id}|${r.direction}|${r.currency}`;
      const g = groups.get(key) ?? {
        partnerId: r.partner_id,
        partnerName: r.partner_name,
        direction: r.direction,
        currency: r.currency,
        referrals: 0,
        total: 0,
      };
      g.referrals += 1;
      g.total = Math.round((g.total + Number(r.price)) * 100) / 100;
      groups.set(key, g);
    }
    return {
      month,
      totals: [...groups.values()],
      lines: rows.map((r: DbRow) => ({
        referralId: r.id,
        direction: r.direction,
        partnerName: r.partner_name,
        serviceId: r.service_id,
        serviceTitle: r.service_title,
        status: r.status,
        price: Number(r.price),
        currency: r.currency,
        sentAt: r.sent_at.toISOString(),
      })),
    };
  }
}

/** The Patient resource's id in the referral as it crossed (the referring side's patient id). */
function patientResourceId(row: Pick<ReferralRow, 'bundle'>): string {
  const b = row.bundle as { entry?: Array<{ resource?: { resourceType?: string; id?: string } }> };
  return b.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource?.id ?? 'unknown';
}

function view(r: ReferralRow) {
  return {
    id: r.id,
    direction: r.direction,
    partnerName: r.partner_name,
    regionName: r.region_name,
    serviceId: r.service_id,
    serviceTitle: r.service_title,
    patient: r.direction === 'outgoing' ? { id: r.patient_id, ...r.local_patient } : r.patient,
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
