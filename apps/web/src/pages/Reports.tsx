import { type FormEvent, useState } from 'react';
import { api, type Schemas } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Loaded, useLoad } from '../components/useLoad';
import { type ChartGroup, type ChartSpec, chartGroups, REPORT_CHARTS } from '@libs/reporting/src/core/chart';
import { type Lang, useT } from '../i18n';
import { Link } from '../router';
import { downloadFile } from './evaluation/download';
import { type FitColumn, FitTable } from './evaluation/FitTable';
import { StaffingEntry } from './evaluation/StaffingEntry';
import '../reports.css';

type ReportSummary = Schemas['ReportSummary'];
type ReportResult = Schemas['ReportResult'];
type ReportColumn = ReportResult['columns'][number];
type Settings = Schemas['ReportSettings'];
/** A cell as the page shows it: the contract leaves the rows' values open (the reports' data), the columns hold text, numbers or nothing. */
type Value = string | number | null;
type Row = Record<string, Value>;
/** A result with its rows' cells read as the page's values. */
type ReportTableData = Omit<ReportResult, 'rows'> & { rows: Row[] };

const cellOf = (v: unknown): Value =>
  typeof v === 'string' || typeof v === 'number' ? v : v === null || v === undefined ? null : String(v);
function tableOf(result: ReportResult): ReportTableData {
  return { ...result, rows: result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cellOf(v)]))) };
}

const COLOURS = ['#0b5cad', '#c05621', '#2f855a', '#6b46c1'];

/**
 * Which columns a wide report shows on screen (FitTable's ranks; unnamed columns are under a row's
 * details) and, for the invoice, the totals over the period per agreement: what one region bills the other.
 * A report not named here shows every column (it is narrow enough).
 */
interface ReportLayout {
  rank1: string[];
  rank2: string[];
  strong?: string;
  /** Rows summed per group: the group's text columns kept, the `sum` columns added up, the rest left empty. */
  totals?: { group: string[]; sum: string[] };
}
const LAYOUTS: Record<string, ReportLayout> = {
  'agreement-invoice': {
    rank1: ['agreement', 'month', 'total'],
    rank2: ['provider', 'receiver', 'remoteVisitAmount', 'onsiteDayAmount', 'noShowAmount'],
    strong: 'total',
    totals: {
      group: ['agreement', 'provider', 'receiver', 'currency'],
      sum: ['remoteVisits', 'remoteVisitAmount', 'onsiteDays', 'onsiteDayAmount', 'noShows', 'noShowAmount', 'total'],
    },
  },
  staffing: {
    rank1: ['specialty', 'month', 'remoteVisits', 'internalLocumWeeks', 'hiredDoctorWeeks', 'hiredDoctorCost'],
    rank2: ['internalLocumWeeksPlanned', 'internalLocumWeeksRecorded'],
  },
  'patient-notices': {
    rank1: ['healthCentre', 'month', 'visitsWithLink', 'confirmedPercent', 'undelivered'],
    rank2: ['confirmed', 'cancelledByPatient', 'movedByPatient', 'wishes'],
  },
  'waiting-times': {
    rank1: ['pathway', 'categoryLabel', 'visits', 'withinTargetPercent', 'medianDays'],
    rank2: ['dueDays', 'p90Days'],
  },
};

/** Marks a totals row: its month cell says "the whole period". */
const TOTAL = '__total';

/** The period's totals per group, in the order the groups first appear. */
function totalsOf(rows: Row[], totals: NonNullable<ReportLayout['totals']>): Row[] {
  const groups = new Map<string, Row>();
  for (const row of rows) {
    const key = JSON.stringify(totals.group.map((k) => row[k] ?? null));
    let sum = groups.get(key);
    if (!sum) {
      sum = { [TOTAL]: 1, ...Object.fromEntries(totals.group.map((k) => [k, row[k] ?? null])) };
      for (const k of totals.sum) sum[k] = 0;
      groups.set(key, sum);
    }
    // Cents, so that many months of öre add up exactly.
    for (const k of totals.sum) sum[k] = Math.round((Number(sum[k]) + Number(row[k] ?? 0)) * 100) / 100;
  }
  return [...groups.values()];
}

