import { SHIPPED_PATHWAYS } from '../shipped-pathways';
import { checkDefinition } from './check';
import { compilePathway } from './compile';
import { type ConditionNode, fromConditionNode, fromEditorModel, starterDefinition, toConditionNode, toEditorModel } from './editor-model';
import { runTestCases } from './test-cases';
import type { Condition } from './types';

describe("The structured editor's model of a definition (#20.1)", () => {
  it.each(SHIPPED_PATHWAYS.map((d) => [d.key, d] as const))(
    '#20.1: the shipped pathway %s round-trips through the model unchanged',
    (_key, d) => {
      const copy = JSON.parse(JSON.stringify(d));
      const model = toEditorModel(copy);
      expect(fromEditorModel(model)).toEqual(d);
      // Through JSON too (the editor keeps its model in state and saves it as text).
      expect(fromEditorModel(JSON.parse(JSON.stringify(model)))).toEqual(d);
    },
  );

  it('#20.1: the shipped rules are all forms, not raw JSON (the builder can show and change every one)', () => {
    const raws: string[] = [];
    const walk = (n: ReturnType<typeof toConditionNode>, at: string) => {
      if (n.kind === 'raw') raws.push(at);
      if (n.kind === 'all' || n.kind === 'any' || n.kind === 'atLeast') n.items.forEach((x, i) => walk(x, `${at}[${i}]`));
      if (n.kind === 'not') walk(n.item, `${at}.not`);
    };
    for (const d of SHIPPED_PATHWAYS) {
      const m = toEditorModel(d);
      m.rules.forEach((r) => walk(r.when, `${d.key}.rules[${r.id}]`));
      m.questions.forEach((q) => q.shownWhen && walk(q.shownWhen, `${d.key}.questions[${q.id}]`));
    }
    expect(raws).toEqual([]);
  });

  it('#20.1: each form of condition maps to its JSONLogic and back; anything else stays raw and unchanged', () => {
    const cases: Array<[Condition, string]> = [
      [{ '>=': [{ var: 'morning_stiffness_minutes' }, 30] }, 'compare'],
      [{ '==': [{ var: 'fever' }, true] }, 'compare'],
      [{ in: [{ var: 'rf' }, ['low_positive', 'high_positive']] }, 'in'],
      [{ answered: 'crp' }, 'answered'],
      [{ and: [{ '<': [{ var: 'a' }, 1] }, { or: [{ '!=': [{ var: 'b' }, 'x'] }] }] }, 'all'],
      [{ '>=': [{ count: [{ '==': [{ var: 'a' }, true] }, { '>': [{ var: 'b' }, 2] }] }, 1] }, 'atLeast'],
      [{ '!': [{ '==': [{ var: 'a' }, true] }] }, 'not'],
      [true, 'constant'],
      [{ '>=': [{ var: 'score' }, 6] }, 'score'],
      [{ '>': [{ var: 'score.joints' }, 2] }, 'score'],
      [{ '>=': [{ var: 'score' }, 'x'] }, 'raw'],
      [{ '==': [3, { var: 'a' }] }, 'raw'],
      [{ '>': [{ count: [{ '==': [{ var: 'a' }, true] }] }, 1] }, 'raw'],
    ];
    for (const [json, kind] of cases) {
      const node = toConditionNode(json);
      expect([JSON.stringify(json), node.kind]).toEqual([JSON.stringify(json), kind]);
      expect(fromConditionNode(node)).toEqual(json);
    }
  });

  it('#20.1: a change made in the model (a threshold, a new rule with a count) is a valid definition', () => {
    const m = toEditorModel(JSON.parse(JSON.stringify(SHIPPED_PATHWAYS[0]!)));
    const early = m.rules.find((r) => r.id === 'inflammatory_arthritis')!;
    const all = early.when as Extract<ConditionNode, { kind: 'all' | 'any' }>;
    const atLeast = all.items[1] as Extract<ConditionNode, { kind: 'atLeast' }>;
    const stiffness = atLeast.items[2] as Extract<ConditionNode, { kind: 'compare' }>;
    expect(stiffness).toEqual({ kind: 'compare', question: 'morning_stiffness_minutes', op: '>=', value: 30 });
    stiffness.value = 45;
    const d = fromEditorModel(m);
    expect(JSON.stringify(d.rules)).toContain('{">=":[{"var":"morning_stiffness_minutes"},45]}');
    expect(checkDefinition(d).ok).toBe(true);
  });

  it("#20.1: categories' urgency and the answer plans round-trip, and a change of them in the model is a valid definition", () => {
    const d = starterDefinition('nivaer', { sv: 'Nivåer', en: 'Levels' });
    d.categories[0]!.urgency = 'urgent';
    d.answerPlans = [
      { key: 'remote', label: { sv: 'Återbesök på distans', en: 'Remote follow-up' }, followUp: true },
      { key: 'discharged', label: { sv: 'Avslutas', en: 'Discharged' } },
    ];
    const model = toEditorModel(JSON.parse(JSON.stringify(d)));
    expect(fromEditorModel(JSON.parse(JSON.stringify(model)))).toEqual(d);
    model.categories[1]!.urgency = 'primary_care';
    model.answerPlans = [...model.answerPlans!, { key: 'hospital', label: { sv: 'Remiss till sjukhus', en: 'Hospital referral' } }];
    const changed = fromEditorModel(model);
    expect(changed.categories.map((c) => c.urgency)).toEqual(['urgent', 'primary_care']);
    expect(changed.answerPlans!.map((p) => p.key)).toEqual(['remote', 'discharged', 'hospital']);
    expect(checkDefinition(changed).ok).toBe(true);
    // An unknown level is named on its field.
    const wrong = fromEditorModel({ ...model, categories: [{ ...model.categories[0]!, urgency: 'asap' as never }, model.categories[1]!] });
    const checked = checkDefinition(wrong);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.issues.map((i) => i.path)).toContain('categories[0].urgency');
  });

  it('#20.2: the starter template is valid and its test cases pass', () => {
    const d = starterDefinition('ny-fraga', { sv: 'Nytt flöde', en: 'New pathway' });
    const checked = checkDefinition(d);
    expect(checked.ok).toBe(true);
    expect(runTestCases(compilePathway(d)).every((r) => r.passed)).toBe(true);
  });
});
