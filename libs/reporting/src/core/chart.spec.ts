import { chartGroups, REPORT_CHARTS } from './chart';

describe('report charts', () => {
  it("#15.13: keeps two pathways' categories with the same label apart in the waiting-times chart", () => {
    const rows = [
      { pathway: 'Ledbesvär', category: 'routine', categoryLabel: 'Rutin', medianDays: 40, p90Days: 80, dueDays: 90 },
      { pathway: 'Misstänkt gikt', category: 'routine', categoryLabel: 'Rutin', medianDays: 20, p90Days: 30, dueDays: 60 },
      { pathway: 'Ledbesvär', category: 'urgent', categoryLabel: 'Brådskande', medianDays: 2, p90Days: 3, dueDays: 3 },
    ];
    const groups = chartGroups(rows, REPORT_CHARTS['waiting-times']!);
    expect(groups.map((g) => ({ label: g.label, values: g.values }))).toEqual([
      { label: ['Ledbesvär', 'Rutin'], values: [40, 80, 90] },
      { label: ['Misstänkt gikt', 'Rutin'], values: [20, 30, 60] },
      { label: ['Ledbesvär', 'Brådskande'], values: [2, 3, 3] },
    ]);
  });

  it('still stacks additive rows that share their key (several centres in one month)', () => {
    const rows = [
      { month: '2026-03-01', healthCentre: 'A', remoteVisitAmount: 100, onsiteDayAmount: 0, noShowAmount: 5 },
      { month: '2026-03-01', healthCentre: 'B', remoteVisitAmount: 50, onsiteDayAmount: 10, noShowAmount: null },
      { month: '2026-04-01', healthCentre: 'A', remoteVisitAmount: 1, onsiteDayAmount: 2, noShowAmount: 3 },
    ];
    expect(chartGroups(rows, REPORT_CHARTS['agreement-invoice']!)).toEqual([
      { key: '["2026-03-01"]', label: ['2026-03-01'], values: [150, 10, 5] },
      { key: '["2026-04-01"]', label: ['2026-04-01'], values: [1, 2, 3] },
    ]);
  });
});
