import { randomUUID } from 'node:crypto';
import { fhirR4Problems } from '../../../test/support/fhir-r4';
import { visitToFhirBundle, type VisitFhirFacts } from './visit-fhir';

const facts = (outcome: boolean): VisitFhirFacts => ({
  visitId: randomUUID(),
  status: outcome ? 'completed' : 'planned',
  start: '2026-12-01T09:00:00.000Z',
  end: '2026-12-01T09:30:00.000Z',
  patient: { id: randomUUID(), name: 'Test Testsson', personnummer: '197001011234', birthDate: '1970-01-01' },
  specialist: { id: randomUUID(), name: 'Dr Reuma' },
  healthCentre: { id: randomUUID(), name: 'Funäsdalen hälsocentral' },
  outcome: outcome
    ? {
        id: randomUUID(),
        summary: 'Artros <ingen> inflammation & inget mer.',
        diagnosisCodes: [],
        plan: 'discharged',
        instructions: null,
        createdAt: '2026-12-01T09:40:00.000Z',
      }
    : null,
});

describe('#15.11: the visit as a FHIR R4 Bundle', () => {
  it.each([true, false])('#15.11: is valid FHIR R4 and every reference resolves inside the Bundle (with an answer: %s)', (withOutcome) => {
    const bundle = visitToFhirBundle(facts(withOutcome));
    expect(fhirR4Problems(bundle)).toEqual([]);
    expect(bundle.entry).toHaveLength(withOutcome ? 5 : 4);
  });

  it("#15.11: references name the entries' fullUrls, and no empty location list", () => {
    const f = facts(true);
    const bundle = visitToFhirBundle(f);
    const encounter = bundle.entry!.find((e) => e.resource?.resourceType === 'Encounter')!.resource as {
      subject: { reference: string };
      location?: unknown;
    };
    expect(encounter.subject.reference).toBe(`urn:uuid:${f.patient.id}`);
    expect(bundle.entry!.map((e) => e.fullUrl)).toContain(`urn:uuid:${f.patient.id}`);
    expect(encounter).not.toHaveProperty('location');
  });

  it('#15.11: the validator itself refuses what the old export had', () => {
    const bundle = visitToFhirBundle(facts(false));
    const encounter = bundle.entry!.find((e) => e.resource?.resourceType === 'Encounter')!.resource as unknown as Record<string, unknown>;
    encounter.location = [];
    encounter.subject = { reference: 'Patient/x' };
    expect(fhirR4Problems(bundle)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('empty array'),
        expect.stringContaining('"Patient/x" does not resolve inside the Bundle'),
      ]),
    );
  });
});

describe('issue 19: the answer in FHIR names the profession and the plan from data', () => {
  const composition = (f: VisitFhirFacts) =>
    visitToFhirBundle(f).entry!.find((e) => e.resource?.resourceType === 'Composition')!.resource as {
      title: string;
      type: { text: string };
      section: Array<{ title: string; text: { div: string }; code?: { coding: Array<{ code: string }> } }>;
    };
  const plan = (c: ReturnType<typeof composition>) => c.section.find((s) => s.title === 'Plan')!;

  it("titles the answer with the pathway's profession and writes the plan's own words, a follow-up with whom", () => {
    const f = facts(true);
    f.profession = { sv: 'Hudläkare', en: 'Dermatologist' };
    const planLabel = { sv: 'Återbesök efter excision', en: 'After excision' };
    f.outcome = { ...f.outcome!, plan: 'excision_follow_up', planLabel, followUp: true };
    const c = composition(f);
    expect(c.title).toBe('Svar efter videobesök hos hudläkare');
    expect(c.type.text).toBe('Svar från hudläkare');
    expect(plan(c).text.div).toContain('Återbesök efter excision hos hudläkare');
    expect(plan(c).code!.coding[0]!.code).toBe('excision_follow_up');
    expect(JSON.stringify(c)).not.toMatch(/reumatolog/i);
  });

  it("without a profession says specialistläkare; a plan without words is its key, not a follow-up's 'hos'", () => {
    const c = composition(facts(true));
    expect(c.title).toBe('Svar efter videobesök hos specialistläkare');
    expect(plan(c).text.div).toBe('<div xmlns="http://www.w3.org/1999/xhtml">discharged</div>');
  });
});
