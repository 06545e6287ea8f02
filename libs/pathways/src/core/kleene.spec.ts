import fc from 'fast-check';
import jointComplaints from '../../definitions/joint-complaints.json';
import { compilePathway, type CompiledPathway } from './compile';
import type { Assessment, PathwayDefinition, Question } from './types';

const joint = compilePathway(jointComplaints as unknown as PathwayDefinition);
type Raw = Record<string, unknown>;

function assessed(c: CompiledPathway, answers: Raw): Assessment {
  const r = c.assess(answers);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.assessment;
}

function valueArb(q: Question): fc.Arbitrary<unknown> {
  switch (q.type) {
    case 'integer':
      return fc.integer({ min: q.min ?? -1000, max: q.max ?? 1000 });
    case 'decimal':
      return fc.oneof(
        fc.integer({ min: q.min ?? -1000, max: q.max ?? 1000 }),
        fc.double({ min: q.min ?? -1000, max: q.max ?? 1000, noNaN: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'choice':
      return fc.constantFrom(...(q.options ?? []).map((o) => o.value));
    case 'text':
      return fc.string({ maxLength: 20 });
  }
}

/** Builds answers question by question: a value is kept only where the answers before show the question. */
function build(c: CompiledPathway, pick: (q: Question) => unknown, fixed: Raw = {}): Raw | null {
  const out: Raw = {};
  for (const q of c.definition.questions) {
    const visible = c.visibleQuestionIds(out).includes(q.id);
    if (fixed[q.id] !== undefined) {
      // A completion keeps every answer given; one that hides an answered question is no completion.
      if (!visible) return null;
      out[q.id] = fixed[q.id];
      continue;
    }
    const v = visible ? pick(q) : undefined;
    if (v !== undefined) out[q.id] = v;
  }
  return out;
}

/** Checks one decided assessment against the full evaluation of one completion. */
function agrees(c: CompiledPathway, a: Assessment, completion: Raw): void {
  const full = c.run(completion);
  if (!full.ok) throw new Error(`not a valid completion: ${JSON.stringify(full.issues)}`);
  expect(full.evaluation.category).toBe(a.category);
  // A complete form lists the reasons of its two-valued evaluation (optional answers left out).
  if (a.complete) return;
  const fired = full.evaluation.reasons.map((r) => r.ruleId);
  // Every reason decided so far stands in the full evaluation, for the decided category too.
  for (const r of a.reasons) expect(fired).toContain(r.ruleId);
  if (a.category !== c.definition.categories.find((x) => x.fallback)?.key) {
    expect(a.reasons.some((r) => r.category === a.category)).toBe(true);
  }
}

describe('#15.2: three-valued evaluation of the joint-complaints pathway', () => {
  it('#15.2: an acute hot joint with fever decides the emergency while every other question is open', () => {
    const a = assessed(joint, { age_years: 45, acute_hot_swollen_joint: true, fever: true });
    expect(a).toMatchObject({ complete: false, decided: true, category: 'emergency', stillMatter: [] });
    expect(a.instruction?.sv).toMatch(/akutmottagningen i dag/);
    expect(a.reasons.map((r) => r.ruleId)).toEqual(['septic_arthritis', 'acute_hot_swollen_joint']);
    expect(a.missing).toEqual(expect.arrayContaining(['squeeze_test_positive', 'morning_stiffness_minutes', 'psoriasis_or_ibd']));
  });

  it('#15.2: an open red flag keeps the outcome undecided and is listed among the questions that still matter', () => {
    const a = assessed(joint, { age_years: 45, swollen_joint_count: 3, small_joint_swelling: false });
    expect(a).toMatchObject({ decided: false, category: null });
    expect(a.stillMatter).toEqual(expect.arrayContaining(['acute_hot_swollen_joint', 'fever', 'systemic_features']));
    // Early arthritis is already decided true; what could only lower the outcome no longer matters.
    expect(a.stillMatter).not.toContain('inflammatory_back_pain');
    expect(a.reasons.map((r) => r.ruleId)).toEqual(['inflammatory_arthritis']);
  });

  it('#15.2: once the red flags are answered no, early arthritis is decided without the rest', () => {
    const a = assessed(joint, {
      age_years: 45,
      acute_hot_swollen_joint: false,
      fever: false,
      immunosuppressed_or_prosthetic_joint: false,
      systemic_features: false,
      swollen_joint_count: 3,
    });
    expect(a).toMatchObject({ decided: true, category: 'early_arthritis', dueInDays: 14, bookable: true, stillMatter: [] });
  });

  it('#15.2: the red-flag questions come first in the shipped form', () => {
    const ids = joint.definition.questions.map((q) => q.id);
    const redFlags = [
      'acute_hot_swollen_joint',
      'fever',
      'immunosuppressed_or_prosthetic_joint',
      'temporal_symptoms',
      'visual_disturbance',
    ];
    expect(ids.slice(0, 6)).toEqual(['age_years', ...redFlags]);
  });

  it('#15.2: a complete form is decided as the two-valued evaluation decides it', () => {
    const complete = joint.definition.testCases[0]!.answers;
    const r = joint.assess(complete);
    const full = joint.run(complete);
    expect(r.ok && full.ok).toBe(true);
    if (r.ok && full.ok) {
      expect(r.evaluation).toEqual(full.evaluation);
      expect(r.assessment).toMatchObject({ complete: true, decided: true, category: full.evaluation.category, missing: [] });
    }
  });

  it('#15.2: anything wrong besides a missing answer is refused with every problem', () => {
    const r = joint.assess({ age_years: 30, girdle_pain_stiffness: true, fever: 'yes' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toEqual(
        expect.arrayContaining([
          { field: 'answers.fever', reason: 'must be true or false', code: 'invalid_type', params: { expected: 'boolean' } },
          {
            field: 'answers.girdle_pain_stiffness',
            reason: 'must not be answered: the other answers hide this question',
            code: 'hidden_question',
          },
          { field: 'answers.swollen_joint_count', reason: 'is required', code: 'required' },
        ]),
      );
    }
  });

  it('#15.2 property: junk never throws: it is refused with issues, or assessed', () => {
    const ids = joint.definition.questions.map((q) => q.id);
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...ids, 'other'), fc.oneof(fc.anything(), fc.integer(), fc.boolean()))),
        (junk) => {
          const r = joint.assess(junk);
          if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
          else expect(r.assessment.decided || r.assessment.stillMatter.length > 0 || r.assessment.complete).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('#15.2 property: whatever the partial answers decide, every completion of them evaluates to the same', () => {
    const questions = joint.definition.questions;
    const raw = fc.record(Object.fromEntries(questions.map((q) => [q.id, fc.option(valueArb(q), { nil: undefined, freq: 3 })])));
    const fill = fc.record(
      Object.fromEntries(questions.map((q) => [q.id, q.required ? valueArb(q) : fc.option(valueArb(q), { nil: undefined })])),
    );
    let decided = 0;
    let completions = 0;
    fc.assert(
      fc.property(raw, fc.array(fill, { minLength: 25, maxLength: 25 }), (given, fills) => {
        const partial = build(joint, (q) => given[q.id])!;
        const a = assessed(joint, partial);
        if (!a.decided) {
          expect(a.stillMatter.length).toBeGreaterThan(0);
          return;
        }
        decided++;
        for (const f of fills) {
          const completion = build(joint, (q) => f[q.id], partial);
          if (completion === null) continue;
          completions++;
          agrees(joint, a, completion);
        }
      }),
      { numRuns: 600 },
    );
    // The property must have been exercised, not vacuously true.
    expect(decided).toBeGreaterThan(60);
    expect(completions).toBeGreaterThan(1000);
  });
});

/**
 * A small pathway with every operator, hidden questions, optional answers with and without
 * absentMeans, a score and a fallback rule: small enough to enumerate every partial answer set
 * and every completion of it.
 */
const small: PathwayDefinition = {
  key: 'small',
  title: { sv: 'Liten', en: 'Small' },
  questions: [
    { id: 'a', type: 'boolean', label: { sv: 'a', en: 'a' }, required: true },
    {
      id: 'b',
      type: 'choice',
      label: { sv: 'b', en: 'b' },
      required: false,
      absentMeans: 'x',
      options: ['x', 'y', 'z'].map((v) => ({ value: v, label: { sv: v, en: v } })),
    },
    { id: 'c', type: 'integer', label: { sv: 'c', en: 'c' }, required: true, min: 0, max: 3, shownWhen: { '==': [{ var: 'a' }, true] } },
    { id: 'd', type: 'boolean', label: { sv: 'd', en: 'd' }, required: false, shownWhen: { '!': { '==': [{ var: 'b' }, 'y'] } } },
    { id: 'e', type: 'integer', label: { sv: 'e', en: 'e' }, required: false, min: 0, max: 2 },
  ],
  score: {
    label: { sv: 'p', en: 'p' },
    max: 4,
    domains: [
      {
        id: 'one',
        label: { sv: 'p', en: 'p' },
        cases: [
          { when: { '>=': [{ var: 'c' }, 2] }, points: 2 },
          { when: { '==': [{ var: 'd' }, true] }, points: 1 },
        ],
      },
      { id: 'two', label: { sv: 'p', en: 'p' }, cases: [{ when: { in: [{ var: 'b' }, ['y', 'z']] }, points: 3 }] },
    ],
  },
  rules: [
    {
      id: 'r1',
      category: 'high',
      when: { and: [{ '==': [{ var: 'a' }, true] }, { '>': [{ var: 'c' }, 2] }] },
      reason: { sv: 'r1', en: 'r1' },
    },
    {
      id: 'r2',
      category: 'high',
      when: { '>=': [{ count: [{ '==': [{ var: 'd' }, true] }, { '!=': [{ var: 'e' }, 1] }, { answered: 'e' }] }, 3] },
      reason: { sv: 'r2', en: 'r2' },
    },
    { id: 'r3', category: 'mid', when: { '>=': [{ var: 'score' }, 4] }, reason: { sv: 'r3', en: 'r3' } },
    {
      id: 'r4',
      category: 'mid',
      when: { or: [{ '<': [{ var: 'e' }, 1] }, { '==': [{ var: 'score.two' }, 3] }] },
      reason: { sv: 'r4', en: 'r4' },
    },
    { id: 'r5', category: 'low', when: { '!=': [{ var: 'b' }, 'z'] }, reason: { sv: 'r5', en: 'r5' }, fallback: true },
    { id: 'r6', category: 'low', when: { '==': [{ var: 'a' }, false] }, reason: { sv: 'r6', en: 'r6' } },
  ],
  categories: [
    { key: 'high', label: { sv: 'h', en: 'h' }, order: 1, dueInDays: 0, bookable: false, inQueue: false },
    { key: 'mid', label: { sv: 'm', en: 'm' }, order: 2, dueInDays: 7, bookable: true, inQueue: true },
    { key: 'low', label: { sv: 'l', en: 'l' }, order: 3, dueInDays: 30, bookable: true, inQueue: true },
    { key: 'rest', label: { sv: 'r', en: 'r' }, order: 4, dueInDays: null, bookable: false, inQueue: false, fallback: true },
  ],
  ranking: [{ key: 'category' }],
  testCases: [],
};

describe('#15.2: three-valued evaluation, enumerated', () => {
  const c = compilePathway(small);
  const domains: Record<string, unknown[]> = { a: [true, false], b: ['x', 'y', 'z'], c: [0, 1, 2, 3], d: [true, false], e: [0, 1, 2] };
  /** Every answer set in which each question is unanswered or has a value of its domain. */
  const all: Raw[] = [{}];
  for (const q of small.questions) {
    const next: Raw[] = [];
    for (const s of all) {
      next.push(s);
      for (const v of domains[q.id]!) next.push({ ...s, [q.id]: v });
    }
    all.splice(0, all.length, ...next);
  }
  const partials = all.filter((s) => c.assess(s).ok);
  const completions = all.filter((s) => c.run(s).ok);

  it('#15.2: for every partial answer set, a decided outcome is the outcome of every completion, and an undecided one has two', () => {
    let decided = 0;
    let checked = 0;
    for (const p of partials) {
      const a = assessed(c, p);
      const mine = completions.filter((s) => Object.entries(p).every(([k, v]) => s[k] === v));
      expect(mine.length).toBeGreaterThan(0);
      if (a.decided) {
        decided++;
        for (const s of mine) {
          agrees(c, a, s);
          checked++;
        }
      } else {
        // Not decided: the answers given leave more than one outcome open, and something still matters.
        expect(a.stillMatter.length).toBeGreaterThan(0);
        const outcomes = new Set(mine.map((s) => (c.run(s) as { ok: true; evaluation: { category: string } }).evaluation.category));
        expect(outcomes.size).toBeGreaterThan(1);
      }
    }
    expect(partials.length).toBeGreaterThan(100);
    expect(decided).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(200);
  });

  it('#15.2: a fallback rule speaks only when no higher category fired', () => {
    const mid = c.run({ a: false, b: 'y' });
    expect(mid.ok && mid.evaluation.reasons.map((r) => r.ruleId)).toEqual(['r4', 'r6']);
    const low = c.run({ a: false, b: 'x', e: 2 });
    expect(low.ok && low.evaluation.reasons.map((r) => r.ruleId)).toEqual(['r5', 'r6']);
  });
});
