/**
 * Issue 6 figures on a region-sized instance: 3 000 open cases across 20 health centres, 6
 * specialists, 12 weeks of sessions. The auto-scheduler's time and quality beside first come,
 * first served (the referral-round habit) and the exact optimum from the independent Hungarian solver.
 */
import {
  autoSchedule,
  firstComeFirstServed,
  hungarianOptimum,
  type SchedulingCase,
  type SchedulingInput,
  type SchedulingSlot,
} from '@app/scheduling/core';
import { mulberry32 } from './pathways/answers';
import { fmt } from './support/bench-db';

/** The instance's categories and their weights: the first ten times the next, as the service derives them. */
const WEIGHTS: Record<string, number> = { urgent: 100, early_arthritis: 10, routine: 1 };

export function regionInstance(seed = 7): SchedulingInput {
  const r = mulberry32(seed);
  const today = 20_000;
  const centres = Array.from({ length: 20 }, (_, i) => `centre-${i}`);
  const cases: SchedulingCase[] = [];
  for (let i = 0; i < 3000; i++) {
    const x = r();
    const category = x < 0.1 ? 'urgent' : x < 0.35 ? 'early_arthritis' : 'routine';
    const due = { urgent: 3, early_arthritis: 14, routine: 90 }[category];
    const triagedDaysAgo = Math.floor(r() * (category === 'urgent' ? 3 : 84));
    cases.push({
      id: `case-${i}`,
      healthCentreId: centres[Math.floor(r() * r() * centres.length)]!,
      weight: WEIGHTS[category]!,
      dueDay: today - triagedDaysAgo + due,
      triagedAt: (today - triagedDaysAgo) * 86_400_000 + Math.floor(r() * 86_400_000),
    });
  }
  // Six specialists, each giving a half-day session (8 slots of 30 minutes) on four weekdays a week,
  // rotating over the centres: 12 weeks x 6 x 4 x 8 = 2 304 slots for 3 000 cases.
  const slots: SchedulingSlot[] = [];
  let n = 0;
  for (let week = 0; week < 12; week++) {
    for (let spec = 0; spec < 6; spec++) {
      for (let weekday = 0; weekday < 4; weekday++) {
        const day = today + week * 7 + weekday + (spec % 2);
        const centre = centres[(week * 24 + spec * 4 + weekday) % centres.length]!;
        for (let k = 0; k < 8; k++)
          slots.push({
            id: `slot-${n++}`,
            healthCentreId: centre,
            day,
            start: day * 86_400_000 + (8 * 60 + k * 30) * 60_000,
            specialistId: `spec-${spec}`,
          });
      }
    }
  }
  return { cases, slots, today, horizonDay: today + 12 * 7 };
}

export async function runSchedulingBench() {
  const input = regionInstance();
  autoSchedule(input); // warm-up
  let best = Infinity;
  let auto = autoSchedule(input);
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    auto = autoSchedule(input);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  const fcfs = firstComeFirstServed(input);
  const t1 = performance.now();
  const optimum = hungarianOptimum(input);
  const exactSeconds = (performance.now() - t1) / 1000;
  const urgent = String(WEIGHTS.urgent);
  const figures = {
    autoSeconds: best,
    autoWeightedLateness: auto.metrics.weightedLateness,
    autoOverdue: auto.metrics.overdue,
    autoOverdueUrgent: auto.metrics.overdueByWeight[urgent] ?? 0,
    fcfsWeightedLateness: fcfs.metrics.weightedLateness,
    fcfsOverdue: fcfs.metrics.overdue,
    fcfsOverdueUrgent: fcfs.metrics.overdueByWeight[urgent] ?? 0,
    autoCost: auto.metrics.cost,
    optimumCost: optimum,
    ratioToOptimum: auto.metrics.cost / optimum,
    exactSeconds,
  };
  console.log('\n== Auto-scheduler: 3 000 cases, 20 centres, 6 specialists, 12 weeks (2 304 slots) ==');
  console.log(
    `auto-scheduler:   ${fmt(best * 1000)} ms (target < 2000 ms); assigned ${auto.metrics.assigned}, overdue ${auto.metrics.overdue} (urgent ${figures.autoOverdueUrgent}), priority-weighted lateness ${auto.metrics.weightedLateness}`,
  );
  console.log(
    `first come, first served: overdue ${fcfs.metrics.overdue} (urgent ${figures.fcfsOverdueUrgent}), priority-weighted lateness ${fcfs.metrics.weightedLateness}`,
  );
  console.log(
    `exact optimum (Hungarian, ${fmt(exactSeconds)} s): objective ${optimum}; auto-scheduler's objective ${auto.metrics.cost}: ratio ${figures.ratioToOptimum.toFixed(6)} (target within 1 %)`,
  );
  return figures;
}

if (require.main === module) {
  runSchedulingBench().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
