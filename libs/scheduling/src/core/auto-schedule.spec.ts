import fc from 'fast-check';
import { autoSchedule } from './auto-schedule';
import { firstComeFirstServed, hungarianOptimum } from './baselines';
import { assignmentProblems } from './cost';
import type { SchedulingCase, SchedulingInput, SchedulingSlot } from './types';

const slot = (id: string, centre: string, day: number, extra: Partial<SchedulingSlot> = {}): SchedulingSlot => ({
  id,
  healthCentreId: centre,
  day,
  start: day * 86_400_000 + Number(id.replace(/\D/g, '') || 0),
  specialistId: 'spec',
  ...extra,
});
/** This spec's categories and their weights: the first ten times the next, as the service derives them. */
const WEIGHTS: Record<string, number> = { urgent: 100, early_arthritis: 10, routine: 1 };
const kase = (
  id: string,
  centre: string,
  category: keyof typeof WEIGHTS,
  dueDay: number,
  triagedAt = 0,
  extra: Partial<SchedulingCase> = {},
): SchedulingCase => ({
  id,
  healthCentreId: centre,
  weight: WEIGHTS[category]!,
  dueDay,
  triagedAt,
  ...extra,
});

describe('autoSchedule', () => {
  it('gives the urgent case the earlier slot, even when it came last', () => {
    const input: SchedulingInput = {
      cases: [kase('routine', 'A', 'routine', 90, 1), kase('urgent', 'A', 'urgent', 3, 2)],
      slots: [slot('s1', 'A', 2), slot('s2', 'A', 10)],
      today: 0,
      horizonDay: 30,
    };
    const r = autoSchedule(input);
    expect(r.assignments).toEqual(
      expect.arrayContaining([
        { caseId: 'urgent', slotId: 's1' },
        { caseId: 'routine', slotId: 's2' },
      ]),
    );
    expect(r.metrics.overdue).toBe(0);
    const fcfs = firstComeFirstServed(input);
    expect(fcfs.assignments).toContainEqual({ caseId: 'routine', slotId: 's1' });
    expect(fcfs.metrics.overdue).toBe(1);
  });

  it('never sends a case out of reach, and uses a neighbour only within the travel distance', () => {
    const input: SchedulingInput = {
      cases: [kase('near', 'A', 'urgent', 3, 0, { maxTravelKm: 50 }), kase('far', 'A', 'urgent', 3, 0)],
      slots: [slot('b1', 'B', 1)],
      distanceKm: (a, b) => (a !== b ? 40 : 0),
      today: 0,
      horizonDay: 10,
    };
    const r = autoSchedule(input);
    expect(r.assignments).toEqual([{ caseId: 'near', slotId: 'b1' }]);
    expect(r.unassigned).toEqual([{ caseId: 'far', reason: 'no_slot_in_reach' }]);
    expect(r.metrics.travelKm).toBe(40);
  });

  it('respects a capacity group and says so for the cases it leaves', () => {
    const input: SchedulingInput = {
      cases: [kase('c1', 'A', 'routine', 50), kase('c2', 'A', 'routine', 50), kase('c3', 'A', 'urgent', 3)],
      slots: [
        slot('s1', 'A', 1, { capacityGroup: 'spec-w1' }),
        slot('s2', 'A', 1, { capacityGroup: 'spec-w1' }),
        slot('s3', 'A', 2, { capacityGroup: 'spec-w1' }),
      ],
      capacity: { 'spec-w1': 2 },
      today: 0,
      horizonDay: 60,
    };
    const r = autoSchedule(input);
    expect(r.assignments).toHaveLength(2);
    expect(assignmentProblems(input, r.assignments)).toEqual([]);
    expect(r.assignments.map((a) => a.caseId)).toContain('c3');
    expect(r.unassigned).toEqual([expect.objectContaining({ reason: 'capacity' })]);
  });
});

const instance = fc
  .record({
    centres: fc.integer({ min: 1, max: 3 }),
    cases: fc.array(
      fc.record({
        centre: fc.integer({ min: 0, max: 2 }),
        category: fc.constantFrom('urgent', 'early_arthritis', 'routine'),
        due: fc.integer({ min: -5, max: 40 }),
        triaged: fc.integer({ min: 0, max: 1000 }),
      }),
      { maxLength: 14 },
    ),
    slots: fc.array(
      fc.record({ centre: fc.integer({ min: 0, max: 2 }), day: fc.integer({ min: 0, max: 30 }), group: fc.integer({ min: 0, max: 2 }) }),
      { maxLength: 14 },
    ),
    caps: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })),
  })
  .map((r) => {
    const centre = (i: number) => `C${i % r.centres}`;
    return {
      plain: {
        cases: r.cases.map((c, i) => kase(`k${i}`, centre(c.centre), c.category as 'urgent', c.due, c.triaged)),
        slots: r.slots.map((s, i) => slot(`s${i}`, centre(s.centre), s.day)),
        today: 0,
        horizonDay: 30,
      } satisfies SchedulingInput,
      caps: r.caps,
      groups: r.slots.map((s) => s.group),
    };
  });

describe('properties of the optimiser', () => {
  it('matches the independent Hungarian optimum on random small instances', () => {
    fc.assert(
      fc.property(instance, ({ plain }) => {
        const r = autoSchedule(plain);
        expect(assignmentProblems(plain, r.assignments)).toEqual([]);
        expect(r.metrics.cost).toBe(hungarianOptimum(plain));
      }),
      { numRuns: 300 },
    );
  });

  it('is never worse than first come, first served, and stays valid with capacity groups', () => {
    fc.assert(
      fc.property(instance, ({ plain, caps, groups }) => {
        const withGroups: SchedulingInput = {
          ...plain,
          slots: plain.slots.map((s, i) => (groups[i]! < 2 ? { ...s, capacityGroup: `g${groups[i]}` } : s)),
          capacity: { g0: caps[0], g1: caps[1] },
        };
        for (const input of [plain, withGroups]) {
          const r = autoSchedule(input);
          expect(assignmentProblems(input, r.assignments)).toEqual([]);
          expect(r.metrics.cost).toBeLessThanOrEqual(firstComeFirstServed(input).metrics.cost);
          expect(r.assignments.length + r.unassigned.length).toBe(input.cases.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
