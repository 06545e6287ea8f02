import type { ReportColumn } from './report-definitions';

/** Byte order mark, so that Excel reads the file as UTF-8 (å, ä, ö) instead of the system's code page. */
export const UTF8_BOM = '\uFEFF';

/** Text that a spreadsheet would run as a formula (CSV injection); such cells get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown, column: ReportColumn): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : String(value);
  if (column.type === 'text' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, fields with a comma, quote or line break quoted and
 * their quotes doubled; a header row of the columns' Swedish titles; UTF-8 with a byte order mark.
 * Numbers keep a decimal point.
 */
export function toCsv(columns: readonly ReportColumn[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const header = columns.map((c) => cell(c.title.sv, { ...c, type: 'text' })).join(',');
  const lines = rows.map((row) => columns.map((c) => cell(row[c.key], c)).join(','));
  return `${UTF8_BOM}${[header, ...lines].join('\r\n')}\r\n`;
}
