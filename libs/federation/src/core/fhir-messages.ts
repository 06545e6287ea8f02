import type {
  Bundle,
  BundleEntry,
  Communication,
  MessageHeader,
  Patient,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  ServiceRequest,
} from '@medplum/fhirtypes';

/** Swedish personnummer and samordningsnummer identifier systems (as in the visit export). */
export const PERSONNUMMER_SYSTEM = 'urn:oid:1.2.752.129.2.1.3.1';
export const SAMORDNINGSNUMMER_SYSTEM = 'urn:oid:1.2.752.129.2.1.3.3';
/** Our message events and the service catalogue's ids. */
export const EVENT_SYSTEM = 'urn:ledtriage:federation-event';
export const SERVICE_SYSTEM = 'urn:ledtriage:federation-service';

export type AnswerValue = number | boolean | string;

export interface ReferralMessageInput {
  messageId: string;
  referralId: string;
  sentAt: string;
  sender: { installationId: string; regionName: string; centreName: string; referrerName: string };
  receiver: { installationId: string };
  service: { id: string; title: string; pathwayKey: string; price: number; currency: string };
  /** Only what the service needs: the number, the name and the birth date. */
  patient: { id: string; personnummer: string; name: string; birthDate: string };
  answers: Record<string, AnswerValue>;
}

const ref = (id: string) => ({ reference: `urn:uuid:${id}` });
const entry = (resource: BundleEntry['resource'] & { id?: string }): BundleEntry => ({ fullUrl: `urn:uuid:${resource!.id}`, resource });

/** The referral as a FHIR R4 message: MessageHeader, ServiceRequest, QuestionnaireResponse and Patient. */
export function referralBundle(input: ReferralMessageInput): Bundle {
  const headerId = input.messageId;
  const day = Number(input.patient.personnummer.slice(6, 8));
  const patient: Patient = {
    resourceType: 'Patient',
    id: input.patient.id,
    identifier: [{ system: day > 60 ? SAMORDNINGSNUMMER_SYSTEM : PERSONNUMMER_SYSTEM, value: input.patient.personnummer }],
    name: [{ text: input.patient.name }],
    birthDate: input.patient.birthDate,
  };
  const responseId = `${input.referralId.slice(0, 24)}${'f'.repeat(12)}`;
  const response: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    id: responseId,
    status: 'completed',
    questionnaire: `urn:ledtriage:pathway:${input.service.pathwayKey}`,
    subject: ref(input.patient.id),
    authored: input.sentAt,
    item: Object.entries(input.answers).map(([linkId, v]): QuestionnaireResponseItem => ({ linkId, answer: [answerOf(v)] })),
  };
  if (response.item!.length === 0) delete response.item;
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: input.referralId,
    status: 'active',
    intent: 'order',
    code: { coding: [{ system: SERVICE_SYSTEM, code: input.service.id, display: input.service.title }], text: input.service.title },
    subject: ref(input.patient.id),
    authoredOn: input.sentAt,
    requester: { display: `${input.sender.referrerName}, ${input.sender.centreName}, ${input.sender.regionName}` },
    supportingInfo: [ref(responseId)],
    extension: [
      { url: 'urn:ledtriage:federation:price', valueMoney: { value: input.service.price, currency: input.service.currency as 'SEK' } },
    ],
  };
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: headerId,
    eventCoding: { system: EVENT_SYSTEM, code: 'referral' },
    source: { endpoint: `urn:uuid:${input.sender.installationId}`, name: input.sender.regionName },
    destination: [{ endpoint: `urn:uuid:${input.receiver.installationId}` }],
    focus: [ref(input.referralId)],
  };
  return {
    resourceType: 'Bundle',
    id: input.messageId,
    type: 'message',
    timestamp: input.sentAt,
    entry: [entry(header), entry(request), entry(response), entry(patient)],
  };
}

