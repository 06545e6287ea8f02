import { Fragment, useId, useState } from 'react';
import { useT } from '../../i18n';

/**
 * A column of a table that must fit its screen (issue 17: the invoice's total was behind a horizontal
 * scroll). `rank` 1 is always shown; 2 is shown where the table is wide enough (a container query in
 * reports.css), else under the row's details; 3 only under the details. Print shows every column.
 */
export interface FitColumn<R> {
  key: string;
  header: string;
  cell: (row: R) => string;
  rank: 1 | 2 | 3;
  num?: boolean;
  /** The figure the table is read for (the total owed): set in bold. */
  strong?: boolean;
}

/**
 * A table whose important columns and totals are seen without scrolling sideways, at 1366 and 768 px:
 * the first column heads each row, the rest of a row's figures are a click away ("Visa detaljer"), and
 * `footer` rows (the totals) stay in the table's foot, in bold.
 */
export function FitTable<R>({
  caption,
  columns,
  rows,
  footer = [],
  rowKey,
  rowLabel,
  testId,
  captionHidden = false,
  rowHeaders = true,
}: {
  caption: string;
  /** The caption for screen readers only, where a heading above already names the table. */
  captionHidden?: boolean;
  /** The first column heads its row (`th scope=row`); false keeps every cell a `td`. */
  rowHeaders?: boolean;
  /** Names the row for the details button (the first column by default). */
  rowLabel?: (row: R) => string;
  columns: Array<FitColumn<R>>;
  rows: R[];
  footer?: R[];
  rowKey: (row: R, index: number) => string;
  testId?: string;
}) {
  const { t } = useT();
  const id = useId();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const hidden = columns.filter((c) => c.rank > 1);
  const toggle = (key: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const cellClass = (c: FitColumn<R>) => [`fit-r${c.rank}`, c.num ? 'num' : '', c.strong ? 'fit-strong' : ''].filter(Boolean).join(' ');

  const line = (row: R, key: string, total: boolean) => {
    const detailsId = `${id}-${key}`;
    const expanded = open.has(key);
    const [first, ...rest] = columns;
    return (
      <Fragment key={key}>
        <tr className={total ? 'fit-total' : undefined} data-row={key}>
          {rowHeaders ? (
            <th scope="row" className={cellClass(first!)}>
              {first!.cell(row)}
            </th>
          ) : (
            <td className={cellClass(first!)} data-column={first!.key}>
              {first!.cell(row)}
            </td>
          )}
          {rest.map((c) => (
            <td key={c.key} className={cellClass(c)} data-column={c.key}>
              {c.cell(row)}
            </td>
          ))}
          {hidden.length > 0 && (
            <td className="fit-toggle">
              <button
                type="button"
                className="link"
                aria-expanded={expanded}
                aria-controls={detailsId}
                // The visible words first (WCAG 2.5.3), then which row.
                aria-label={`${t(expanded ? 'fitHideDetails' : 'fitShowDetails')}: ${rowLabel ? rowLabel(row) : first!.cell(row)}`}
                onClick={() => toggle(key)}
              >
                {t(expanded ? 'fitHideDetails' : 'fitShowDetails')}
              </button>
            </td>
          )}
        </tr>
        {hidden.length > 0 && expanded && (
          <tr className="fit-details-row" id={detailsId}>
            <td colSpan={columns.length + 1}>
              <dl className="fit-details">
                {hidden.map((c) => (
                  <div key={c.key} className={`fit-d${c.rank}`}>
                    <dt>{c.header}</dt>
                    <dd className={c.num ? 'num' : undefined}>{c.cell(row)}</dd>
                  </div>
                ))}
              </dl>
            </td>
          </tr>
        )}
      </Fragment>
    );
  };

  return (
    <div className="fit-wrap reports-table-wrap" data-testid={testId ? `${testId}-wrap` : undefined}>
      <table className="reports-table fit-table" data-testid={testId}>
        <caption className={captionHidden ? 'reports-screen-only' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={cellClass(c)}>
                {c.header}
              </th>
            ))}
            {hidden.length > 0 && (
              <th scope="col" className="fit-toggle">
                <span className="reports-screen-only">{t('fitDetails')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{rows.map((r, i) => line(r, rowKey(r, i), false))}</tbody>
        {footer.length > 0 && <tfoot>{footer.map((r, i) => line(r, `total-${rowKey(r, i)}`, true))}</tfoot>}
      </table>
    </div>
  );
}
