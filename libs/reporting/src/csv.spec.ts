import { toCsv, UTF8_BOM } from './csv';
import type { ReportColumn } from './report-definitions';

const columns: ReportColumn[] = [
  { key: 'name', title: { sv: 'Hälsocentral', en: 'Health centre' }, type: 'text' },
  { key: 'n', title: { sv: 'Antal, "alla"', en: 'Count' }, type: 'number' },
];

describe('report CSV (RFC 4180)', () => {
  it('writes a BOM, Swedish titles, CRLF and quotes only where needed', () => {
    const csv = toCsv(columns, [
      { name: 'Funäsdalen hälsocentral', n: 3 },
      { name: 'Sveg, "norra"\nhus', n: 1.5 },
      { name: null, n: null },
    ]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe('Hälsocentral,"Antal, ""alla"""\r\nFunäsdalen hälsocentral,3\r\n"Sveg, ""norra""\nhus",1.5\r\n,\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    const csv = toCsv(columns, [{ name: '=HYPERLINK("x")', n: -2 }]);
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",-2`);
  });
});
