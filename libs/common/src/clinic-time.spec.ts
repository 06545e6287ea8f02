import fc from 'fast-check';
import { formatClinicTime, parseClinicTime, stockholmOffsetMinutes, swedishDateTime } from './clinic-time';
import { calendarDateSchema } from './calendar-date';

describe('Stockholm clinic time', () => {
  it('reads wall-clock times on both sides of the March change (last Sunday: 2026-03-29)', () => {
    expect(parseClinicTime('2026-03-28T09:00')!.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(parseClinicTime('2026-03-29T09:00')!.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(parseClinicTime('2026-03-29T01:30')!.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(parseClinicTime('2026-03-29T03:30')!.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses the hour that does not exist in spring', () => {
    expect(parseClinicTime('2026-03-29T02:30')).toBeNull();
  });

  it('reads wall-clock times on both sides of the October change (last Sunday: 2026-10-25)', () => {
    expect(parseClinicTime('2026-10-24T09:00')!.toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(parseClinicTime('2026-10-25T09:00')!.toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('takes times with an offset as they are and formats back with the right offset', () => {
    expect(parseClinicTime('2026-06-01T10:00:00Z')!.toISOString()).toBe('2026-06-01T10:00:00.000Z');
    expect(formatClinicTime(new Date('2026-06-01T10:00:00Z'))).toBe('2026-06-01T12:00:00+02:00');
    expect(formatClinicTime(new Date('2026-12-01T10:00:00Z'))).toBe('2026-12-01T11:00:00+01:00');
    expect(stockholmOffsetMinutes(new Date('2026-10-25T00:59:00Z'))).toBe(120);
    expect(stockholmOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(60);
    expect(parseClinicTime('not a time')).toBeNull();
  });

  it('formats any instant from 1850 to 2100 exactly as Intl does, whether or not its hour was seen before', () => {
    const reference = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    const formatsAsIntl = (t: number) => {
      const p = Object.fromEntries(reference.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      expect(formatClinicTime(new Date(t)).slice(0, 19)).toBe(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`);
    };
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }), formatsAsIntl), { numRuns: 5000 });
    // Each side of both 2026 changes, the second before and the second of the change.
    for (const t of [
      Date.UTC(2026, 2, 29, 0, 59, 59),
      Date.UTC(2026, 2, 29, 1),
      Date.UTC(2026, 9, 25, 0, 59, 59),
      Date.UTC(2026, 9, 25, 1),
    ])
      formatsAsIntl(t);
  });

  it('writes Swedish dates for notices', () => {
    expect(swedishDateTime(new Date('2026-03-03T08:30:00Z'))).toBe('tisdag 3 mars kl. 09:30');
  });
});

describe('#15.9: dates at the ends of their ranges', () => {
  it('#15.9: reads a wall-clock year 0001 or 0099 as no time at all, never as 1901 or 1999', () => {
    expect(parseClinicTime('0001-01-01T00:00')).toBeNull();
    expect(parseClinicTime('0099-06-01T12:00')).toBeNull();
    expect(parseClinicTime('2026-06-01T10:00')?.toISOString()).toBe('2026-06-01T08:00:00.000Z');
  });

  it('#15.9: a calendar date must exist and lie in its range', () => {
    const schema = calendarDateSchema('2000-01-01', '2999-12-31');
    for (const bad of ['0000-01-01', '0001-01-01', '1999-12-31', '3000-01-01', '2026-02-30', '2026-1-1', '+275760-09-13']) {
      expect(schema.safeParse(bad).success).toBe(false);
    }
    for (const good of ['2000-01-01', '2024-02-29', '2999-12-31']) expect(schema.safeParse(good).success).toBe(true);
  });
});