function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The last twelve whole months. */
function defaultPeriod(): { from: string; to: string } {
  const now = new Date();
  return { from: isoDate(new Date(now.getFullYear() - 1, now.getMonth(), 1)), to: isoDate(new Date(now.getFullYear(), now.getMonth(), 0)) };
}

function formatValue(value: Value, column: ReportColumn, lang: Lang, currency = 'SEK'): string {
  if (value === null || value === undefined || value === '') return '–';
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
  switch (column.type) {
    case 'number':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(Number(value));
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Number(value) / 100);
    case 'money':
      return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(Number(value));
    case 'date': {
      const s = String(value);
      const d = new Date(`${s}T12:00:00Z`);
      // A month is given as its first day.
      if (column.key === 'month') return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
    }
    default:
      return String(value);
  }
}

export function Reports() {
  const { t, lang } = useT();
  const reports = useLoad(() => api<ReportSummary[]>('GET', '/reports'), []);
  const [chosen, setChosen] = useState<string>('');
  const [period, setPeriod] = useState(defaultPeriod);
  // The report asked for (a new object on each "Visa rapport", so asking again reads it again).
  const [asked, setAsked] = useState<{ id: string; query: string } | null>(null);
  const result = useLoad(
    () =>
      asked ? api<ReportResult>('GET', `/reports/${encodeURIComponent(asked.id)}?${asked.query}`).then(tableOf) : Promise.resolve(null),
    [asked],
  );
  const [error, setError] = useState<unknown>(null);
  // Issue 17, item 8: Swedish Excel opens semicolons and decimal commas in columns; the default in Swedish.
  const [csvStyle, setCsvStyle] = useState<'excel-sv' | 'rfc4180'>(lang === 'sv' ? 'excel-sv' : 'rfc4180');

  const list = reports.data ?? [];
  const id = chosen || list[0]?.id || '';
  const selected = list.find((r) => r.id === id);
  const query = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;

  const run = (e?: FormEvent) => {
    e?.preventDefault();
    if (!id) return;
    setError(null);
    setAsked({ id, query });
  };
  const busy = asked !== null && result.loading;

  const downloadCsv = async () => {
    setError(null);
    try {
      await downloadFile(`/reports/${encodeURIComponent(id)}?${query}&csvStyle=${csvStyle}`, 'text/csv', `${id}.csv`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="reports" aria-labelledby="reports-heading">
      <h2 id="reports-heading" className="reports-screen-only">
        {t('report_heading')}
      </h2>
      <p className="reports-controls">
        <Link to="/evaluation">{t('evToReports')}</Link>
      </p>
      <Loaded load={reports} failed="report_loadFailed_list">
        {() => (
          <form className="card reports-controls" onSubmit={run}>
            <div className="row">
              <div>
                <label htmlFor="report-id">{t('report_report')}</label>
                <select
                  id="report-id"
                  value={id}
                  onChange={(e) => {
                    setChosen(e.target.value);
                    setAsked(null);
                  }}
                >
                  {list.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.title[lang]}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="report-from">{t('report_from')}</label>
                <input
                  id="report-from"
                  type="date"
                  required
                  value={period.from}
                  onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))}
                />
              </div>
              <div>
                <label htmlFor="report-to">{t('report_to')}</label>
                <input
                  id="report-to"
                  type="date"
                  required
                  value={period.to}
                  min={period.from}
                  onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))}
                />
              </div>
              <button className="primary" type="submit" disabled={busy || !id}>
                {busy ? t('report_running') : t('report_run')}
              </button>
              <div>
                <label htmlFor="report-csv-style">{t('evCsvStyle')}</label>
                <select id="report-csv-style" value={csvStyle} onChange={(e) => setCsvStyle(e.target.value as 'excel-sv' | 'rfc4180')}>
                  <option value="excel-sv">{t('evCsvExcel')}</option>
                  <option value="rfc4180">{t('evCsvRfc')}</option>
                </select>
              </div>
              <button className="secondary" type="button" onClick={() => void downloadCsv()} disabled={!id}>
                {t('report_csv')}
              </button>
              <button className="secondary" type="button" onClick={() => window.print()} disabled={!result.data}>
                {t('report_print')}
              </button>
            </div>
            {selected && <p className="muted">{selected.description[lang]}</p>}
            {id === 'locum-weeks' && <LocumRate onSaved={() => run()} />}
          </form>
        )}
      </Loaded>
      {id === 'staffing' && (
        <div className="card reports-controls">
          <StaffingEntry onSaved={() => run()} />
        </div>
      )}
      <ErrorBox error={error} />
      {asked && (
        <div data-testid="report-result">
          <Loaded load={result} failed="report_loadFailed_result">
            {(r) => r && selected && r.id === id && <ReportView report={selected} result={r} lang={lang} />}
          </Loaded>
        </div>
      )}
    </section>
  );
}

