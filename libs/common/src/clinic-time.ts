/** Times are stored in UTC and shown in Europe/Stockholm; this is the one place that converts. */
export const CLINIC_ZONE = 'Europe/Stockholm';

/** Today in Stockholm, as SQL: agreements and due dates are calendar dates there. */
export const CLINIC_TODAY_SQL = `(now() AT TIME ZONE '${CLINIC_ZONE}')::date`;

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: CLINIC_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function formattedWallClock(instant: Date): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p = Object.fromEntries(formatter.formatToParts(instant).map((x) => [x.type, x.value]));
  return { y: +p.year!, mo: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! };
}

const HOUR = 3_600_000;
// Since 1900 Stockholm's offset has changed only on whole UTC hours, so one formatToParts call
// (tens of microseconds, on every response with a time in it) serves a whole hour.
const HOURLY_FROM = Date.UTC(1900, 0, 1);
const offsetByHour = new Map<number, number>();

function wallClock(instant: Date): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const t = instant.getTime();
  if (!(t >= HOURLY_FROM)) return formattedWallClock(instant);
  const hour = Math.floor(t / HOUR);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const w = formattedWallClock(new Date(hour * HOUR));
    offset = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - hour * HOUR;
    if (offsetByHour.size > 50_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const local = new Date(t + offset);
  return {
    y: local.getUTCFullYear(),
    mo: local.getUTCMonth() + 1,
    d: local.getUTCDate(),
    h: local.getUTCHours(),
    mi: local.getUTCMinutes(),
    s: local.getUTCSeconds(),
  };
}

/** Minutes Stockholm is ahead of UTC at this instant (60 in winter, 120 in summer). */
export function stockholmOffsetMinutes(instant: Date): number {
  const w = wallClock(instant);
  return Math.round((Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO time with an offset is taken as it is; one without is Stockholm wall-clock time. Returns
 * null for text that is neither, or for a wall-clock time that does not exist (the spring-forward hour).
 */
export function parseClinicTime(text: string): Date | null {
  if (WITH_OFFSET.test(text)) {
    const t = Date.parse(text);
    return Number.isNaN(t) ? null : new Date(t);
  }
  const m = LOCAL.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  // Not Date.UTC(y, ...): it reads years 0-99 as 1900-1999, so '0001-01-01' would become 1901.
  const asUtc = new Date(0).setUTCFullYear(y, mo - 1, d) + ((h * 60 + mi) * 60 + s) * 1000;
  let instant = asUtc - stockholmOffsetMinutes(new Date(asUtc)) * 60000;
  const second = asUtc - stockholmOffsetMinutes(new Date(instant)) * 60000;
  if (second !== instant) instant = second;
  const back = wallClock(new Date(instant));
  if (back.h !== h || back.mi !== mi || back.d !== d || back.y !== y) return null;
  return new Date(instant);
}

/** `2026-03-29T09:00:00+02:00`: the Stockholm wall-clock time with its offset. */
export function formatClinicTime(instant: Date): string {
  const w = wallClock(instant);
  const off = stockholmOffsetMinutes(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = off >= 0 ? '+' : '-';
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/** Swedish text for notices: "tisdag 3 mars kl. 09:30". */
export function swedishDateTime(instant: Date): string {
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone: CLINIC_ZONE, weekday: 'long', day: 'numeric', month: 'long' }).format(instant);
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone: CLINIC_ZONE, hour: '2-digit', minute: '2-digit' }).format(instant);
  return `${date} kl. ${time}`;
}

/** The Stockholm calendar date of an instant, `YYYY-MM-DD`. */
export function clinicDate(instant: Date): string {
  return formatClinicTime(instant).slice(0, 10);
}
