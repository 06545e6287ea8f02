/**
 * How a report's rows become the groups of its chart (pure: shared by the web's Reports page and its tests).
 * Rows with the same `key` values are drawn as one group, their series summed (several centres in a
 * month, several agreements); rows that differ in any key column stay apart, even when their labels
 * match (two pathways that both have a category called "Rutin").
 */
export type ChartValue = string | number | null;

export interface ChartSpec {
  kind: 'bar' | 'line';
  /** The columns that identify one group; the label shows `label` (default: the same columns). */
  key: string[];
  label?: string[];
  series: string[];
}

export interface ChartGroup {
  key: string;
  /** The label columns' values of the group's first row, in `spec.label` order. */
  label: ChartValue[];
  values: number[];
}

export const REPORT_CHARTS: Record<string, ChartSpec> = {
  // Percentiles cannot be added, so each (pathway, category) is its own group.
  'waiting-times': {
    kind: 'bar',
    key: ['pathway', 'category'],
    label: ['pathway', 'categoryLabel'],
    series: ['medianDays', 'p90Days', 'dueDays'],
  },
  'centre-activity': { kind: 'bar', key: ['healthCentre'], series: ['completed', 'noShows', 'answers'] },
  'travel-avoided': { kind: 'line', key: ['month'], series: ['kmAvoided'] },
  'locum-weeks': { kind: 'bar', key: ['month'], series: ['weeks'] },
  'agreement-invoice': { kind: 'bar', key: ['month'], series: ['remoteVisitAmount', 'onsiteDayAmount', 'noShowAmount'] },
  // Issue 19, item 6: weeks on site by the region's own specialists against hired doctors' weeks, per month (all specialties).
  staffing: { kind: 'bar', key: ['month'], series: ['internalLocumWeeks', 'hiredDoctorWeeks'] },
};

export function chartGroups(rows: ReadonlyArray<Record<string, ChartValue>>, spec: ChartSpec): ChartGroup[] {
  const labelKeys = spec.label ?? spec.key;
  const groups = new Map<string, ChartGroup>();
  for (const row of rows) {
    const key = JSON.stringify(spec.key.map((k) => row[k] ?? null));
    let group = groups.get(key);
    if (!group) {
      group = { key, label: labelKeys.map((k) => row[k] ?? null), values: spec.series.map(() => 0) };
      groups.set(key, group);
    }
    spec.series.forEach((s, i) => (group.values[i]! += Number(row[s] ?? 0)));
  }
  return [...groups.values()];
}
