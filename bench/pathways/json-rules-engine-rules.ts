import { Engine, type RuleProperties } from 'json-rules-engine';
import { scoreByHand, validateByHand } from './hand-written';

/** The same rules in json-rules-engine (the score as a computed fact), for the benchmark's comparison. */
const ORDER = ['emergency', 'not_applicable', 'urgent', 'early_arthritis', 'routine'];
const f = (fact: string, operator: string, value: unknown) => ({ fact, operator, value });

const RULES: Array<[string, RuleProperties['conditions']]> = [
  [
    'emergency',
    {
      all: [
        f('acute_hot_swollen_joint', 'equal', true),
        { any: [f('fever', 'equal', true), f('immunosuppressed_or_prosthetic_joint', 'equal', true)] },
      ],
    },
  ],
  [
    'emergency',
    { all: [f('age_years', 'greaterThanInclusive', 50), f('temporal_symptoms', 'equal', true), f('visual_disturbance', 'equal', true)] },
  ],
  ['not_applicable', { all: [f('age_years', 'lessThan', 16)] }],
  ['urgent', { all: [f('age_years', 'greaterThanInclusive', 50), f('temporal_symptoms', 'equal', true)] }],
  ['urgent', { all: [f('acute_hot_swollen_joint', 'equal', true)] }],
  ['urgent', { all: [f('systemic_features', 'equal', true)] }],
  [
    'early_arthritis',
    {
      all: [
        f('swollen_joint_count', 'greaterThanInclusive', 1),
        {
          any: [
            f('swollen_joint_count', 'greaterThanInclusive', 3),
            f('squeeze_test_positive', 'equal', true),
            f('morning_stiffness_minutes', 'greaterThanInclusive', 30),
          ],
        },
      ],
    },
  ],
  ['early_arthritis', { all: [f('swollen_joint_count', 'greaterThanInclusive', 1), f('psoriasis_or_ibd', 'equal', true)] }],
  ['early_arthritis', { all: [f('score', 'greaterThanInclusive', 6)] }],
  ['routine', { all: [f('swollen_joint_count', 'greaterThanInclusive', 1)] }],
  ['routine', { all: [f('inflammatory_back_pain', 'equal', true)] }],
  ['routine', { all: [f('age_years', 'greaterThanInclusive', 50), f('girdle_pain_stiffness', 'equal', true)] }],
  [
    'routine',
    {
      all: [
        { any: [f('rf', 'in', ['low_positive', 'high_positive']), f('acpa', 'in', ['low_positive', 'high_positive'])] },
        f('swollen_joint_count', 'equal', 0),
      ],
    },
  ],
];

export function jsonRulesEngine(): (answers: Record<string, unknown>) => Promise<string> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  RULES.forEach(([category, conditions], i) => engine.addRule({ conditions, event: { type: category, params: { rule: i } } }));
  return async (answers) => {
    if (validateByHand(answers)) return 'invalid';
    const facts = { ...answers, score: scoreByHand(answers), rf: answers.rf ?? 'not_tested', acpa: answers.acpa ?? 'not_tested' };
    const { events } = await engine.run(facts);
    let best = ORDER.length;
    for (const e of events) best = Math.min(best, ORDER.indexOf(e.type));
    return best < ORDER.length ? ORDER[best]! : 'primary_care';
  };
}
