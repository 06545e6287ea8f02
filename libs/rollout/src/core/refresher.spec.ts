import type { PathwayDefinition } from '@app/pathways';
import { SHIPPED_PATHWAYS } from '../../../pathways/src/shipped-pathways';
import { changedQuestions, refresherVignettes } from './refresher';

describe('#19.3 the refresher: only the vignettes that changed since the version she trained on (pure)', () => {
  const v1 = SHIPPED_PATHWAYS[1] as PathwayDefinition;
  const copy = (): PathwayDefinition => JSON.parse(JSON.stringify(v1)) as PathwayDefinition;

  it('asks for nothing when the version changed nothing a vignette shows (a new title, a rule reason reworded)', () => {
    const v2 = copy();
    v2.title = { sv: 'Nytt namn', en: 'New name' };
    v2.rules[0]!.reason = { sv: 'Omformulerad.', en: 'Reworded.' };
    expect(refresherVignettes(v1, v2)).toEqual([]);
    expect(changedQuestions(v1, v2)).toEqual([]);
  });

  it('does not count the key order of a stored definition as a change', () => {
    const reordered = copy();
    reordered.testCases = reordered.testCases.map((c) => ({
      expected: c.expected,
      answers: Object.fromEntries(Object.entries(c.answers).reverse()),
      name: c.name,
    }));
    reordered.questions = reordered.questions.map((q) => Object.fromEntries(Object.entries(q).reverse()) as typeof q);
    expect(refresherVignettes(v1, reordered)).toEqual([]);
  });

  it('takes a vignette whose answers or expected category changed, and one that is new', () => {
    const v2 = copy();
    const first = v2.testCases[0]!;
    v2.testCases[2] = { ...v2.testCases[2]!, expected: { category: 'changed_category' } };
    v2.testCases.push({ name: 'Nytt fall', answers: { ...first.answers }, expected: first.expected });
    const firstKey = Object.keys(first.answers)[0]!;
    v2.testCases[0] = { ...first, answers: { ...first.answers, [firstKey]: 'other' } };
    expect(refresherVignettes(v1, v2)).toEqual([
      { index: 0, name: first.name, reasons: ['answers'], questionIds: [] },
      { index: 2, name: v1.testCases[2]!.name, reasons: ['expected'], questionIds: [] },
      { index: v2.testCases.length - 1, name: 'Nytt fall', reasons: ['new'], questionIds: [] },
    ]);
  });

  it('takes every vignette that answers a question whose definition changed, and only those', () => {
    const v2 = copy();
    // A question some vignettes answer and others do not.
    const answeredBy = (id: string) => v1.testCases.filter((c) => id in c.answers).length;
    const at = v2.questions.findIndex((x) => answeredBy(x.id) > 0 && answeredBy(x.id) < v1.testCases.length);
    const q = v2.questions[at]!;
    v2.questions[at] = { ...q, label: { sv: `${q.label.sv} (ändrad)`, en: `${q.label.en} (changed)` } };
    expect(changedQuestions(v1, v2)).toEqual([q.id]);
    const using = v1.testCases.map((c, index) => ({ c, index })).filter(({ c }) => q.id in c.answers);
    expect(using.length).toBeGreaterThan(0);
    expect(using.length).toBeLessThan(v1.testCases.length);
    const expected = using.map(({ c, index }) => ({ index, name: c.name, reasons: ['question'], questionIds: [q.id] }));
    expect(refresherVignettes(v1, v2)).toEqual(expected);
  });

  it('names added and removed questions as changed; a vignette matched by name keeps its place even when the list is reordered', () => {
    const v2 = copy();
    v2.questions = [...v2.questions.slice(1), { id: 'new_q', type: 'boolean', label: { sv: 'Ny', en: 'New' }, required: false }];
    expect(changedQuestions(v1, v2).sort()).toEqual([v1.questions[0]!.id, 'new_q'].sort());
    const moved = copy();
    moved.testCases = [...moved.testCases].reverse();
    expect(refresherVignettes(v1, moved)).toEqual([]);
  });

  it('matches repeated names by their occurrence: the second of two equal names is compared with the second', () => {
    const base = copy();
    base.testCases = [
      { ...v1.testCases[0]!, name: 'Samma' },
      { ...v1.testCases[1]!, name: 'Samma' },
    ];
    const next: PathwayDefinition = JSON.parse(JSON.stringify(base)) as PathwayDefinition;
    next.testCases[1] = { ...next.testCases[1]!, expected: { category: 'x' } };
    expect(refresherVignettes(base, next).map((v) => v.index)).toEqual([1]);
  });
});
