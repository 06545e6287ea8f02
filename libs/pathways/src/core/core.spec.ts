import fc from 'fast-check';
import jointComplaints from '../../definitions/joint-complaints.json';
import { jointAnswers } from '../../../../test/support/joint-answers';
import { checkDefinition } from './check';
import { compilePathway } from './compile';
import { toFhirQuestionnaire } from './fhir';
import { replayImpact, runTestCases } from './test-cases';
import type { PathwayDefinition, Question } from './types';

const definition = jointComplaints as unknown as PathwayDefinition;
const joint = compilePathway(definition);

const base = jointAnswers();
const run = (answers: Record<string, unknown>) => {
  const r = joint.run({ ...base, ...answers });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.evaluation;
};

describe('the joint-complaints pathway, as the document says', () => {
  it('passes all of its own test cases, and has at least 20 covering every category', () => {
    const results = runTestCases(joint);
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(20);
    const categories = new Set(definition.testCases.map((t) => t.expected.category));
    expect([...categories].sort()).toEqual(definition.categories.map((c) => c.key).sort());
  });

  it('has a test case in which every rule fires', () => {
    const fired = new Set<string>();
    for (const t of definition.testCases) {
      const r = joint.run(t.answers);
      if (r.ok) r.evaluation.reasons.forEach((x) => fired.add(x.ruleId));
    }
    expect([...fired].sort()).toEqual(definition.rules.map((r) => r.id).sort());
  });

  it('returns every rule that fires, not only the deciding one, in category order', () => {
    const e = run({ acute_hot_swollen_joint: true, fever: true, swollen_joint_count: 3, inflammatory_back_pain: true });
    expect(e.category).toBe('emergency');
    expect(e.reasons.map((r) => r.ruleId)).toEqual([
      'septic_arthritis',
      'acute_hot_swollen_joint',
      'inflammatory_arthritis',
      'axial_spondyloarthritis',
    ]);
    expect(e.instruction?.sv).toMatch(/akutmottagningen i dag/);
  });

  it('#15.2: "Svullen led utan kriterier för tidig remiss" is given only when no higher rule fired', () => {
    const reasonsOf = (answers: Record<string, unknown>) => run(answers).reasons.map((r) => r.ruleId);
    expect(reasonsOf({ swollen_joint_count: 3 })).toEqual(['inflammatory_arthritis']);
    const emergency = reasonsOf({ swollen_joint_count: 1, acute_hot_swollen_joint: true, fever: true });
    expect(emergency).toEqual(['septic_arthritis', 'acute_hot_swollen_joint']);
    expect(reasonsOf({ swollen_joint_count: 1, systemic_features: true })).toEqual(['systemic_disease']);
    expect(reasonsOf({ swollen_joint_count: 2, inflammatory_back_pain: true })).toEqual(['swollen_joint', 'axial_spondyloarthritis']);
    const text = definition.rules.find((r) => r.id === 'swollen_joint')!.reason.sv;
    expect(text).toBe('Svullen led utan kriterier för tidig remiss.');
  });

  it.each([
    [{ swollen_joint_count: 2 }, 'routine'],
    [{ swollen_joint_count: 3 }, 'early_arthritis'],
    [{ swollen_joint_count: 1, morning_stiffness_minutes: 29 }, 'routine'],
    [{ swollen_joint_count: 1, morning_stiffness_minutes: 30 }, 'early_arthritis'],
    [{ age_years: 15 }, 'not_applicable'],
    [{ age_years: 16 }, 'primary_care'],
  ])('edge %j -> %s', (answers, category) => {
    expect(run(answers).category).toBe(category);
  });

  it('scores the 2010 ACR/EULAR domains from what the nurse has', () => {
    expect(
      run({
        swollen_joint_count: 11,
        small_joint_swelling: true,
        rf: 'low_positive',
        acpa: 'high_positive',
        crp_mg_per_l: 12,
        symptom_duration_weeks: 6,
      }).scoreBreakdown,
    ).toEqual({
      joints: 5,
      serology: 3,
      acute_phase: 1,
      duration: 1,
    });
    expect(run({ swollen_joint_count: 1 }).score).toBe(0);
    expect(run({ swollen_joint_count: 2 }).score).toBe(1);
    expect(run({ crp_mg_per_l: 10 }).score).toBe(0);
    expect(run({ crp_mg_per_l: 10.1 }).score).toBe(1);
  });

  it('applies the age 50 thresholds and their hidden questions', () => {
    expect(joint.visibleQuestionIds({ age_years: 49 })).not.toContain('temporal_symptoms');
    expect(joint.visibleQuestionIds({ age_years: 50 })).toEqual(expect.arrayContaining(['temporal_symptoms', 'girdle_pain_stiffness']));
    expect(joint.visibleQuestionIds({ age_years: 50, temporal_symptoms: true })).toContain('visual_disturbance');
    expect(run({ age_years: 50, temporal_symptoms: true, visual_disturbance: false, girdle_pain_stiffness: false }).category).toBe(
      'urgent',
    );
  });
});

