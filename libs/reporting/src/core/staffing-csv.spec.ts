import { parseAmount, parseStaffingCsv } from './staffing-csv';

describe('staffing CSV (issue 19, item 6)', () => {
  it('reads Swedish numbers: spaces between thousands, decimal commas; refuses signs and text', () => {
    expect(parseAmount('1 140 000')).toBe(1140000);
    expect(parseAmount('2,5')).toBe(2.5);
    expect(parseAmount('2.5')).toBe(2.5);
    expect(parseAmount('-1')).toBeNull();
    expect(parseAmount('12 kr')).toBeNull();
  });

  it('takes a comma-separated file when the header has no semicolon, and quoted fields', () => {
    const { rows, problems } = parseStaffingCsv(
      'specialty,month,hiredDoctorWeeks,hiredDoctorCost\r\n"Hudsjukvård, Östersund",2026-01,1,"95 000,50"\r\n',
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        specialty: 'Hudsjukvård, Östersund',
        month: '2026-01',
        hiredDoctorWeeks: 1,
        hiredDoctorCost: 95000.5,
        internalLocumWeeks: null,
        line: 2,
      },
    ]);
  });

  it('names every problem by line and field, including a repeated month', () => {
    const { problems } = parseStaffingCsv(
      'specialitet;månad;hyrläkarveckor;hyrläkarkostnad\n;2026-00;1;1\nreumatologi;2026-01;1;\nReumatologi;2026-01;1;1\n',
    );
    expect(problems).toEqual([
      { field: 'line 2: specialty', reason: 'is empty' },
      { field: 'line 2: month', reason: expect.stringContaining('YYYY-MM') },
      { field: 'line 3: hiredDoctorCost', reason: 'is empty' },
      { field: 'line 4: month', reason: 'repeats line 3 (the same specialty and month)' },
    ]);
    expect(parseStaffingCsv('').problems).toEqual([{ field: 'csv', reason: expect.stringContaining('empty') }]);
    expect(parseStaffingCsv('specialitet;månad;hyrläkarveckor;hyrläkarkostnad\n').problems).toEqual([
      { field: 'csv', reason: 'has no rows under the header' },
    ]);
  });
});
