import { useCategories } from '../../components/useCategoryLabels';
import { type Key, type Lang, useT } from '../../i18n';
import { BarChart } from './BarChart';
import { type FitColumn, FitTable } from './FitTable';
import { type CentreEvaluation, type EvaluationFigures, type EvaluationResult, VERDICTS } from './types';

type Format = 'count' | 'share' | 'days' | 'km';

/**
 * The figures shown as cards and as the table's columns, in this order; the last is the column's rank in
 * the table (FitTable: 1 always on screen, 2 where there is room, 3 under a centre's details).
 */
const FIGURES: Array<[Key, (f: EvaluationFigures) => number | null, Format, 1 | 2 | 3]> = [
  ['evCasesSent', (f) => f.casesSent, 'count', 1],
  ['evShareBooked', (f) => f.shareBooked, 'share', 1],
  ['evDaysToVisit', (f) => f.meanDaysToVisit, 'days', 2],
  ['evWithinDue', (f) => f.shareWithinDueDate, 'share', 1],
  ['evDaysBeforeDue', (f) => f.meanDaysBeforeDueDate, 'days', 3],
  ['evFeedbackRight', (f) => f.feedbackShares.appropriate, 'share', 2],
  ['evFeedbackGiven', (f) => f.feedback.total, 'count', 3],
  ['evRetriage', (f) => f.retriageRate, 'share', 3],
  ['evNoShow', (f) => f.noShowRate, 'share', 2],
  ['evTravel', (f) => f.travelAvoidedKm, 'km', 3],
  ['evWaitBefore', (f) => f.waitingDays.beforeGoLive, 'days', 2],
  ['evWaitSince', (f) => f.waitingDays.sinceGoLive, 'days', 2],
];

export function useFormat(lang: Lang) {
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return (v: number | null, kind: Format) => (v === null ? '–' : kind === 'share' ? percent.format(v) : number.format(v));
}

/** The evaluation's figures for all the centres shown (or the one chosen), its charts, and every figure per centre. */
export function EvaluationView({ result, lang }: { result: EvaluationResult; lang: Lang }) {
  const { t, pick } = useT();
  const format = useFormat(lang);
  const categories = useCategories();
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
  const date = (d: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`));
  const centres = result.centres;
  const categoryKeys = Object.keys(result.total.categories).sort(
    (a, b) => (categories(a, result.pathwayKey)?.order ?? 99) - (categories(b, result.pathwayKey)?.order ?? 99) || a.localeCompare(b),
  );
  const categoryLabel = (k: string) => pick(categories(k, result.pathwayKey)?.label) || k;
  const names = centres.map((c) => c.healthCentreName);
  const periodText = result.sinceGoLive
    ? `${t('evModeSinceGoLive')} (${date(result.from)} – ${date(result.to)})`
    : `${date(result.from)} – ${date(result.to)}`;
  return (
    <article className="card reports-result" data-testid="evaluation-result">
      <p>
        {t('report_period')}: {periodText}
      </p>
      <dl className="ev-figures" data-testid="evaluation-figures">
        {FIGURES.map(([key, value, kind]) => (
          <div key={key} className="ev-figure">
            <dt>{t(key)}</dt>
            <dd>{format(value(result.total), kind)}</dd>
          </div>
        ))}
      </dl>
      <div className="ev-charts">
        {centres.length > 1 && (
          <BarChart
            title={t('evChartCases')}
            rowHeader={t('evCentre')}
            rows={names}
            series={[{ name: t('evCasesSent'), values: centres.map((c) => c.casesSent) }]}
            format={(v) => format(v, 'count')}
          />
        )}
        <BarChart
          title={t('evChartCategories')}
          rowHeader={t('evChartCategories')}
          rows={categoryKeys.map(categoryLabel)}
          series={[{ name: t('evCasesSent'), values: categoryKeys.map((k) => result.total.categories[k] ?? 0) }]}
          format={(v) => format(v, 'count')}
        />
        <BarChart
          title={t('evChartWaiting')}
          rowHeader={t('evCentre')}
          rows={names}
          series={[
            { name: t('evWaitBefore'), values: centres.map((c) => c.waitingDays.beforeGoLive) },
            { name: t('evWaitSince'), values: centres.map((c) => c.waitingDays.sinceGoLive) },
          ]}
          format={(v) => format(v, 'days')}
        />
        <BarChart
          title={t('evChartFeedback')}
          rowHeader={t('evChartFeedback')}
          rows={VERDICTS.map((v) => t(`verdict_${v}` as Key))}
          series={[{ name: t('evFeedbackGiven'), values: VERDICTS.map((v) => result.total.feedbackShares[v]) }]}
          format={(v) => format(v, 'share')}
        />
      </div>
      <CentreTable result={result} format={format} date={date} categoryKeys={categoryKeys} categoryLabel={categoryLabel} />
    </article>
  );
}

function CentreTable({
  result,
  format,
  date,
  categoryKeys,
  categoryLabel,
}: {
  result: EvaluationResult;
  format: ReturnType<typeof useFormat>;
  date: (d: string) => string;
  categoryKeys: string[];
  categoryLabel: (k: string) => string;
}) {
  const { t } = useT();
  type Line = { name: string; centre: CentreEvaluation | null; figures: EvaluationFigures };
  const columns: Array<FitColumn<Line>> = [
    { key: 'centre', header: t('evCentre'), rank: 1, cell: (l) => l.name },
    { key: 'state', header: t('rolloutState'), rank: 2, cell: (l) => (l.centre ? t(`rollout_${l.centre.state}` as Key) : '') },
    { key: 'liveFrom', header: t('evLiveFrom'), rank: 3, cell: (l) => (l.centre?.liveFrom ? date(l.centre.liveFrom) : '') },
    ...FIGURES.map(([key, value, kind, rank]): FitColumn<Line> => ({
      key,
      header: t(key),
      rank,
      num: true,
      cell: (l) => format(value(l.figures), kind),
    })),
    ...categoryKeys.map((k): FitColumn<Line> => ({
      key: `category-${k}`,
      header: categoryLabel(k),
      rank: 3,
      num: true,
      cell: (l) => format(l.figures.categories[k] ?? 0, 'count'),
    })),
  ];
  return (
    <FitTable
      caption={t('evTable')}
      columns={columns}
      rows={result.centres.map((c) => ({ name: c.healthCentreName, centre: c, figures: c }))}
      footer={result.centres.length > 1 ? [{ name: t('evAllTogether'), centre: null, figures: result.total }] : []}
      rowKey={(l) => l.centre?.healthCentreId ?? 'all'}
      testId="evaluation-table"
    />
  );
}
