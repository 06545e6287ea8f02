import { assignCost, evaluateAssignment, reachable, unassignedCost } from './cost';
import type { Assignment, SchedulingInput, SchedulingResult } from './types';

/** The referral-round habit: cases in triage order, each taking the earliest free slot in reach. */
export function firstComeFirstServed(input: SchedulingInput): SchedulingResult {
  const slots = input.slots.filter((s) => s.day >= input.today && s.day <= input.horizonDay).sort((a, b) => a.start - b.start);
  const used = new Set<string>();
  const groupUsed = new Map<string, number>();
  const assignments: Assignment[] = [];
  const unassigned: SchedulingResult['unassigned'] = [];
  for (const c of [...input.cases].sort((a, b) => a.triagedAt - b.triagedAt)) {
    let found = false;
    let inReach = false;
    for (const s of slots) {
      if (used.has(s.id) || reachable(input, c, s) === undefined) continue;
      inReach = true;
      const cap = s.capacityGroup === undefined ? undefined : input.capacity?.[s.capacityGroup];
      if (cap !== undefined && (groupUsed.get(s.capacityGroup!) ?? 0) >= cap) continue;
      used.add(s.id);
      if (s.capacityGroup !== undefined) groupUsed.set(s.capacityGroup, (groupUsed.get(s.capacityGroup) ?? 0) + 1);
      assignments.push({ caseId: c.id, slotId: s.id });
      found = true;
      break;
    }
    if (!found) unassigned.push({ caseId: c.id, reason: inReach ? 'outranked' : 'no_slot_in_reach' });
  }
  return { assignments, unassigned, metrics: evaluateAssignment(input, assignments) };
}

/**
 * An independent exact solver for checking the optimiser: the Hungarian algorithm on the full
 * case x (slot + own "unassigned" column) cost matrix, per health centre. It ignores capacity
 * groups and travel to neighbours, so it serves instances without them. Returns the optimal cost.
 */
export function hungarianOptimum(input: SchedulingInput): number {
  const INF = 1e15;
  let total = 0;
  const centres = new Set(input.cases.map((c) => c.healthCentreId));
  for (const centre of centres) {
    const cases = input.cases.filter((c) => c.healthCentreId === centre);
    const slots = input.slots.filter((s) => s.healthCentreId === centre && s.day >= input.today && s.day <= input.horizonDay);
    const n = cases.length;
    const m = slots.length + n;
    const cost = (i: number, j: number): number => {
      const c = cases[i]!;
      if (j < slots.length) return reachable(input, c, slots[j]!) === undefined ? INF : assignCost(c, slots[j]!.day, input.today, 0);
      return j - slots.length === i ? unassignedCost(c, input.horizonDay) : INF;
    };
    // e-maxx formulation, 1-indexed, rows <= columns.
    const u = new Float64Array(n + 1);
    const v = new Float64Array(m + 1);
    const p = new Int32Array(m + 1);
    const way = new Int32Array(m + 1);
    for (let i = 1; i <= n; i++) {
      p[0] = i;
      let j0 = 0;
      const minv = new Float64Array(m + 1).fill(Infinity);
      const usedCol = new Uint8Array(m + 1);
      do {
        usedCol[j0] = 1;
        const i0 = p[j0]!;
        let delta = Infinity;
        let j1 = 0;
        for (let j = 1; j <= m; j++) {
          if (usedCol[j]) continue;
          const cur = cost(i0 - 1, j - 1) - u[i0]! - v[j]!;
          if (cur < minv[j]!) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j]! < delta) {
            delta = minv[j]!;
            j1 = j;
          }
        }
        for (let j = 0; j <= m; j++) {
          if (usedCol[j]) {
            u[p[j]!]! += delta;
            v[j]! -= delta;
          } else minv[j]! -= delta;
        }
        j0 = j1;
      } while (p[j0] !== 0);
      do {
        const j1 = way[j0]!;
        p[j0] = p[j1]!;
        j0 = j1;
      } while (j0 !== 0);
    }
    for (let j = 1; j <= m; j++) if (p[j]! > 0) total += cost(p[j]! - 1, j - 1);
  }
  return total;
}
