import { csvQuote, csvSafeText } from '@app/common';
import type { ReportColumn } from './report-definitions';

/** Byte order mark, so that Excel reads the file as UTF-8 (å, ä, ö) instead of the system's code page. */
export const UTF8_BOM = '\uFEFF';

/**
 * The two CSV dialects (issue 17, item 8): `rfc4180` (comma, decimal point: for programs) and `excel-sv`
 * (semicolon, decimal comma: what Excel with Swedish regional settings opens in columns).
 */
export const CSV_STYLES = ['rfc4180', 'excel-sv'] as const;
export type CsvStyle = (typeof CSV_STYLES)[number];

function cell(value: unknown, column: ReportColumn, style: CsvStyle): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (column.type === 'text') text = csvSafeText(text);
  if (style === 'excel-sv' && typeof value === 'number') text = text.replace('.', ',');
  return csvQuote(text, style === 'excel-sv' ? ';' : ',');
}

/**
 * CSV: fields separated by commas (`rfc4180`, the default) or semicolons with decimal commas in numbers
 * (`excel-sv`); CRLF line ends; fields with the separator, a quote or a line break quoted and their quotes
 * doubled; a header row of the columns' Swedish titles; UTF-8 with a byte order mark.
 */
export function toCsv(columns: readonly ReportColumn[], rows: ReadonlyArray<Record<string, unknown>>, style: CsvStyle = 'rfc4180'): string {
  const separator = style === 'excel-sv' ? ';' : ',';
  const header = columns.map((c) => cell(c.title.sv, { ...c, type: 'text' }, style)).join(separator);
  const lines = rows.map((row) => columns.map((c) => cell(row[c.key], c, style)).join(separator));
  return `${UTF8_BOM}${[header, ...lines].join('\r\n')}\r\n`;
}
