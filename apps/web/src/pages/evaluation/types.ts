/** GET /pathways/{key}/evaluation as the page reads it (libs/rollout/src/evaluation-figures.ts). */
export const VERDICTS = [
  'appropriate',
  'should_have_stayed_in_primary_care',
  'should_have_been_more_urgent',
  'should_have_been_less_urgent',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface EvaluationFigures {
  casesSent: number;
  categories: Record<string, number>;
  bookable: number;
  booked: number;
  shareBooked: number | null;
  meanDaysToVisit: number | null;
  shareWithinDueDate: number | null;
  meanDaysBeforeDueDate: number | null;
  feedback: Record<Verdict, number> & { total: number };
  feedbackShares: Record<Verdict, number | null>;
  retriaged: number;
  retriageRate: number | null;
  noShows: number;
  noShowRate: number | null;
  remoteVisitsCompleted: number;
  travelAvoidedKm: number;
  waitingDays: { beforeGoLive: number | null; sinceGoLive: number | null };
  casesSinceGoLive: number;
}

export interface CentreEvaluation extends EvaluationFigures {
  healthCentreId: string;
  healthCentreName: string;
  state: string;
  liveFrom: string | null;
}

export interface EvaluationResult {
  pathwayKey: string;
  from: string;
  to: string;
  sinceGoLive: boolean;
  centres: CentreEvaluation[];
  total: EvaluationFigures;
}

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