function answerOf(v: AnswerValue): NonNullable<QuestionnaireResponseItem['answer']>[number] {
  if (typeof v === 'boolean') return { valueBoolean: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { valueInteger: v } : { valueDecimal: v };
  return { valueString: v };
}

export interface ParsedReferral {
  referralId: string;
  serviceId: string;
  sentAt: string;
  price: number;
  currency: string;
  referrer: string;
  patient: { personnummer: string; name: string; birthDate: string };
  answers: Record<string, AnswerValue>;
}

/** Reads a received referral message; every problem is named, nothing is trusted that is not there. */
export function parseReferralBundle(input: unknown): { ok: true; referral: ParsedReferral } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const b = input as Bundle;
  if (!b || b.resourceType !== 'Bundle' || b.type !== 'message') {
    return { ok: false, problems: ['bundle: must be a Bundle of type message'] };
  }
  const byType = <T>(type: string): T | undefined => b.entry?.find((e) => e.resource?.resourceType === type)?.resource as T | undefined;
  const header = b.entry?.[0]?.resource as MessageHeader | undefined;
  if (header?.resourceType !== 'MessageHeader' || header.eventCoding?.code !== 'referral') {
    problems.push('entry[0]: must be the MessageHeader of a referral');
  }
  const request = byType<ServiceRequest>('ServiceRequest');
  const response = byType<QuestionnaireResponse>('QuestionnaireResponse');
  const patient = byType<Patient>('Patient');
  const serviceId = request?.code?.coding?.find((c) => c.system === SERVICE_SYSTEM)?.code;
  const money = request?.extension?.find((x) => x.url === 'urn:ledtriage:federation:price')?.valueMoney;
  const personnummer = patient?.identifier?.find((i) => i.system === PERSONNUMMER_SYSTEM || i.system === SAMORDNINGSNUMMER_SYSTEM)?.value;
  if (!request?.id) problems.push('ServiceRequest: missing');
  if (!serviceId) problems.push('ServiceRequest.code: names no service');
  if (typeof money?.value !== 'number' || !money.currency) problems.push('ServiceRequest.extension(price): missing');
  if (!request?.authoredOn || Number.isNaN(Date.parse(request.authoredOn))) problems.push('ServiceRequest.authoredOn: missing');
  if (!personnummer || !/^\d{12}$/.test(personnummer)) problems.push('Patient.identifier: no personnummer');
  if (!patient?.name?.[0]?.text) problems.push('Patient.name: missing');
  if (!patient?.birthDate) problems.push('Patient.birthDate: missing');
  const answers: Record<string, AnswerValue> = {};
  for (const item of response?.item ?? []) {
    const a = item.answer?.[0];
    const v = a?.valueBoolean ?? a?.valueInteger ?? a?.valueDecimal ?? a?.valueString;
    if (v === undefined) problems.push(`QuestionnaireResponse.item(${item.linkId}): no answer`);
    else answers[item.linkId] = v;
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    referral: {
      referralId: request!.id!,
      serviceId: serviceId!,
      sentAt: request!.authoredOn!,
      price: money!.value!,
      currency: money!.currency!,
      referrer: request!.requester?.display ?? '',
      patient: { personnummer: personnummer!, name: patient!.name![0]!.text!, birthDate: patient!.birthDate! },
      answers,
    },
  };
}

export interface AnswerInput {
  messageId: string;
  referralId: string;
  patientId: string;
  answeredAt: string;
  author: string;
  summary: string;
  sender: { installationId: string; regionName: string };
  receiver: { installationId: string };
}

/** The answer (svar) as a FHIR R4 message: MessageHeader and a Communication based on the referral. */
export function answerBundle(a: AnswerInput): Bundle {
  const communicationId = a.messageId.replace(/^.{8}/, 'c0ffee00');
  const communication: Communication = {
    resourceType: 'Communication',
    id: communicationId,
    status: 'completed',
    // Logical references: the referral and the patient are in the referral's message, not in this one.
    basedOn: [{ identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${a.referralId}` } }],
    subject: { identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${a.patientId}` } },
    sent: a.answeredAt,
    sender: { display: a.author },
    payload: [{ contentString: a.summary }],
  };
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: a.messageId,
    eventCoding: { system: EVENT_SYSTEM, code: 'answer' },
    source: { endpoint: `urn:uuid:${a.sender.installationId}`, name: a.sender.regionName },
    destination: [{ endpoint: `urn:uuid:${a.receiver.installationId}` }],
    focus: [{ reference: `urn:uuid:${communicationId}` }],
  };
  return {
    resourceType: 'Bundle',
    id: a.messageId,
    type: 'message',
    timestamp: a.answeredAt,
    entry: [entry(header), entry(communication)],
  };
}

export function parseAnswerBundle(
  input: unknown,
): { ok: true; summary: string; author: string; answeredAt: string } | { ok: false; problems: string[] } {
  const b = input as Bundle;
  const header = b?.entry?.[0]?.resource as MessageHeader | undefined;
  const c = b?.entry?.find((e) => e.resource?.resourceType === 'Communication')?.resource as Communication | undefined;
  const summary = c?.payload?.[0]?.contentString;
  if (b?.resourceType !== 'Bundle' || b.type !== 'message' || header?.eventCoding?.code !== 'answer') {
    return { ok: false, problems: ['bundle: must be an answer message'] };
  }
  if (!summary || !c?.sent) return { ok: false, problems: ['Communication: no answer text or time'] };
  return { ok: true, summary, author: c.sender?.display ?? '', answeredAt: c.sent };
}

/**
 * The referral and its answer as one FHIR R4 collection (the export): the referral message's
 * resources without its MessageHeader, and the answer's Communication referring to them inside.
 */
export function referralExport(id: string, timestamp: string, referral: Bundle, answer: Bundle | null): Bundle {
  const entries = (referral.entry ?? []).filter((e) => e.resource?.resourceType !== 'MessageHeader');
  const request = entries.find((e) => e.resource?.resourceType === 'ServiceRequest');
  const patient = entries.find((e) => e.resource?.resourceType === 'Patient');
  const c = answer?.entry?.find((e) => e.resource?.resourceType === 'Communication')?.resource as Communication | undefined;
  if (c && request && patient) {
    entries.push({
      fullUrl: `urn:uuid:${c.id}`,
      resource: { ...c, basedOn: [{ reference: request.fullUrl }], subject: { reference: patient.fullUrl } },
    });
  }
  return { resourceType: 'Bundle', id, type: 'collection', timestamp, entry: entries };
}
