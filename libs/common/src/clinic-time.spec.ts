import { formatClinicTime, parseClinicTime, stockholmOffsetMinutes, swedishDateTime } from './clinic-time';

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

  it('writes Swedish dates for notices', () => {
    expect(swedishDateTime(new Date('2026-03-03T08:30:00Z'))).toBe('tisdag 3 mars kl. 09:30');
  });
});
