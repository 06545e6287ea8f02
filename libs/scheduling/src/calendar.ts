/** iCalendar (RFC 5545) for clinic sessions: the specialist's and the centre's calendars. */
export interface CalendarSession {
  id: string;
  start: Date;
  end: Date;
  mode: 'remote' | 'onsite';
  status: 'planned' | 'cancelled';
  healthCentre: string;
  specialist: string;
  /**
   * Issue 19: the specialty the session serves, in Swedish, from data (the specialist's specialties'
   * labels, e.g. "Hudsjukvård"); none: a specialist clinic ("Specialistmottagning").
   */
  specialty?: string | null;
  slots: number;
  booked: number;
  /** Booked slots, shown as their own events; patient names stay out of calendar apps. */
  bookings: Array<{ id: string; start: Date; end: Date }>;
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');
}

/** Lines longer than 75 octets are folded with CRLF and a space, as the RFC asks. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + (start === 0 ? 75 : 74), bytes.length);
    // Never cut a UTF-8 character in two.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  }
  return parts.join('\r\n ');
}

export function toICalendar(name: string, sessions: CalendarSession[], now = new Date()): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ledtriage//Mottagningar//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escape(name)}`,
    'X-WR-TIMEZONE:Europe/Stockholm',
  ];
  for (const s of sessions) {
    const clinic = s.specialty?.trim() ? `Mottagning i ${s.specialty.trim().toLowerCase()}` : 'Specialistmottagning';
    const kind = `${clinic} ${s.mode === 'remote' ? 'på distans' : 'på plats'}`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${s.id}@ledtriage`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART:${stamp(s.start)}`,
      `DTEND:${stamp(s.end)}`,
      `SUMMARY:${escape(`${kind} – ${s.healthCentre}`)}`,
      `LOCATION:${escape(s.healthCentre)}`,
      `DESCRIPTION:${escape(`${s.specialist}. ${s.booked} av ${s.slots} tider bokade.`)}`,
      `STATUS:${s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
    for (const b of s.bookings) {
      lines.push(
        'BEGIN:VEVENT',
        `UID:${b.id}@ledtriage`,
        `DTSTAMP:${stamp(now)}`,
        `DTSTART:${stamp(b.start)}`,
        `DTEND:${stamp(b.end)}`,
        `SUMMARY:${escape(`Videobesök (bokat) – ${s.healthCentre}`)}`,
        `LOCATION:${escape(s.healthCentre)}`,
        'STATUS:CONFIRMED',
        'END:VEVENT',
      );
    }
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
