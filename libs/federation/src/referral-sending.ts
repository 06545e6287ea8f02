import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiError } from '@app/common';
import { granted, patientScopeOf, patientScopeSql, Refusal, ScopedAccess } from '@app/audit';
import { RequestContext } from '@app/identity';
import { CompiledPathway, compilePathway, PathwayDefinition } from '@app/pathways';
import { referralBundle } from './core';
import type { CreateReferralDto } from './federation.dto';
import { FederationKeys } from './federation-keys.service';
import { FederationOutbox } from './outbox';
import { offerView } from './partner-offers';
import { ReferralsService } from './referrals.service';

/**
 * Sending a referral to a partner's service: the caller's patient, the answers to the service's own
 * form, the FHIR Bundle that crosses, written with its outgoing message in one transaction (the outbox).
 */
@Injectable()
export class ReferralSending {
  constructor(
    private readonly access: ScopedAccess,
    private readonly keys: FederationKeys,
    private readonly outbox: FederationOutbox,
    private readonly referrals: ReferralsService,
  ) {}

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
    const id = randomUUID();
    const target = { action: 'create' as const, resourceType: 'FederatedReferral', resourceId: null, notFound: 'Patient' };
    const partnerId = await this.access.run(ctx, target, async (m) => {
      const offer = await this.openOffer(m, ctx, dto.serviceId);
      const params: unknown[] = [dto.patientId];
      const [patient] = await m.query(
        `SELECT p.id, p.personnummer, p.name, p.birth_date::text AS birth_date, p.health_centre_id, h.name AS centre_name
           FROM patient p JOIN health_centre h ON h.id = p.health_centre_id
          WHERE p.id = $1 AND ${patientScopeSql('p', patientScopeOf(ctx.actor), params)}`,
        params,
      );
      if (!patient) return new Refusal('patient not found', null, null, { patientId: dto.patientId });
      this.checkAnswers(offer, dto.answers);
      const a = ctx.actor;
      const [region] = await m.query('SELECT name FROM region WHERE id = $1', [a.regionId]);
      const sentAt = new Date().toISOString();
      const messageId = randomUUID();
      const bundle = referralBundle({
        messageId,
        referralId: id,
        sentAt,
        sender: {
          installationId: await this.keys.installationId(),
          regionName: region.name,
          centreName: patient.centre_name,
          referrerName: a.displayName,
        },
        receiver: { installationId: offer.installationId },
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
      return granted(offer.partnerId, {
        resourceId: id,
        patientId: patient.id,
        detail: {
          fromRegion: region.name,
          toPartner: offer.partnerName,
          toRegion: offer.regionName,
          serviceId: offer.serviceId,
          price: offer.pricePerReferral,
        },
      });
    });
    void this.outbox.kick(partnerId);
    return this.referrals.get(ctx, id);
  }

  /** The service as one of the caller's region's partners offers it, open; a 422 otherwise. */
  private async openOffer(m: EntityManager, ctx: RequestContext, serviceId: string) {
    const [row] = await m.query(
      `SELECT o.*, p.name AS partner_name, p.installation_id FROM federation_offer o JOIN federation_partner p ON p.id = o.partner_id
        WHERE o.service_id = $1 AND p.region_id = $2`,
      [serviceId, ctx.actor.regionId],
    );
    if (!row) {
      throw ApiError.invalid('The referral cannot be sent', [{ field: 'serviceId', reason: "not a service your region's partners offer" }]);
    }
    const offer = offerView(row);
    if (offer.status !== 'open') {
      throw ApiError.invalid('The referral cannot be sent', [{ field: 'serviceId', reason: 'the service is closed' }]);
    }
    return { ...offer, installationId: row.installation_id as string };
  }

  /** The service's own form: the referral carries complete, valid answers or none is sent. */
  private checkAnswers(offer: ReturnType<typeof offerView>, answers: CreateReferralDto['answers']): void {
    if (!offer.form?.definition) return;
    const form = this.compiledForm(`${offer.partnerId}:${offer.serviceId}:${offer.form.version}`, offer.form.definition);
    const result = form?.validate(answers);
    if (result && !result.ok) {
      throw ApiError.invalid(
        "The answers do not fit the service's form",
        result.issues.map((i) => ({ field: i.field.startsWith('answers.') ? i.field : `answers.${i.field}`, reason: i.reason })),
      );
    }
  }
}
