import { compilePathway, type PathwayDefinition } from '@app/pathways';
import { SHIPPED_PATHWAYS } from '../../../pathways/src/shipped-pathways';
import { checkVignette, gradeAttempt, vignettesOf } from './training';

describe('#19.3 training vignettes (pure)', () => {
  const skin = SHIPPED_PATHWAYS[1] as PathwayDefinition;
  const compiled = compilePathway(skin);

  it('shows each test case as facts labelled like the form, never its expected category', () => {
    const vignettes = vignettesOf(skin);
    expect(vignettes).toHaveLength(skin.testCases.length);
    expect(JSON.stringify(vignettes)).not.toMatch(/expected|suspected_cancer|primary_care/);
    const pigmented = vignettes[0]!.facts.find((f) => f.questionId === 'pigmented')!;
    expect(pigmented).toEqual({ questionId: 'pigmented', label: skin.questions[1]!.label, value: true });
  });

  it('answers a vignette with the category the answers give, against the expected one', () => {
    expect(checkVignette(compiled, 0, skin.testCases[0]!.answers)).toMatchObject({
      correct: true,
      expected: 'suspected_cancer',
      got: 'suspected_cancer',
    });
    expect(checkVignette(compiled, 0, { ...skin.testCases[5]!.answers })).toMatchObject({ correct: false, got: 'primary_care' });
    expect(checkVignette(compiled, 0, { pigmented: 'yes' })).toMatchObject({ correct: false, invalid: expect.any(Array) });
  });

  it('passes an attempt when the share right, rounded as stored, reaches the mark', () => {
    const right = (n: number, of: number) =>
      Array.from({ length: of }, (_, i) => ({ index: i, correct: i < n, expected: 'a', got: 'a', reasons: [] }));
    expect(gradeAttempt(right(9, 10), 10, 0.9)).toEqual({ score: 0.9, passed: true });
    expect(gradeAttempt(right(8, 10), 10, 0.9)).toEqual({ score: 0.8, passed: false });
    expect(gradeAttempt(right(2, 3), 3, 0.6667)).toEqual({ score: 0.6667, passed: true });
    // A vignette left out counts as wrong: the share is of all the pathway's vignettes.
    expect(gradeAttempt(right(9, 9), 10, 0.95)).toEqual({ score: 0.9, passed: false });
    expect(gradeAttempt([], 0, 0.5)).toEqual({ score: 0, passed: false });
  });
});
