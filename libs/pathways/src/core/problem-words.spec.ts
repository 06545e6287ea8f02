import { checkDefinition } from './check';
import { problemInSwedish } from './problem-words';

describe('problemInSwedish (#20.1)', () => {
  it("#20.1: the issue's minimal draft answers in Swedish, not with zod's English", () => {
    const checked = checkDefinition({
      key: 'gikt',
      title: { sv: 'Gikt' },
      questions: [],
      rules: [],
      categories: [],
      ranking: [],
      testCases: [],
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const title = checked.issues.find((i) => i.path === 'title.en')!;
    expect(title.reason).toMatch(/^Invalid input: expected string, received undefined$/);
    expect(problemInSwedish(title.reason)).toBe('måste fyllas i');
  });

  it("#20.1: the engine's reasons", () => {
    expect(problemInSwedish('unknown question "attacks_per_year"')).toBe('okänd fråga "attacks_per_year"');
    expect(problemInSwedish('">" compares numbers, not a boolean')).toBe('">" jämför tal, inte ja/nej');
    expect(problemInSwedish('no rule leads to "urgent"')).toBe('ingen regel leder till "urgent"');
    expect(problemInSwedish('something new')).toBe('something new');
  });
});
