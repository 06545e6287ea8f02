/**
 * Issue 19, item 5: the evaluation's figures from the sums the database adds up per health centre and
 * category (pure: no Nest, no database). Shares and means are worked out here from
 * counts and sums, so that a centre's figures and the figures of all centres together come from the same
 * additions (a mean of means would weigh a small centre as a large one).
 */
import { TRIAGE_VERDICTS as VERDICTS, type TriageVerdict as Verdict } from './core/verdicts';

/** One group's sums: one health centre, one category. */
export interface EvaluationSums {
  cases: number;
  bookable: number;
  booked: number;
  /** Cases with a visit day (booked, held or not), the days from triage to it, and how many of them were on or before the due date. */
  visits: number;
  daysToVisit: number;
  withinDue: number;
  /** Visits of cases with a due date, and the days from the visit to the due date (negative: late). */
  withDue: number;
  daysBeforeDue: number;
  retriaged: number;
  noShows: number;
  /** Visits that happened or were missed (completed or no-show). */
  visitsDone: number;
  remoteDone: number;
  /** The specialists' verdicts on the cases. */
  fbAppropriate: number;
  fbPrimaryCare: number;
  fbMoreUrgent: number;
  fbLessUrgent: number;
  /** The whole history (not the period): visits of cases triaged before the go-live date and since it. */
  visitsBeforeLive: number;
  daysBeforeLive: number;
  visitsSinceLive: number;
  daysSinceLive: number;
  casesSinceLive: number;
}

export interface EvaluationGroup extends EvaluationSums {
  centreId: string;
  category: string;
}

export interface EvaluationCentre {
  id: string;
  name: string;
  state: string;
  liveFrom: string | null;
  roadDistanceKm: number;
}

export interface EvaluationFigures {
  casesSent: number;
  categories: Record<string, number>;
  /** Of the cases a visit could be booked for, those that got one. */
  bookable: number;
  booked: number;
  shareBooked: number | null;
  /** Days from triage to the visit's day (booked visits), and the share of visits on or before the due date. */
  meanDaysToVisit: number | null;
  shareWithinDueDate: number | null;
  /** Mean days from the visit to its due date: positive is early, negative late. */
  meanDaysBeforeDueDate: number | null;
  feedback: Record<Verdict, number> & { total: number };
  /** Each verdict's share of the feedback given. */
  feedbackShares: Record<Verdict, number | null>;
  retriaged: number;
  retriageRate: number | null;
  noShows: number;
  noShowRate: number | null;
  /** Completed remote visits x the centre's road distance to the hospital, there and back. */
  remoteVisitsCompleted: number;
  travelAvoidedKm: number;
  /** Mean days to the visit for cases triaged before the go-live date and since it (whatever the period). */
  waitingDays: { beforeGoLive: number | null; sinceGoLive: number | null };
  casesSinceGoLive: number;
}

export interface CentreEvaluation extends EvaluationFigures {
  healthCentreId: string;
  healthCentreName: string;
  state: string;
  liveFrom: string | null;
}

const SUM_KEYS: Array<keyof EvaluationSums> = [
  'cases',
  'bookable',
  'booked',
  'visits',
  'daysToVisit',
  'withinDue',
  'withDue',
  'daysBeforeDue',
  'retriaged',
  'noShows',
  'visitsDone',
  'remoteDone',
  'fbAppropriate',
  'fbPrimaryCare',
  'fbMoreUrgent',
  'fbLessUrgent',
  'visitsBeforeLive',
  'daysBeforeLive',
  'visitsSinceLive',
  'daysSinceLive',
  'casesSinceLive',
];

export const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);
const mean = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 100) / 100);
const km = (value: number) => Math.round(value * 10) / 10;

function figures(groups: readonly EvaluationGroup[], travelKm: number): EvaluationFigures {
  const s = Object.fromEntries(SUM_KEYS.map((k) => [k, 0])) as unknown as EvaluationSums;
  const categories: Record<string, number> = {};
  for (const g of groups) {
    for (const k of SUM_KEYS) s[k] += g[k];
    if (g.cases > 0) categories[g.category] = (categories[g.category] ?? 0) + g.cases;
  }
  const feedback: Record<Verdict, number> = {
    appropriate: s.fbAppropriate,
    should_have_stayed_in_primary_care: s.fbPrimaryCare,
    should_have_been_more_urgent: s.fbMoreUrgent,
    should_have_been_less_urgent: s.fbLessUrgent,
  };
  const total = VERDICTS.reduce((n, v) => n + feedback[v], 0);
  return {
    casesSent: s.cases,
    categories,
    bookable: s.bookable,
    booked: s.booked,
    shareBooked: share(s.booked, s.bookable),
    meanDaysToVisit: mean(s.daysToVisit, s.visits),
    shareWithinDueDate: share(s.withinDue, s.visits),
    meanDaysBeforeDueDate: mean(s.daysBeforeDue, s.withDue),
    feedback: { ...feedback, total },
    feedbackShares: Object.fromEntries(VERDICTS.map((v) => [v, share(feedback[v], total)])) as Record<Verdict, number | null>,
    retriaged: s.retriaged,
    retriageRate: share(s.retriaged, s.cases),
    noShows: s.noShows,
    noShowRate: share(s.noShows, s.visitsDone),
    remoteVisitsCompleted: s.remoteDone,
    travelAvoidedKm: km(travelKm),
    waitingDays: { beforeGoLive: mean(s.daysBeforeLive, s.visitsBeforeLive), sinceGoLive: mean(s.daysSinceLive, s.visitsSinceLive) },
    casesSinceGoLive: s.casesSinceLive,
  };
}

const travel = (groups: readonly EvaluationGroup[], centre: EvaluationCentre) =>
  groups.reduce((n, g) => n + g.remoteDone, 0) * 2 * centre.roadDistanceKm;

/** Each centre's figures (every centre listed, those without cases with zeros) and all of them together. */
export function evaluationFigures(centres: readonly EvaluationCentre[], groups: readonly EvaluationGroup[]) {
  const byCentre = new Map<string, EvaluationGroup[]>(centres.map((c) => [c.id, []]));
  for (const g of groups) byCentre.get(g.centreId)?.push(g);
  const rows: CentreEvaluation[] = centres.map((c) => ({
    healthCentreId: c.id,
    healthCentreName: c.name,
    state: c.state,
    liveFrom: c.liveFrom,
    ...figures(byCentre.get(c.id)!, travel(byCentre.get(c.id)!, c)),
  }));
  const total = figures(
    groups,
    centres.reduce((n, c) => n + travel(byCentre.get(c.id)!, c), 0),
  );
  return { centres: rows, total };
}