function LocumRate({ onSaved }: { onSaved: () => void }) {
  const { t } = useT();
  const settings = useLoad(() => api<Settings>('GET', '/reports/settings'), []);
  const [typed, setTyped] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const stored = settings.data?.externalLocumWeeklyCost;
  const value = typed ?? (stored === null || stored === undefined ? '' : String(stored));
  const setValue = setTyped;
  const save = async () => {
    setError(null);
    setMessage(null);
    try {
      const trimmed = value.trim().replace(/\s/g, '').replace(',', '.');
      await api('PUT', '/reports/settings', { externalLocumWeeklyCost: trimmed === '' ? null : Number(trimmed) });
      setMessage(t('report_saved'));
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  // The rate is not offered for editing until it is known: saving over an unread value would erase it.
  if (settings.data === undefined)
    return (
      <Loaded load={settings} failed="report_loadFailed_settings">
        {() => null}
      </Loaded>
    );
  return (
    <div className="reports-locum">
      <label htmlFor="locum-rate">
        {t('report_locumRate')}
        <span className="help">{t('report_locumRateHelp')}</span>
      </label>
      <div className="row">
        <input id="locum-rate" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} style={{ maxWidth: 200 }} />
        <button className="secondary" type="button" onClick={() => void save()}>
          {t('report_save')}
        </button>
        {message && (
          <span className="success" role="status">
            {message}
          </span>
        )}
      </div>
      <ErrorBox error={error} />
    </div>
  );
}

function ReportView({ report, result, lang }: { report: ReportSummary; result: ReportTableData; lang: Lang }) {
  const { t } = useT();
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
  const day = (key: string, value: string) => formatValue(value, { key, title: report.title, type: 'date' }, lang);
  const periodText = `${day('from', result.from)} – ${day('to', result.to)}`;
  const spec = REPORT_CHARTS[result.id];
  return (
    <article className="card reports-result">
      <header className="reports-print-header">
        <h2>{report.title[lang]}</h2>
        <p>
          {t('report_period')}: {periodText}
          <span className="reports-print-only">
            {' · '}
            {t('report_generated')}: {new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date())}
          </span>
        </p>
        <p className="muted reports-print-only">{report.description[lang]}</p>
      </header>
      {result.rows.length === 0 ? (
        <p className="muted">{t('report_noRows')}</p>
      ) : (
        <>
          {spec && <Chart spec={spec} result={result} lang={lang} />}
          <ReportTable result={result} lang={lang} />
        </>
      )}
    </article>
  );
}

/** The report's rows as a table that fits the screen (FitTable), with the invoice's totals over the period in its foot. */
function ReportTable({ result, lang }: { result: ReportTableData; lang: Lang }) {
  const { t } = useT();
  const layout = LAYOUTS[result.id];
  const rank = (key: string): 1 | 2 | 3 => (!layout || layout.rank1.includes(key) ? 1 : layout.rank2.includes(key) ? 2 : 3);
  const currencyOf = (row: Row) => (typeof row.currency === 'string' ? row.currency : 'SEK');
  // The server's column order is kept (the CSV's too); a hidden column takes no room, so the total stays last.
  const ordered = result.columns;
  const columns: Array<FitColumn<Row>> = ordered.map((c) => ({
    key: c.key,
    header: c.title[lang],
    rank: rank(c.key),
    num: c.type !== 'text',
    strong: layout?.strong === c.key,
    cell: (row) => (row[TOTAL] && c.key === 'month' ? t('report_wholePeriod') : formatValue(row[c.key] ?? null, c, lang, currencyOf(row))),
  }));
  const first = ordered[0]!;
  const month = ordered.find((c) => c.key === 'month');
  return (
    <FitTable
      caption={t('report_table')}
      captionHidden
      rowHeaders={false}
      columns={columns}
      rows={result.rows}
      footer={layout?.totals ? totalsOf(result.rows, layout.totals) : []}
      rowKey={(_, i) => String(i)}
      rowLabel={(row) =>
        [
          formatValue(row[first.key] ?? null, first, lang),
          month && (row[TOTAL] ? t('report_wholePeriod') : formatValue(row.month ?? null, month, lang)),
        ]
          .filter(Boolean)
          .join(', ')
      }
      testId="report-table"
    />
  );
}

