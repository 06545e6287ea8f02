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

describe('report CSV for Swedish Excel (excel-sv, issue 17 item 8)', () => {
  const money: ReportColumn[] = [...columns, { key: 'cost', title: { sv: 'Kostnad', en: 'Cost' }, type: 'money' }];

  it('separates by semicolons and writes decimal commas in numbers, not in dates or text', () => {
    const csv = toCsv(
      [...money, { key: 'day', title: { sv: 'Dag', en: 'Day' }, type: 'date' }],
      [
        { name: 'Sveg 1.5', n: 1.25, cost: 95000.5, day: '2026-01-31' },
        { name: 'Strömsund', n: -0.5, cost: 0, day: null },
      ],
      'excel-sv',
    );
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe('Hälsocentral;"Antal, ""alla""";Kostnad;Dag\r\nSveg 1.5;1,25;95000,5;2026-01-31\r\nStrömsund;-0,5;0;\r\n');
  });

  it('quotes a semicolon in text but not a comma, and still defuses formulas', () => {
    const csv = toCsv(
      columns,
      [
        { name: 'Norra; södra, östra', n: 2 },
        { name: '@SUM(A1)', n: null },
      ],
      'excel-sv',
    );
    expect(csv.split('\r\n').slice(1, 3)).toEqual(['"Norra; södra, östra";2', `'@SUM(A1);`]);
  });

  it('keeps the RFC 4180 dialect the default', () => {
    expect(toCsv(columns, [{ name: 'a', n: 0.5 }]).split('\r\n')[1]).toBe('a,0.5');
  });
});
