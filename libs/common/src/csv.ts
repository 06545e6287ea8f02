/** Text that a spreadsheet would run as a formula (CSV injection); such cells get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that a spreadsheet shows as text, never runs as a formula. */
export function csvSafeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180 quoting for the file's separator: a field with it, a quote or a line break is quoted, its quotes doubled. */
export function csvQuote(text: string, separator: ',' | ';' = ','): string {
  const special = separator === ';' ? /[";\r\n]/ : /[",\r\n]/;
  return special.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