describe('validation returns every problem at once', () => {
  it('names missing, wrong type, out of range, unknown, too long and hidden answers', () => {
    const r = joint.validate({
      ...base,
      age_years: 30.5,
      swollen_joint_count: 69,
      fever: 'no',
      rf: 'positive',
      colour: 'blue',
      notes: 'x'.repeat(2001),
      temporal_symptoms: true,
      squeeze_test_positive: undefined,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { field: 'answers.colour', reason: 'is not a question of this pathway', code: 'unknown_field' },
        { field: 'answers.age_years', reason: 'must be a whole number', code: 'not_integer' },
        { field: 'answers.swollen_joint_count', reason: 'must be at most 68', code: 'too_big', params: { limit: 68 } },
        { field: 'answers.fever', reason: 'must be true or false', code: 'invalid_type', params: { expected: 'boolean' } },
        {
          field: 'answers.rf',
          reason: 'must be one of: not_tested, negative, low_positive, high_positive',
          code: 'not_in_options',
          params: { values: 'not_tested, negative, low_positive, high_positive' },
        },
        { field: 'answers.notes', reason: 'must be at most 2000 characters', code: 'too_long', params: { limit: 2000 } },
        { field: 'answers.squeeze_test_positive', reason: 'is required', code: 'required' },
      ]),
    );
    expect(r.issues).toHaveLength(7 + 1);
  });

  it('refuses something that is not an object of answers', () => {
    for (const junk of [null, 3, 'answers', [1, 2]])
      expect(joint.validate(junk)).toEqual({
        ok: false,
        issues: [{ field: 'answers', reason: 'must be an object of answers by question id', code: 'not_an_object' }],
      });
  });

  it('lets an absent optional choice take its declared meaning', () => {
    expect(run({}).scoreBreakdown.serology).toBe(0);
  });
});

