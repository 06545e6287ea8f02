import { useCategories } from '../../components/useCategoryLabels';
import { type Key, type Lang, useT } from '../../i18n';
import { BarChart } from './BarChart';
import { type CentreEvaluation, type EvaluationFigures, type EvaluationResult, VERDICTS } from './types';

type Format = 'count' | 'share' | 'days' | 'km';

/** The figures shown as cards and as the table's columns, in this order. */
const FIGURES: Array<[Key, (f: EvaluationFigures) => number | null, Format]> = [
  ['evCasesSent', (f) => f.casesSent, 'count'],
  ['evShareBooked', (f) => f.shareBooked, 'share'],
  ['evDaysToVisit', (f) => f.meanDaysToVisit, 'days'],
  ['evWithinDue', (f) => f.shareWithinDueDate, 'share'],
  ['evDaysBeforeDue', (f) => f.meanDaysBeforeDueDate, 'days'],
  ['evFeedbackRight', (f) => f.feedbackShares.appropriate, 'share'],
  ['evFeedbackGiven', (f) => f.feedback.total, 'count'],
  ['evRetriage', (f) => f.retriageRate, 'share'],
  ['evNoShow', (f) => f.noShowRate, 'share'],
  ['evTravel', (f) => f.travelAvoidedKm, 'km'],
  ['evWaitBefore', (f) => f.waitingDays.beforeGoLive, 'days'],
  ['evWaitSince', (f) => f.waitingDays.sinceGoLive, 'days'],
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
  const row = (name: string, c: CentreEvaluation | null, f: EvaluationFigures) => (
    <tr key={c?.healthCentreId ?? 'total'} className={c ? undefined : 'ev-total'}>
      <th scope="row">{name}</th>
      <td>{c ? t(`rollout_${c.state}` as Key) : ''}</td>
      <td>{c?.liveFrom ? date(c.liveFrom) : ''}</td>
      {FIGURES.map(([key, value, kind]) => (
        <td key={key} className="num">
          {format(value(f), kind)}
        </td>
      ))}
      {categoryKeys.map((k) => (
        <td key={k} className="num">
          {format(f.categories[k] ?? 0, 'count')}
        </td>
      ))}
    </tr>
  );
  return (
    <div className="reports-table-wrap">
      <table className="reports-table" data-testid="evaluation-table">
        <caption>{t('evTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evCentre')}</th>
            <th scope="col">{t('rolloutState')}</th>
            <th scope="col">{t('evLiveFrom')}</th>
            {FIGURES.map(([key]) => (
              <th key={key} scope="col" className="num">
                {t(key)}
              </th>
            ))}
            {categoryKeys.map((k) => (
              <th key={k} scope="col" className="num">
                {categoryLabel(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.centres.map((c) => row(c.healthCentreName, c, c))}
          {result.centres.length > 1 && row(t('evAllTogether'), null, result.total)}
        </tbody>
      </table>
    </div>
  );
}