/**
 * An inline SVG chart (no chart library: five fixed charts do not justify one). Rows are grouped by the
 * spec's key columns (`chartGroups`): several centres in a month are summed, two pathways' categories never.
 */
function Chart({ spec, result, lang }: { spec: ChartSpec; result: ReportTableData; lang: Lang }) {
  const { t } = useT();
  const columns = spec.series.map((key) => result.columns.find((c) => c.key === key)).filter((c): c is ReportColumn => !!c);
  const labelColumns = (spec.label ?? spec.key).map((key) => result.columns.find((c) => c.key === key));
  const groups = chartGroups(result.rows, { ...spec, series: columns.map((c) => c.key) });
  if (labelColumns.some((c) => !c) || columns.length === 0 || groups.length === 0) return null;

  const width = 760;
  const height = 260;
  const pad = { left: 64, right: 12, top: 12, bottom: 56 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const step = niceStep(max / 4);
  const top = Math.ceil(max / step) * step;
  const y = (v: number) => pad.top + plotH - (v / top) * plotH;
  const band = plotW / groups.length;
  const barW = Math.max(2, (band * 0.8) / columns.length);
  const label = (g: ChartGroup) => g.label.map((v, i) => formatValue(v, labelColumns[i]!, lang)).join(' · ');
  const tickEvery = Math.ceil(groups.length / 14);
  const title = columns.map((c) => c.title[lang]).join(', ');
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const num = (v: number) =>
    new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', {
      notation: v >= 100_000 ? 'compact' : 'standard',
      maximumFractionDigits: 1,
    }).format(v);

  return (
    <figure className="reports-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${t('report_chart')}: ${title}`} preserveAspectRatio="xMidYMid meet">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#d5dbe3" />
            <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#5a6472">
              {num(v)}
            </text>
          </g>
        ))}
        {spec.kind === 'bar'
          ? groups.map((g, gi) =>
              g.values.map((v, si) => (
                <rect
                  key={`${gi}-${si}`}
                  x={pad.left + gi * band + band * 0.1 + si * barW}
                  y={y(v)}
                  width={barW}
                  height={Math.max(0, pad.top + plotH - y(v))}
                  fill={COLOURS[si % COLOURS.length]}
                >
                  <title>{`${label(g)} · ${columns[si]!.title[lang]}: ${formatValue(v, columns[si]!, lang)}`}</title>
                </rect>
              )),
            )
          : columns.map((c, si) => (
              <g key={c.key}>
                <polyline
                  fill="none"
                  stroke={COLOURS[si % COLOURS.length]}
                  strokeWidth="2.5"
                  points={groups.map((g, gi) => `${pad.left + gi * band + band / 2},${y(g.values[si]!)}`).join(' ')}
                />
                {groups.map((g, gi) => (
                  <circle key={gi} cx={pad.left + gi * band + band / 2} cy={y(g.values[si]!)} r="3.5" fill={COLOURS[si % COLOURS.length]}>
                    <title>{`${label(g)} · ${c.title[lang]}: ${formatValue(g.values[si]!, c, lang)}`}</title>
                  </circle>
                ))}
              </g>
            ))}
        <line x1={pad.left} x2={width - pad.right} y1={pad.top + plotH} y2={pad.top + plotH} stroke="#1c2430" />
        {groups.map((g, gi) =>
          gi % tickEvery === 0 ? (
            <text
              key={gi}
              x={pad.left + gi * band + band / 2}
              y={pad.top + plotH + 14}
              fontSize="11"
              fill="#1c2430"
              textAnchor="end"
              transform={`rotate(-30 ${pad.left + gi * band + band / 2} ${pad.top + plotH + 14})`}
            >
              {truncate(label(g), 30)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="reports-legend">
        {columns.map((c, i) => (
          <span key={c.key}>
            <span className="swatch" style={{ background: COLOURS[i % COLOURS.length] }} aria-hidden="true" />
            {c.title[lang]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function niceStep(raw: number): number {
  if (raw <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
