/**
 * The region's staffing figures imported from a spreadsheet (issue 19, item 6): one row per specialty and
 * month, semicolon-separated as Swedish Excel saves it (a comma is accepted when the file has no semicolon),
 * decimal commas and spaces between thousands accepted. Pure: the service resolves specialties and writes.
 *
 *   specialitet;månad;hyrläkarveckor;hyrläkarkostnad;internstafettveckor
 *   reumatologi;2017-01;6;1 140 000;4,5
 */
export interface StaffingRow {
  /** The specialty as written (key or label); the service resolves it. */
  specialty: string;
  /** YYYY-MM. */
  month: string;
  hiredDoctorWeeks: number;
  hiredDoctorCost: number;
  internalLocumWeeks: number | null;
  /** 1-based line in the file, for problems found later (an unknown specialty). */
  line: number;
}

export interface StaffingProblem {
  /** `line 3: hiredDoctorCost`, or `csv` for the file as a whole. */
  field: string;
  reason: string;
}

type Field = 'specialty' | 'month' | 'hiredDoctorWeeks' | 'hiredDoctorCost' | 'internalLocumWeeks';

/** Header names, lower-cased, in Swedish and English. */
const HEADERS: Record<string, Field> = {
  specialitet: 'specialty',
  specialty: 'specialty',
  månad: 'month',
  month: 'month',
  hyrläkarveckor: 'hiredDoctorWeeks',
  hireddoctorweeks: 'hiredDoctorWeeks',
  'hired-doctor weeks': 'hiredDoctorWeeks',
  hyrläkarkostnad: 'hiredDoctorCost',
  hireddoctorcost: 'hiredDoctorCost',
  'hired-doctor cost': 'hiredDoctorCost',
  internstafettveckor: 'internalLocumWeeks',
  internallocumweeks: 'internalLocumWeeks',
  'internal locum weeks': 'internalLocumWeeks',
};
const REQUIRED: Field[] = ['specialty', 'month', 'hiredDoctorWeeks', 'hiredDoctorCost'];
export const MAX_STAFFING_ROWS = 5000;
const MAX_WEEKS = 9999;
const MAX_COST = 999_999_999_999;

/** One line's fields: quoted fields may hold the separator and doubled quotes. */
function splitLine(line: string, separator: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"' && current.trim() === '') quoted = true;
    else if (ch === separator) {
      fields.push(current.trim());
      current = '';
    } else current += ch;
  }
  fields.push(current.trim());
  return fields;
}

/** A Swedish or English number: "1 140 000", "4,5", "4.5"; null for text that is not one. */
export function parseAmount(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d+([.,]\d+)?$/.test(compact)) return null;
  return Number(compact.replace(',', '.'));
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseStaffingCsv(text: string): { rows: StaffingRow[]; problems: StaffingProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: StaffingProblem[] = [];
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return { rows: [], problems: [{ field: 'csv', reason: 'is empty: a header line and at least one row are needed' }] };
  const separator = lines[headerAt]!.includes(';') ? ';' : ',';
  const header = splitLine(lines[headerAt]!, separator).map((h) => HEADERS[h.toLowerCase()]);
  const missing = REQUIRED.filter((f) => !header.includes(f));
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [
        {
          field: `line ${headerAt + 1}`,
          reason: `the header lacks ${missing.join(', ')} (specialitet;månad;hyrläkarveckor;hyrläkarkostnad;internstafettveckor)`,
        },
      ],
    };
  }
  const rows: StaffingRow[] = [];
  const seen = new Map<string, number>();
  for (let i = headerAt + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '' || /^[;,\s]*$/.test(raw)) continue;
    const line = i + 1;
    const values = splitLine(raw, separator);
    const get = (f: Field) => values[header.indexOf(f)] ?? '';
    const problem = (f: Field, reason: string) => problems.push({ field: `line ${line}: ${f}`, reason });
    const specialty = get('specialty');
    if (!specialty) problem('specialty', 'is empty');
    const month = get('month');
    if (!MONTH.test(month)) problem('month', `"${month.slice(0, 20)}" is not a month as YYYY-MM`);
    else if (month < '2000-01' || month > '2099-12') problem('month', 'must lie between 2000-01 and 2099-12');
    const amount = (f: Field, max: number, optional: boolean): number | null => {
      const t = get(f);
      if (t === '' && optional) return null;
      const n = parseAmount(t);
      if (n === null) problem(f, t === '' ? 'is empty' : `"${t.slice(0, 20)}" is not a number of zero or more`);
      else if (n > max) problem(f, `must be at most ${max}`);
      return n;
    };
    const hiredDoctorWeeks = amount('hiredDoctorWeeks', MAX_WEEKS, false);
    const hiredDoctorCost = amount('hiredDoctorCost', MAX_COST, false);
    const internalLocumWeeks = header.includes('internalLocumWeeks') ? amount('internalLocumWeeks', MAX_WEEKS, true) : null;
    const key = `${specialty.toLowerCase()}|${month}`;
    if (seen.has(key)) problem('month', `repeats line ${seen.get(key)} (the same specialty and month)`);
    seen.set(key, line);
    rows.push({
      specialty,
      month,
      hiredDoctorWeeks: hiredDoctorWeeks ?? 0,
      hiredDoctorCost: hiredDoctorCost ?? 0,
      internalLocumWeeks,
      line,
    });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ field: 'csv', reason: 'has no rows under the header' });
  if (rows.length > MAX_STAFFING_ROWS) problems.push({ field: 'csv', reason: `has more than ${MAX_STAFFING_ROWS} rows` });
  return { rows, problems };
}
