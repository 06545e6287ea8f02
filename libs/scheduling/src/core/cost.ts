import type { Assignment, SchedulingCase, SchedulingInput, SchedulingMetrics, SchedulingSlot } from './types';

/**
 * The objective, lexicographic in practice:
 *   1. missing a due day costs OVERDUE_DAYS days of lateness at once, times the case's weight, so
 *      fewer overdue cases, most urgent first, dominates;
 *   2. then priority-weighted lateness: weight × days late;
 *   3. then, far below, seeing patients earlier and travelling less.
 * A case left unassigned costs as if seen the day after the horizon, plus UNASSIGNED so that a free
 * slot is never left empty while a case in reach waits.
 */
export const OVERDUE_DAYS = 30;
const SCALE = 1000;
const UNASSIGNED = 100_000;

export function lateness(c: SchedulingCase, day: number): number {
  return Math.max(0, day - c.dueDay);
}

export function assignCost(c: SchedulingCase, slotDay: number, today: number, travelKm: number): number {
  const late = lateness(c, slotDay);
  return c.weight * ((late > 0 ? OVERDUE_DAYS : 0) + late) * SCALE + (slotDay - today) + Math.round(travelKm);
}

export function unassignedCost(c: SchedulingCase, horizonDay: number): number {
  const late = lateness(c, horizonDay + 1);
  return c.weight * ((late > 0 ? OVERDUE_DAYS : 0) + late) * SCALE + UNASSIGNED;
}

export function travelBetween(input: SchedulingInput, from: string, to: string): number | undefined {
  if (from === to) return 0;
  return input.distanceKm?.(from, to);
}

/** Whether a case may use a slot: its own centre, or a neighbour within its travel distance. */
export function reachable(input: SchedulingInput, c: SchedulingCase, s: Pick<SchedulingSlot, 'healthCentreId'>): number | undefined {
  const km = travelBetween(input, c.healthCentreId, s.healthCentreId);
  if (km === undefined) return undefined;
  if (km > 0 && km > (c.maxTravelKm ?? 0)) return undefined;
  return km;
}

/** One evaluation for every method, so their figures compare fairly. */
export function evaluateAssignment(input: SchedulingInput, assignments: Assignment[]): SchedulingMetrics {
  const slots = new Map(input.slots.map((s) => [s.id, s]));
  const seen = new Map(assignments.map((a) => [a.caseId, slots.get(a.slotId)!]));
  const m: SchedulingMetrics = { assigned: 0, unassigned: 0, overdue: 0, overdueByWeight: {}, weightedLateness: 0, travelKm: 0, cost: 0 };
  for (const c of input.cases) {
    const slot = seen.get(c.id);
    const day = slot ? slot.day : input.horizonDay + 1;
    const late = lateness(c, day);
    if (slot) {
      m.assigned++;
      const km = travelBetween(input, c.healthCentreId, slot.healthCentreId) ?? 0;
      m.travelKm += km;
      m.cost += assignCost(c, slot.day, input.today, km);
    } else {
      m.unassigned++;
      m.cost += unassignedCost(c, input.horizonDay);
    }
    m.weightedLateness += c.weight * late;
    if (late > 0) {
      m.overdue++;
      m.overdueByWeight[String(c.weight)] = (m.overdueByWeight[String(c.weight)] ?? 0) + 1;
    }
  }
  return m;
}

/** Problems with an assignment: slots used twice, cases twice, out of reach, over capacity. Empty when valid. */
export function assignmentProblems(input: SchedulingInput, assignments: Assignment[]): string[] {
  const problems: string[] = [];
  const slots = new Map(input.slots.map((s) => [s.id, s]));
  const cases = new Map(input.cases.map((c) => [c.id, c]));
  const usedSlots = new Set<string>();
  const usedCases = new Set<string>();
  const perGroup = new Map<string, number>();
  for (const a of assignments) {
    const s = slots.get(a.slotId);
    const c = cases.get(a.caseId);
    if (!s || !c) problems.push(`unknown case or slot in ${a.caseId} -> ${a.slotId}`);
    else if (reachable(input, c, s) === undefined) problems.push(`case ${c.id} cannot reach slot ${s.id}`);
    if (usedSlots.has(a.slotId)) problems.push(`slot ${a.slotId} used twice`);
    if (usedCases.has(a.caseId)) problems.push(`case ${a.caseId} assigned twice`);
    usedSlots.add(a.slotId);
    usedCases.add(a.caseId);
    if (s?.capacityGroup) perGroup.set(s.capacityGroup, (perGroup.get(s.capacityGroup) ?? 0) + 1);
  }
  for (const [g, n] of perGroup) {
    const max = input.capacity?.[g];
    if (max !== undefined && n > max) problems.push(`capacity group ${g} uses ${n} of ${max}`);
  }
  return problems;
}

/** A calendar date `YYYY-MM-DD` as a day number (days since 1970-01-01). */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}
