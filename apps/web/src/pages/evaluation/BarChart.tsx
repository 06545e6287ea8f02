import { useId } from 'react';
import { useT } from '../../i18n';

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics). */
export const SERIES_COLOURS = ['#0b5cad', '#c05621', '#2f855a', '#6b46c1'];

export interface BarSeries {
  name: string;
  /** One value per row; null is "no figure" (drawn as nothing, written as –). */
  values: Array<number | null>;
}

/**
 * A horizontal bar chart drawn as inline SVG (issue 19, item 5): rows are labelled on the left (centre
 * names are long), series side by side within a row. The SVG is one image named by its title; the same
 * figures are in a table under it (opened from a disclosure), which is what a screen reader reads.
 */
export function BarChart({
  title,
  rowHeader,
  rows,
  series,
  format,
}: {
  title: string;
  /** What the rows are (the table's first column header). */
  rowHeader: string;
  rows: string[];
  series: BarSeries[];
  format: (v: number) => string;
}) {
  const { t } = useT();
  const titleId = useId();
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (rows.length === 0 || values.length === 0) {
    return (
      <figure className="ev-chart">
        <figcaption className="ev-chart-title">{title}</figcaption>
        <p className="muted">{t('evChartNoData')}</p>
      </figure>
    );
  }
  const width = 720;
  const labelW = 210;
  const valueW = 70;
  const barH = 14;
  const rowH = series.length * (barH + 3) + 12;
  const top = 4;
  const height = top + rows.length * rowH + 4;
  const max = Math.max(...values, 0) || 1;
  const plotW = width - labelW - valueW;
  const x = (v: number) => (Math.max(0, v) / max) * plotW;
  return (
    <figure className="ev-chart">
      <figcaption className="ev-chart-title" id={titleId}>
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} preserveAspectRatio="xMinYMin meet">
        <line x1={labelW} x2={labelW} y1={0} y2={height} stroke="#1c2430" />
        {rows.map((row, ri) => (
          <g key={ri} transform={`translate(0 ${top + ri * rowH})`}>
            <text x={labelW - 8} y={rowH / 2} dominantBaseline="middle" textAnchor="end" fontSize="12" fill="#1c2430">
              {row.length > 30 ? `${row.slice(0, 29)}…` : row}
            </text>
            {series.map((s, si) => {
              const v = s.values[ri];
              const y = 6 + si * (barH + 3);
              return v === null || v === undefined ? null : (
                <g key={si}>
                  <rect x={labelW + 1} y={y} width={Math.max(1, x(v))} height={barH} fill={SERIES_COLOURS[si % SERIES_COLOURS.length]}>
                    <title>{`${row} · ${s.name}: ${format(v)}`}</title>
                  </rect>
                  <text x={labelW + 5 + x(v)} y={y + barH / 2} dominantBaseline="middle" fontSize="11" fill="#1c2430">
                    {format(v)}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <div className="reports-legend" aria-hidden="true">
          {series.map((s, i) => (
            <span key={s.name}>
              <span className="swatch" style={{ background: SERIES_COLOURS[i % SERIES_COLOURS.length] }} />
              {s.name}
            </span>
          ))}
        </div>
      )}
      <details className="ev-chart-table">
        <summary>{t('evChartAsTable')}</summary>
        <table>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              {series.map((s) => (
                <th key={s.name} scope="col" className="num">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, ri) => (
              <tr key={ri}>
                <th scope="row">{row}</th>
                {series.map((s) => (
                  <td key={s.name} className="num">
                    {s.values[ri] === null || s.values[ri] === undefined ? '–' : format(s.values[ri]!)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
