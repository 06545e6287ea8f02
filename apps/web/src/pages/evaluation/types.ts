import type { Schemas } from '../../api';
export { TRIAGE_VERDICTS as VERDICTS } from '@libs/rollout/src/core/verdicts';

/** GET /pathways/{key}/evaluation, as its OpenAPI schema says (the figures: libs/rollout/src/evaluation-figures.ts). */
export type EvaluationResult = Schemas['PathwayEvaluation'];
export type CentreEvaluation = EvaluationResult['centres'][number];
export type EvaluationFigures = EvaluationResult['total'];

export type PeriodMode = 'sinceGoLive' | 'all' | 'period';

export interface EvaluationFilter {
  pathway: string;
  /** '' for every centre of the region. */
  centre: string;
  mode: PeriodMode;
  from: string;
  to: string;
}

/** The api's query for a filter (the CSV style is added by the download). */
export function evaluationQuery(f: EvaluationFilter): string {
  const q = new URLSearchParams();
  if (f.centre) q.set('healthCentreId', f.centre);
  if (f.mode === 'sinceGoLive') q.set('sinceGoLive', 'true');
  if (f.mode === 'period') {
    if (f.from) q.set('from', f.from);
    if (f.to) q.set('to', f.to);
  }
  return q.toString();
}
