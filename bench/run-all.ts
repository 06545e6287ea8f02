/** `npm run bench`: every benchmark in turn, on this machine, with figures and ratios against the issues' targets. */
import { runEvaluationBench } from './evaluation.bench';
import { runFederationBench } from './federation.bench';
import { runPathwaysBench } from './pathways.bench';
import { runReportsBench } from './reports.bench';
import { runSchedulingBench } from './scheduling.bench';
import { runTriageBench } from './triage.bench';
import { runWebLoadBench } from './web-load.bench';

async function main(): Promise<void> {
  const only = process.argv[2];
  const benches: Array<[string, () => Promise<unknown>]> = [
    ['pathways', runPathwaysBench],
    ['triage', runTriageBench],
    ['scheduling', runSchedulingBench],
    ['reports', runReportsBench],
    ['evaluation', runEvaluationBench],
    ['federation', runFederationBench],
    ['web-load', runWebLoadBench],
  ];
  for (const [name, run] of benches) {
    if (only && only !== name) continue;
    await run();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
