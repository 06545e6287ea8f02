import type { Bundle, Composition, Encounter, Organization, Patient, Practitioner } from '@medplum/fhirtypes';

export interface VisitFhirFacts {
  visitId: string;
  status: string;
  start: string;
  end: string;
  patient: { id: string; name: string; personnummer: string; birthDate: string };
  specialist: { id: string; name: string };
  healthCentre: { id: string; name: string };
  outcome: {
    id: string;
    summary: string;
    diagnosisCodes: string[];
    plan: string;
    /** The plan's words in the case's pathway (issue 19: plans are data); none: the plan's key. */
    planLabel?: { sv: string; en: string } | null;
    /** The plan opens a follow-up with the same specialist ("... hos hudläkare"). */
    followUp?: boolean;
    instructions: string | null;
    createdAt: string;
  } | null;
  /** The profession of the pathway's specialty (issue 19: from data, e.g. Reumatolog, Hudläkare); none: a specialist. */
  profession?: { sv: string; en: string } | null;
}

/** Swedish personnummer and samordningsnummer identifier systems (OIDs of Skatteverket's numbers). */
const PERSONNUMMER_SYSTEM = 'urn:oid:1.2.752.129.2.1.3.1';
const SAMORDNINGSNUMMER_SYSTEM = 'urn:oid:1.2.752.129.2.1.3.3';
const ICD10_SE_SYSTEM = 'urn:oid:1.2.752.116.1.1.1';

/** Entries are named by `urn:uuid:<id>` (every id is a UUID), and references name them so, so they resolve inside the Bundle. */
const ref = (id: string) => ({ reference: `urn:uuid:${id}` });

/** The visit as FHIR R4: an Encounter of the `virtual` class and the answer as a Composition, in a collection Bundle. */
export function visitToFhirBundle(f: VisitFhirFacts): Bundle {
  const day = Number(f.patient.personnummer.slice(6, 8));
  const patient: Patient = {
    resourceType: 'Patient',
    id: f.patient.id,
    identifier: [{ system: day > 60 ? SAMORDNINGSNUMMER_SYSTEM : PERSONNUMMER_SYSTEM, value: f.patient.personnummer }],
    name: [{ text: f.patient.name }],
    birthDate: f.patient.birthDate,
  };
  const practitioner: Practitioner = { resourceType: 'Practitioner', id: f.specialist.id, name: [{ text: f.specialist.name }] };
  const organization: Organization = { resourceType: 'Organization', id: f.healthCentre.id, name: f.healthCentre.name };
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id: f.visitId,
    status:
      f.status === 'completed'
        ? 'finished'
        : f.status === 'in_progress'
          ? 'in-progress'
          : f.status === 'cancelled' || f.status === 'no_show'
            ? 'cancelled'
            : 'planned',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR', display: 'virtual' },
    subject: ref(f.patient.id),
    participant: [{ individual: ref(f.specialist.id) }],
    serviceProvider: ref(f.healthCentre.id),
    period: { start: f.start, end: f.end },
  };
  const entries: Bundle['entry'] = [patient, practitioner, organization, encounter].map((resource) => ({
    fullUrl: `urn:uuid:${resource.id}`,
    resource,
  }));
  if (f.outcome) {
    const o = f.outcome;
    const who = f.profession ? f.profession.sv.toLowerCase() : 'specialistläkare';
    const planText = o.planLabel?.sv ?? o.plan;
    const composition: Composition = {
      resourceType: 'Composition',
      id: o.id,
      status: 'final',
      type: { coding: [{ system: 'http://loinc.org', code: '11488-4', display: 'Consult note' }], text: `Svar från ${who}` },
      subject: ref(f.patient.id),
      encounter: ref(f.visitId),
      date: o.createdAt,
      author: [ref(f.specialist.id)],
      custodian: ref(f.healthCentre.id),
      title: `Svar efter videobesök hos ${who}`,
      section: [
        { title: 'Bedömning', text: { status: 'generated', div: xhtml(o.summary) } },
        {
          title: 'Diagnoser',
          // FHIR allows no empty list: the code only when there are diagnoses.
          ...(o.diagnosisCodes.length > 0 ? { code: { coding: o.diagnosisCodes.map((code) => ({ system: ICD10_SE_SYSTEM, code })) } } : {}),
          text: { status: 'generated', div: xhtml(o.diagnosisCodes.join(', ') || '-') },
        },
        {
          title: 'Plan',
          code: { coding: [{ system: 'urn:ledtriage:plan', code: o.plan }] },
          text: { status: 'generated', div: xhtml(o.followUp ? `${planText} hos ${who}` : planText) },
        },
        ...(o.instructions
          ? [{ title: 'Instruktioner till hälsocentralen', text: { status: 'generated' as const, div: xhtml(o.instructions) } }]
          : []),
      ],
    };
    entries.push({ fullUrl: `urn:uuid:${o.id}`, resource: composition });
  }
  return { resourceType: 'Bundle', type: 'collection', timestamp: new Date().toISOString(), entry: entries };
}

function xhtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<div xmlns="http://www.w3.org/1999/xhtml">${escaped}</div>`;
}
