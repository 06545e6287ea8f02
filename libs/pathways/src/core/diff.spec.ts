import { SHIPPED_PATHWAYS } from '../shipped-pathways';
import { diffDefinitions } from './diff';
import { impactInWords } from './impact-words';
import type { PathwayDefinition } from './types';

const joint = SHIPPED_PATHWAYS[0]!;
const clone = (d: PathwayDefinition): PathwayDefinition => JSON.parse(JSON.stringify(d));

describe('diffDefinitions: the changes between two versions in words (#20.3)', () => {
  it('#20.3: nothing changed says nothing', () => {
    expect(diffDefinitions(joint, clone(joint))).toEqual([]);
  });

  it('#20.3: a threshold in a rule is named with its question, old and new value, and the rule it affects', () => {
    const b = clone(joint);
    b.rules = JSON.parse(
      JSON.stringify(b.rules).replace('{">=":[{"var":"morning_stiffness_minutes"},30]}', '{">=":[{"var":"morning_stiffness_minutes"},45]}'),
    );
    const changes = diffDefinitions(joint, b);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'rule', path: 'rules[inflammatory_arthritis]' });
    expect(changes[0]!.sv).toMatch(/^Morgonstelhet \(minuter\): gränsen ändrad från 30 till 45; regeln «Tidig artrit» \(.+\) påverkad$/);
    expect(changes[0]!.en).toMatch(
      /^Morning stiffness \(minutes\): the threshold changed from 30 to 45; the rule «Early arthritis» \(.+\) affected$/,
    );
  });

  it('#20.3: a new question and a new rule using it, a changed reason, a changed category and added test cases', () => {
    const b = clone(joint);
    b.questions.push({ id: 'uric_acid_high', type: 'boolean', label: { sv: 'Högt urat', en: 'High urate' }, required: false });
    b.rules.push({
      id: 'gout_suspected',
      category: 'routine',
      when: { '==': [{ var: 'uric_acid_high' }, true] },
      reason: { sv: 'Misstänkt gikt.', en: 'Suspected gout.' },
    });
    const early = b.rules.find((r) => r.id === 'inflammatory_arthritis')!;
    early.reason = { sv: 'Ny motivering.', en: 'New reason.' };
    b.categories.find((c) => c.key === 'routine')!.dueInDays = 60;
    b.testCases.push(
      { name: 'Gikt A', answers: {}, expected: { category: 'routine' } },
      { name: 'Gikt B', answers: {}, expected: { category: 'routine' } },
    );
    const sv = diffDefinitions(joint, b).map((c) => c.sv);
    expect(sv).toContain('Ny fråga «Högt urat» (ja/nej)');
    expect(sv).toContain('Ny regel «Rutin (vårdgaranti)» (Misstänkt gikt.)');
    expect(sv).toContainEqual(expect.stringMatching(/^Motiveringen ändrad från «.+» till «Ny motivering\.»$/));
    expect(sv).toContainEqual(expect.stringMatching(/^«Rutin \(vårdgaranti\)»: tidsgränsen ändrad från \d+ dagar till 60 dagar$/));
    expect(sv).toContain('2 testfall tillagda: «Gikt A», «Gikt B»');
    const en = diffDefinitions(joint, b).map((c) => c.en);
    expect(en).toContain('New question «High urate» (yes/no)');
    expect(en).toContain('2 test cases added: «Gikt A», «Gikt B»');
  });

  it('#20.3: removals, a changed condition shape, limits and the ranking', () => {
    const b = clone(joint);
    const removed = b.questions.pop()!;
    b.rules = b.rules.filter((r) => JSON.stringify(r.when).indexOf(`"${removed.id}"`) < 0);
    const early = b.rules.find((r) => r.id === 'inflammatory_arthritis')!;
    early.when = { '>=': [{ var: 'swollen_joint_count' }, 2] };
    b.questions.find((x) => x.id === 'morning_stiffness_minutes')!.max = 600;
    b.ranking = [...b.ranking].reverse();
    const sv = diffDefinitions(joint, b).map((c) => c.sv);
    expect(sv).toContain(`Frågan «${removed.label.sv}» borttagen`);
    expect(sv).toContainEqual(expect.stringMatching(/^Villkoret i regeln «Tidig artrit» \(.+\) ändrat \(använder nu .+\)$/));
    expect(sv).toContain('«Morgonstelhet (minuter)»: högsta värdet ändrat från 1440 till 600');
    expect(sv).toContain('Köns rangordning ändrad');
  });
});

describe('impactInWords: the impact preview as sentences (#20.3)', () => {
  it('#20.3: names the categories, the count and the total, in Swedish and English', () => {
    const words = impactInWords(
      { total: 1308, changed: 12, unchanged: 1296, invalid: 0, transitions: [{ from: 'early_arthritis', to: 'routine', count: 12 }] },
      'past_cases',
      joint.categories,
    );
    expect(words.lines).toEqual([
      {
        from: 'early_arthritis',
        to: 'routine',
        count: 12,
        sv: '12 av 1\u00a0308 ärenden flyttas från Tidig artrit till Rutin (vårdgaranti)',
        en: expect.stringMatching(/^12 of 1,308 cases move from Early arthritis to Routine/),
      },
    ]);
    expect(words.summary.sv).toBe('1\u00a0296 av 1\u00a0308 ärenden får samma utfall, 12 ett annat');
  });

  it('#20.3: a category the draft removed keeps its previous label; refused answers are counted; test cases say so', () => {
    const words = impactInWords(
      { total: 3, changed: 1, unchanged: 1, invalid: 1, transitions: [{ from: 'gone', to: 'routine', count: 1 }] },
      'test_cases',
      joint.categories,
      [{ key: 'gone', label: { sv: 'Borttagen', en: 'Removed' }, order: 9, dueInDays: null, bookable: false, inQueue: false }],
    );
    expect(words.lines[0]!.sv).toBe('1 av 3 testfall flyttas från Borttagen till Rutin (vårdgaranti)');
    expect(words.summary.sv).toBe('1 av 3 testfall får samma utfall, 1 ett annat; 1 skulle avvisas (t.ex. en ny obligatorisk fråga)');
  });
});
