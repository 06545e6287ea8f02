import { assignCost, evaluateAssignment, reachable, unassignedCost } from './cost';
import { MinCostFlow } from './min-cost-flow';
import type { Assignment, SchedulingCase, SchedulingInput, SchedulingResult, SchedulingSlot, UnassignedReason } from './types';

interface Bucket {
  centre: string;
  day: number;
  group: string | undefined;
  slots: SchedulingSlot[];
}

/**
 * The optimal schedule for the objective in cost.ts. Slots of one centre, day and capacity group
 * cost the same to every case, so they are pooled into a bucket; cases, buckets and groups that can
 * reach each other form independent components, each solved exactly as a min-cost flow:
 *   source -> case (1) -> bucket (1, cost of that day) -> group (its capacity) -> sink,
 *   and case -> sink (1, the cost of staying unassigned).
 * Within a bucket the most urgent case takes the earliest slot.
 */
export function autoSchedule(input: SchedulingInput): SchedulingResult {
  const buckets = new Map<string, Bucket>();
  for (const s of input.slots) {
    if (s.day < input.today || s.day > input.horizonDay) continue;
    const key = `${s.healthCentreId}\u0000${s.day}\u0000${s.capacityGroup ?? ''}`;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { centre: s.healthCentreId, day: s.day, group: s.capacityGroup, slots: [] }));
    b.slots.push(s);
  }
  const bucketList = [...buckets.values()];
  for (const b of bucketList) b.slots.sort((x, y) => x.start - y.start);
  const bucketsByCentre = new Map<string, number[]>();
  bucketList.forEach((b, i) => {
    const list = bucketsByCentre.get(b.centre) ?? [];
    list.push(i);
    bucketsByCentre.set(b.centre, list);
  });
  const centres = [...bucketsByCentre.keys()];

  // Reach: each case's buckets, with the travel distance.
  const reach: Array<Array<{ bucket: number; km: number }>> = input.cases.map((c) => {
    const out: Array<{ bucket: number; km: number }> = [];
    for (const centre of centres) {
      const km = reachable(input, c, { healthCentreId: centre });
      if (km === undefined) continue;
      for (const bi of bucketsByCentre.get(centre)!) out.push({ bucket: bi, km });
    }
    return out;
  });

  // Components: union-find over cases, buckets and capacity groups.
  const caseNode = (i: number) => i;
  const bucketNode = (i: number) => input.cases.length + i;
  const groups = [...new Set(bucketList.map((b) => b.group).filter((g): g is string => g !== undefined))];
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  const groupNode = (i: number) => input.cases.length + bucketList.length + i;
  const parent = Array.from({ length: input.cases.length + bucketList.length + groups.length }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  reach.forEach((r, ci) => r.forEach(({ bucket }) => union(caseNode(ci), bucketNode(bucket))));
  bucketList.forEach((b, bi) => {
    if (b.group !== undefined) union(bucketNode(bi), groupNode(groupIndex.get(b.group)!));
  });
  const components = new Map<number, { cases: number[]; buckets: number[]; groups: number[] }>();
  const component = (root: number) => {
    let c = components.get(root);
    if (!c) components.set(root, (c = { cases: [], buckets: [], groups: [] }));
    return c;
  };
  input.cases.forEach((_, ci) => component(find(caseNode(ci))).cases.push(ci));
  bucketList.forEach((_, bi) => component(find(bucketNode(bi))).buckets.push(bi));
  groups.forEach((_, gi) => component(find(groupNode(gi))).groups.push(gi));

  const assignments: Assignment[] = [];
  const unassigned: SchedulingResult['unassigned'] = [];
  const bucketLoad = new Map<number, SchedulingCase[]>();
  const groupUsed = new Map<string, number>();
  const unplaced: number[] = [];

  for (const comp of components.values()) {
    if (comp.cases.length === 0) continue;
    if (comp.buckets.length === 0) {
      for (const ci of comp.cases) unassigned.push({ caseId: input.cases[ci]!.id, reason: 'no_slot_in_reach' });
      continue;
    }
    // Local node numbering: 0 source, 1 sink, then cases, buckets, groups.
    const localCase = new Map(comp.cases.map((ci, i) => [ci, 2 + i]));
    const localBucket = new Map(comp.buckets.map((bi, i) => [bi, 2 + comp.cases.length + i]));
    const localGroup = new Map(comp.groups.map((gi, i) => [gi, 2 + comp.cases.length + comp.buckets.length + i]));
    const flow = new MinCostFlow(2 + comp.cases.length + comp.buckets.length + comp.groups.length);
    const choice: Array<{ ci: number; bi: number; edge: number }> = [];
    for (const ci of comp.cases) {
      const c = input.cases[ci]!;
      const node = localCase.get(ci)!;
      flow.addEdge(0, node, 1, 0);
      flow.addEdge(node, 1, 1, unassignedCost(c, input.horizonDay));
      for (const { bucket, km } of reach[ci]!) {
        choice.push({
          ci,
          bi: bucket,
          edge: flow.addEdge(node, localBucket.get(bucket)!, 1, assignCost(c, bucketList[bucket]!.day, input.today, km)),
        });
      }
    }
    for (const bi of comp.buckets) {
      const b = bucketList[bi]!;
      const to = b.group !== undefined ? localGroup.get(groupIndex.get(b.group)!)! : 1;
      flow.addEdge(localBucket.get(bi)!, to, b.slots.length, 0);
    }
    for (const gi of comp.groups) {
      const cap = input.capacity?.[groups[gi]!];
      flow.addEdge(localGroup.get(gi)!, 1, cap === undefined ? Number.MAX_SAFE_INTEGER : cap, 0);
    }
    flow.run(0, 1, comp.cases.length);
    const placed = new Set<number>();
    for (const { ci, bi, edge } of choice) {
      if (flow.flow(edge) > 0) {
        placed.add(ci);
        const load = bucketLoad.get(bi) ?? [];
        load.push(input.cases[ci]!);
        bucketLoad.set(bi, load);
      }
    }
    for (const ci of comp.cases) if (!placed.has(ci)) unplaced.push(ci);
  }

  for (const [bi, cases] of bucketLoad) {
    const b = bucketList[bi]!;
    cases.sort((x, y) => y.weight - x.weight || x.dueDay - y.dueDay || x.triagedAt - y.triagedAt);
    cases.forEach((c, i) => assignments.push({ caseId: c.id, slotId: b.slots[i]!.id }));
    if (b.group !== undefined) groupUsed.set(b.group, (groupUsed.get(b.group) ?? 0) + cases.length);
  }

  // Why each remaining case waits, once the groups' use is known.
  for (const ci of unplaced) unassigned.push({ caseId: input.cases[ci]!.id, reason: reasonFor(ci) });

  function reasonFor(ci: number): UnassignedReason {
    const r = reach[ci]!;
    if (r.length === 0) return 'no_slot_in_reach';
    const limited = r.every(({ bucket }) => {
      const g = bucketList[bucket]!.group;
      const cap = g === undefined ? undefined : input.capacity?.[g];
      return cap !== undefined && (groupUsed.get(g!) ?? 0) >= cap;
    });
    return limited ? 'capacity' : 'outranked';
  }

  return { assignments, unassigned, metrics: evaluateAssignment(input, assignments) };
}