describe('checking a definition', () => {
  const clone = (): PathwayDefinition => JSON.parse(JSON.stringify(definition));

  it('accepts the shipped definition', () => {
    expect(checkDefinition(definition)).toMatchObject({ ok: true });
  });

  it('points at each problem: shape, duplicates, categories, fallback, conditions and later questions', () => {
    const d = clone();
    d.rules[0]!.id = d.rules[1]!.id;
    d.rules[2]!.category = 'soon';
    d.categories[5]!.fallback = false;
    d.questions[5]!.shownWhen = { '==': [{ var: 'girdle_pain_stiffness' }, true] };
    d.rules[3]!.when = { '==': [{ var: 'rf' }, 'very_positive'] };
    d.rules[4]!.when = { and: [{ var: 'notes' }] };
    const r = checkDefinition(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => `${i.path}: ${i.reason}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        `rules[1].id: duplicate rule id "${d.rules[1]!.id}"`,
        'rules[2].category: unknown category "soon"',
        expect.stringContaining('categories: exactly one category is the fallback'),
        expect.stringContaining('questions[5].shownWhen.==[0].var: "girdle_pain_stiffness" is not an earlier question'),
        'rules[3].when.==: "very_positive" is not an option of the choice "rf"',
        'rules[4].when.and[0].var: "notes" is free text, which rules never read',
      ]),
    );
  });

  it('reports shape errors with their path', () => {
    const r = checkDefinition({
      ...clone(),
      key: 'Not Kebab',
      questions: [{ id: 'x', type: 'date', label: { sv: 'x', en: 'x' }, required: true }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['key', 'questions[0].type']));
  });
});

describe('impact replay', () => {
  it('counts category changes from what to what', () => {
    const report = replayImpact(joint, [
      { category: 'routine', answers: { ...base, swollen_joint_count: 3 } },
      { category: 'routine', answers: { ...base, swollen_joint_count: 2 } },
      { category: 'urgent', answers: { ...base } },
      { category: 'urgent', answers: { nonsense: true } },
    ]);
    expect(report).toEqual({
      total: 4,
      changed: 2,
      unchanged: 1,
      invalid: 1,
      transitions: [
        { from: 'routine', to: 'early_arthritis', count: 1 },
        { from: 'urgent', to: 'primary_care', count: 1 },
      ],
    });
  });
});

describe('FHIR R4 Questionnaire export', () => {
  const q = toFhirQuestionnaire(definition, { version: 3, status: 'active' });
  const R4_ITEM_TYPES = [
    'group',
    'display',
    'boolean',
    'decimal',
    'integer',
    'date',
    'dateTime',
    'time',
    'string',
    'text',
    'url',
    'choice',
    'open-choice',
    'attachment',
    'reference',
    'quantity',
  ];

  it('has the R4 structure: status, items with linkId and type, enableWhen with question, operator and answer', () => {
    expect(q).toMatchObject({ resourceType: 'Questionnaire', status: 'active', version: '3', name: 'JointComplaints' });
    expect(['draft', 'active', 'retired', 'unknown']).toContain(q.status);
    for (const item of q.item ?? []) {
      expect(item.linkId).toMatch(/^[a-z_]+$/);
      expect(R4_ITEM_TYPES).toContain(item.type);
      for (const w of item.enableWhen ?? []) {
        expect(w.question).toBeTruthy();
        expect(['exists', '=', '!=', '>', '<', '>=', '<=']).toContain(w.operator);
        expect(Object.keys(w).some((k) => k.startsWith('answer'))).toBe(true);
      }
    }
    const visual = q.item!.find((i) => i.linkId === 'visual_disturbance');
    expect(visual?.enableWhen).toEqual([{ question: 'temporal_symptoms', operator: '=', answerBoolean: true }]);
    const rf = q.item!.find((i) => i.linkId === 'rf');
    expect(rf?.answerOption?.map((o) => o.valueCoding?.code)).toEqual(['not_tested', 'negative', 'low_positive', 'high_positive']);
    const age = q.item!.find((i) => i.linkId === 'age_years');
    expect(age?.extension).toEqual(expect.arrayContaining([{ url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 0 }]));
  });
});

/** Random answers that obey the definition: types, ranges and shown-when. */
function validAnswers(d: PathwayDefinition) {
  const arb = (q: Question): fc.Arbitrary<unknown> => {
    switch (q.type) {
      case 'integer':
        return fc.integer({ min: q.min ?? -1000, max: q.max ?? 1000 });
      case 'decimal':
        return fc.double({ min: q.min ?? -1000, max: q.max ?? 1000, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'choice':
        return fc.constantFrom(...(q.options ?? []).map((o) => o.value));
      case 'text':
        return fc.string({ maxLength: q.maxLength ?? 100 });
    }
  };
  const compiled = compilePathway(d);
  return fc
    .record(Object.fromEntries(d.questions.map((q) => [q.id, q.required ? arb(q) : fc.option(arb(q), { nil: undefined })])))
    .map((all) => {
      // Drop what the other answers hide, question by question.
      const answers: Record<string, unknown> = {};
      for (const q of d.questions) {
        answers[q.id] = all[q.id];
        if (!compiled.visibleQuestionIds(answers).includes(q.id)) delete answers[q.id];
        else if (answers[q.id] === undefined) delete answers[q.id];
      }
      return answers;
    });
}

describe('properties', () => {
  const declared = new Set(definition.categories.map((c) => c.key));

  it('random valid answers never throw and always give a declared category', () => {
    fc.assert(
      fc.property(validAnswers(definition), (answers) => {
        const r = joint.run(answers);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(declared.has(r.evaluation.category)).toBe(true);
          expect(r.evaluation.score).toBeGreaterThanOrEqual(0);
          expect(r.evaluation.score).toBeLessThanOrEqual(10);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('random junk never throws: it is refused with issues', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...definition.questions.map((q) => q.id), 'other'), fc.anything())),
        (junk) => {
          const r = joint.run(junk);
          if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('random definitions never crash the checker', () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        expect(() => checkDefinition(junk)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
