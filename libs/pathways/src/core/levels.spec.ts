import jointComplaints from '../../definitions/joint-complaints.json';
import suspectedSkinCancer from '../../definitions/suspected-skin-cancer.json';
import { checkDefinition } from './check';
import { diffDefinitions } from './diff';
import { answerPlanOf, answerPlansOf, DEFAULT_ANSWER_PLANS, levelAndPlanChanges, urgencyOf, urgencyOfKey } from './levels';
import type { Category, PathwayDefinition } from './types';

const category = (over: Partial<Category>): Category => ({
  key: 'c',
  label: { sv: 'C', en: 'C' },
  order: 1,
  dueInDays: 90,
  bookable: true,
  inQueue: true,
  ...over,
});
const shipped = [jointComplaints, suspectedSkinCancer] as unknown as PathwayDefinition[];

describe('urgencyOf', () => {
  it('takes the level the definition gives, whatever the due time says', () => {
    expect(urgencyOf(category({ dueInDays: 14, urgency: 'soon' }))).toBe('soon');
    expect(urgencyOf(category({ dueInDays: 0, inQueue: false, bookable: false, urgency: 'primary_care' }))).toBe('primary_care');
  });

  it('derives emergency for a same-day category that leaves the queue (sent on at once)', () => {
    const emergency = category({ dueInDays: 0, inQueue: false, bookable: false, instruction: { sv: 'Akut', en: 'Now' } });
    expect(urgencyOf(emergency)).toBe('emergency');
  });

  it('derives primary_care for a category outside the queue and not bookable, with or without an instruction', () => {
    const instruction = { sv: 'Fortsatt handläggning på hälsocentralen', en: 'Continue at the centre' };
    expect(urgencyOf(category({ dueInDays: null, inQueue: false, bookable: false, fallback: true, instruction }))).toBe('primary_care');
    expect(urgencyOf(category({ dueInDays: null, inQueue: false, bookable: false }))).toBe('primary_care');
  });

  it('derives urgent up to 14 days, soon up to 42, routine after and without a due time', () => {
    expect(urgencyOf(category({ dueInDays: 1 }))).toBe('urgent');
    expect(urgencyOf(category({ dueInDays: 14 }))).toBe('urgent');
    expect(urgencyOf(category({ dueInDays: 15 }))).toBe('soon');
    expect(urgencyOf(category({ dueInDays: 42 }))).toBe('soon');
    expect(urgencyOf(category({ dueInDays: 43 }))).toBe('routine');
    expect(urgencyOf(category({ dueInDays: null }))).toBe('routine');
  });

  it('is given explicitly for every category of the shipped definitions, and they pass the check', () => {
    for (const d of shipped) {
      expect(checkDefinition(d).ok).toBe(true);
      for (const c of d.categories) expect([c.key, c.urgency]).toEqual([c.key, expect.any(String)]);
    }
    const joint = shipped[0]!;
    expect(joint.categories.map((c) => [c.key, urgencyOf(c)])).toEqual([
      ['emergency', 'emergency'],
      ['not_applicable', 'primary_care'],
      ['urgent', 'urgent'],
      ['early_arthritis', 'soon'],
      ['routine', 'routine'],
      ['primary_care', 'primary_care'],
    ]);
  });

  it('derives for the shipped categories, without their explicit level, what they are given (except a deliberate one)', () => {
    // Early arthritis (due in 14 days) would derive urgent; it is given `soon`, below the 3-day urgent of the same pathway.
    for (const d of shipped) {
      for (const c of d.categories) {
        if (c.key === 'early_arthritis') continue;
        expect([d.key, c.key, urgencyOf({ ...c, urgency: undefined })]).toEqual([d.key, c.key, c.urgency]);
      }
    }
  });

  it('looks a category up by key, undefined for a key the pathway does not have', () => {
    expect(urgencyOfKey(shipped[1], 'suspected_cancer')).toBe('urgent');
    expect(urgencyOfKey(shipped[1], 'early_arthritis')).toBeUndefined();
    expect(urgencyOfKey(null, 'urgent')).toBeUndefined();
  });

  it('refuses a level outside the five, naming the field', () => {
    const d = structuredClone(shipped[0]!) as unknown as { categories: Array<Record<string, unknown>> };
    d.categories[2]!.urgency = 'very_urgent';
    const check = checkDefinition(d);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues.map((i) => i.path)).toEqual(['categories[2].urgency']);
  });
});

describe('answer plans', () => {
  it('are the four of before plans were data when the definition names none or an empty list', () => {
    expect(answerPlansOf(shipped[0]).map((p) => p.key)).toEqual([
      'follow_up_remote',
      'follow_up_primary_care',
      'hospital_referral',
      'discharged',
    ]);
    expect(answerPlansOf({ answerPlans: [] })).toBe(DEFAULT_ANSWER_PLANS);
    expect(DEFAULT_ANSWER_PLANS.filter((p) => p.followUp).map((p) => p.key)).toEqual(['follow_up_remote']);
  });

  it("are the definition's own when it names them; a key it does not have is undefined", () => {
    const own = { answerPlans: [{ key: 'excision_booked', label: { sv: 'Excision bokad', en: 'Excision booked' } }] };
    expect(answerPlansOf(own)).toEqual(own.answerPlans);
    expect(answerPlanOf(own, 'excision_booked')?.label.sv).toBe('Excision bokad');
    expect(answerPlanOf(own, 'discharged')).toBeUndefined();
    expect(answerPlanOf(null, 'discharged')?.label.en).toBe('Discharged');
  });

  it('refuses a duplicate plan key and a key that is not snake_case, naming the field', () => {
    const plan = { key: 'seen', label: { sv: 'Sedd', en: 'Seen' } };
    const check = checkDefinition({ ...shipped[0]!, answerPlans: [plan, { ...plan, followUp: true }, { ...plan, key: 'Bad-Key' }] });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues.map((i) => i.path).sort()).toEqual(['answerPlans[1].key', 'answerPlans[2].key']);
  });
});

describe('levels and plans in the changes in words', () => {
  it('names a category whose level changed (given or derived) and a change of the answer plans', () => {
    const before = structuredClone(shipped[1]!);
    const after = structuredClone(shipped[1]!);
    after.categories.find((c) => c.key === 'urgent')!.urgency = 'soon';
    after.answerPlans = [{ key: 'excision', label: { sv: 'Excision', en: 'Excision' } }];
    const changes = diffDefinitions(before, after);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'categories[urgent].urgency',
          sv: '«Brådskande»: brådskandegraden ändrad från brådskande till snart (inom veckor)',
        }),
        expect.objectContaining({
          path: 'answerPlans',
          en: expect.stringMatching(/^The answer's plans: «Excision» \(were «Remote follow-up», /),
        }),
      ]),
    );
    expect(levelAndPlanChanges(before, structuredClone(before))).toEqual([]);
  });
});
