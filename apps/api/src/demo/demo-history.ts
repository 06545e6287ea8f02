import { randomUUID } from 'node:crypto';
import type { Queryable } from '@app/common';
import { compilePathway, type PathwayDefinition } from '@app/pathways';
import { luhnCheckDigit } from '@app/patients';
import { JOINT, jointAnswers } from './joint-answers';

const DAY = 86_400_000;
const FIRST_NAMES = [
  'Astrid',
  'Bengt',
  'Cecilia',
  'Dan',
  'Elsa',
  'Fredrik',
  'Greta',
  'Hans',
  'Ida',
  'Jonas',
  'Kerstin',
  'Leif',
  'Maja',
  'Nils',
  'Olle',
  'Pia',
  'Rut',
  'Sven',
  'Tove',
  'Ulf',
];
const LAST_NAMES = [
  'Andersson',
  'Bergström',
  'Dahl',
  'Forsberg',
  'Hedlund',
  'Jakobsson',
  'Lindgren',
  'Mårtensson',
  'Nordin',
  'Öberg',
  'Sundberg',
  'Wikström',
];
const SUMMARIES = [
  'Bedömning på video tillsammans med distriktssköterskan. Inflammatorisk bild, provtagning och uppföljning enligt plan.',
  'Ingen säker artrit vid undersökningen. Fortsatt handläggning i primärvården, ny triage vid försämring.',
  'Sannolik tidig reumatoid artrit. Metotrexat insatt, kontroller på hälsocentralen.',
  'Misstänkt polymyalgia reumatika. Kortison insatt, uppföljning om fyra veckor.',
];
const PLANS = ['follow_up_remote', 'follow_up_primary_care', 'hospital_referral', 'discharged'] as const;

/** Answers that lead to each bookable category of the shipped joint-complaints pathway (checked by the engine below). */
function answersFor(kind: number, age: number): Record<string, unknown> {
  const base = jointAnswers({
    age_years: age,
    symptom_duration_weeks: 4 + (kind % 9),
    morning_stiffness_minutes: 15,
    ...(age >= 50 ? { temporal_symptoms: false, girdle_pain_stiffness: false } : {}),
  });
  if (kind % 10 === 0) return { ...base, systemic_features: true };
  if (kind % 10 < 4) return { ...base, swollen_joint_count: 2 + (kind % 4), small_joint_swelling: true, morning_stiffness_minutes: 60 };
  return { ...base, inflammatory_back_pain: true, morning_stiffness_minutes: 45 };
}

/** Deterministic pseudo-random numbers, so that every demo database tells the same story. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stockholm wall-clock time of a calendar day as an instant (the offset is +01:00 or +02:00). */
function stockholm(date: string, hhmm: string): Date {
  for (const offset of ['+01:00', '+02:00']) {
    const d = new Date(`${date}T${hhmm}:00${offset}`);
    const wall = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(d);
    if (wall === hhmm) return d;
  }
  return new Date(`${date}T${hhmm}:00+01:00`);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A plausible past year for the demo region, so that the reports have something to show: on weekdays
 * from a year ago until a week ago the region's rheumatologist holds a morning of video visits at a
 * health centre in turn (and a day on site at a far centre every fourth Tuesday); most slots are
 * booked by patients triaged days to weeks earlier (by the shipped pathway's own engine, so the
 * categories, due dates and reasons are what the pathway gives); about 6 % do not come; each held
 * visit has its answer, already read at the centre. Nothing lands in today's queue or inbox.
 * Runs once: a region that already has sessions in the past is left alone.
 */
export async function seedDemoHistory(db: Queryable, regionId: string): Promise<{ visits: number }> {
  const [already] = await db.query(
    `SELECT 1 FROM clinic_session WHERE region_id = $1 AND lower(period) < now() - interval '1 day' LIMIT 1`,
    [regionId],
  );
  if (already) return { visits: 0 };
  const [pathway] = await db.query(`SELECT version, definition FROM pathway_version WHERE pathway_key = $1 AND status = 'published'`, [
    JOINT,
  ]);
  const centres: Array<{ id: string; name: string; room_id: string; nurse_id: string | null; km: string }> = await db.query(
    `SELECT hc.id, hc.name, hc.road_distance_km AS km,
            (SELECT id FROM health_centre_room r WHERE r.health_centre_id = hc.id AND r.active ORDER BY name LIMIT 1) AS room_id,
            (SELECT id FROM app_user u WHERE u.health_centre_id = hc.id AND u.role = 'nurse' ORDER BY username LIMIT 1) AS nurse_id
       FROM health_centre hc WHERE hc.region_id = $1 ORDER BY hc.name`,
    [regionId],
  );
  const [specialist] = await db.query(
    `SELECT id FROM app_user WHERE region_id = $1 AND role = 'specialist' AND active ORDER BY username LIMIT 1`,
    [regionId],
  );
  const [staff] = await db.query(
    `SELECT id FROM app_user WHERE region_id = $1 AND role IN ('admin', 'nurse') AND active ORDER BY role, username LIMIT 1`,
    [regionId],
  );
  const withRooms = centres.filter((c) => c.room_id);
  if (!pathway || !specialist || !staff || withRooms.length === 0) return { visits: 0 };
  const engine = compilePathway(pathway.definition as PathwayDefinition);
  const rnd = random(20_261_125);

  // Patients of the history: a few dozen per centre, fictional names and valid numbers.
  const patientIds = new Map<string, string[]>();
  const pt = { id: [] as string[], pnr: [] as string[], born: [] as string[], name: [] as string[], centre: [] as string[] };
  withRooms.forEach((c, ci) => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const year = 1940 + Math.floor(rnd() * 60);
      const month = 1 + Math.floor(rnd() * 12);
      const day = 1 + Math.floor(rnd() * 28);
      const born = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
      // Serials 9xx: kept apart from the hand-written demo patients.
      const serial = `9${String(ci).padStart(1, '0').slice(-1)}${i % 10}`;
      const id = randomUUID();
      ids.push(id);
      pt.id.push(id);
      pt.pnr.push(`${born}${serial}${luhnCheckDigit(`${born.slice(2)}${serial}`)}`);
      pt.born.push(`${born.slice(0, 4)}-${born.slice(4, 6)}-${born.slice(6)}`);
      pt.name.push(`${FIRST_NAMES[Math.floor(rnd() * FIRST_NAMES.length)]} ${LAST_NAMES[Math.floor(rnd() * LAST_NAMES.length)]}`);
      pt.centre.push(c.id);
    }
    patientIds.set(c.id, ids);
  });
  await db.query(
    `INSERT INTO patient (id, region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id)
     SELECT id, $1, pnr, false, born, name, centre FROM unnest($2::uuid[], $3::text[], $4::date[], $5::text[], $6::uuid[]) AS x(id, pnr, born, name, centre)
     ON CONFLICT (region_id, personnummer) DO NOTHING`,
    [regionId, pt.id, pt.pnr, pt.born, pt.name, pt.centre],
  );
  const stored = new Set<string>(
    (await db.query<{ id: string }>(`SELECT id FROM patient WHERE id = ANY($1::uuid[])`, [pt.id])).map((r) => r.id),
  );
  const ages = new Map<string, number>(pt.id.map((id, i) => [id, new Date().getFullYear() - Number(pt.born[i]!.slice(0, 4))]));

  const farthest = [...withRooms].sort((a, b) => Number(b.km) - Number(a.km))[0]!;
  const sessions = {
    id: [] as string[],
    centre: [] as string[],
    room: [] as string[],
    mode: [] as string[],
    start: [] as Date[],
    end: [] as Date[],
    minutes: [] as number[],
  };
  const slots = { id: [] as string[], session: [] as string[], centre: [] as string[], start: [] as Date[], end: [] as Date[] };
  const today = new Date();
  let weekday = 0;
  for (let back = 365; back >= 8; back--) {
    const date = isoDay(new Date(today.getTime() - back * DAY));
    const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    weekday++;
    const onsite = dow === 2 && Math.floor(back / 7) % 4 === 0;
    const centre = onsite ? farthest : withRooms[weekday % withRooms.length]!;
    const start = stockholm(date, onsite ? '08:30' : '09:00');
    const end = stockholm(date, onsite ? '15:30' : '12:00');
    const minutes = 30;
    const id = randomUUID();
    sessions.id.push(id);
    sessions.centre.push(centre.id);
    sessions.room.push(centre.room_id);
    sessions.mode.push(onsite ? 'onsite' : 'remote');
    sessions.start.push(start);
    sessions.end.push(end);
    sessions.minutes.push(minutes);
    for (let t = start.getTime(); t + minutes * 60_000 <= end.getTime(); t += minutes * 60_000) {
      if (onsite && t - start.getTime() >= 3.5 * 3600_000 && t - start.getTime() < 4 * 3600_000) continue; // lunch
      slots.id.push(randomUUID());
      slots.session.push(id);
      slots.centre.push(centre.id);
      slots.start.push(new Date(t));
      slots.end.push(new Date(t + minutes * 60_000));
    }
  }
  await db.query(
    `INSERT INTO clinic_session (id, region_id, specialist_id, health_centre_id, room_id, mode, period, slot_minutes, created_by)
     SELECT id, $1, $2, centre, room, mode, tstzrange(s, e, '[)'), minutes, $3
       FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::int[]) AS x(id, centre, room, mode, s, e, minutes)`,
    [
      regionId,
      specialist.id,
      staff.id,
      sessions.id,
      sessions.centre,
      sessions.room,
      sessions.mode,
      sessions.start,
      sessions.end,
      sessions.minutes,
    ],
  );
  await db.query(
    `INSERT INTO slot (id, session_id, health_centre_id, start_at, end_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[])`,
    [slots.id, slots.session, slots.centre, slots.start, slots.end],
  );

  // Most slots booked; the case triaged some days before, as its category allows (some too late).
  const cases: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], [], [], [], []];
  const bookings: unknown[][] = [[], [], [], [], [], []];
  const visits: unknown[][] = [[], [], [], [], [], [], [], []];
  const outcomes: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  const centreNurse = new Map(withRooms.map((c) => [c.id, c.nurse_id ?? staff.id]));
  let kind = 0;
  slots.id.forEach((slotId, i) => {
    if (rnd() < 0.2) return;
    const centreId = slots.centre[i]!;
    const candidates = (patientIds.get(centreId) ?? []).filter((id) => stored.has(id));
    if (candidates.length === 0) return;
    const patientId = candidates[Math.floor(rnd() * candidates.length)]!;
    const run = engine.run(answersFor(kind++, ages.get(patientId) ?? 60));
    if (!run.ok || !run.evaluation.bookable || run.evaluation.dueInDays === null) return;
    const ev = run.evaluation;
    const due = ev.dueInDays!;
    const start = slots.start[i]!;
    const wait = Math.max(0, Math.round(due * (0.3 + rnd() * (rnd() < 0.15 ? 1.6 : 0.9))));
    const triagedAt = new Date(start.getTime() - wait * DAY - (1 + Math.floor(rnd() * 6)) * 3600_000);
    const triageDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(triagedAt);
    const dueDate = isoDay(new Date(new Date(`${triageDay}T12:00:00Z`).getTime() + due * DAY));
    const noShow = rnd() < 0.06;
    const caseId = randomUUID();
    const bookingId = randomUUID();
    const visitId = randomUUID();
    const nurse = centreNurse.get(centreId)!;
    const category = engine.definition.categories.find((c) => c.key === ev.category)!;
    [
      caseId,
      patientId,
      centreId,
      JSON.stringify(run.answers),
      ev.category,
      category.order,
      ev.inQueue,
      ev.score,
      JSON.stringify(ev.reasons),
      dueDate,
      noShow ? 'withdrawn' : 'completed',
      noShow ? 'uteblev från besöket; ny triage vid behov' : 'besök genomfört',
      triagedAt,
      nurse,
      noShow ? ['no_show'] : [],
    ].forEach((v, k) => cases[k]!.push(v));
    [bookingId, slotId, caseId, noShow ? 'cancelled' : 'active', nurse, noShow ? start : null].forEach((v, k) => bookings[k]!.push(v));
    [
      visitId,
      bookingId,
      caseId,
      centreId,
      noShow ? 'no_show' : 'completed',
      `visit-${visitId.replace(/-/g, '').slice(0, 24)}`,
      start,
      new Date(start.getTime() + 25 * 60_000),
    ].forEach((v, k) => visits[k]!.push(v));
    if (!noShow) {
      const answeredAt = new Date(start.getTime() + (40 + Math.floor(rnd() * 240)) * 60_000);
      [
        randomUUID(),
        visitId,
        caseId,
        centreId,
        SUMMARIES[Math.floor(rnd() * SUMMARIES.length)],
        PLANS[Math.floor(rnd() * PLANS.length)],
        answeredAt,
        new Date(answeredAt.getTime() + 20 * 3600_000),
        centreNurse.get(centreId) === staff.id ? null : centreNurse.get(centreId),
        ['M06.9'],
      ].forEach((v, k) => outcomes[k]!.push(v));
    }
  });
  await db.query(
    `INSERT INTO triage_case (id, region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category, category_order, bookable, in_queue,
                              score, reasons, due_date, status, status_reason, triaged_at, triaged_by, flags)
     SELECT id, $1, patient, centre, $2, $3, answers::jsonb, category, ord, true, in_queue, score, reasons::jsonb, due, status, reason, at, by,
            CASE WHEN no_show THEN ARRAY['no_show'] ELSE '{}'::text[] END
       FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::int[], $10::boolean[], $11::numeric[], $12::text[], $13::date[],
                   $14::text[], $15::text[], $16::timestamptz[], $17::uuid[], $18::boolean[])
            AS x(id, patient, centre, answers, category, ord, in_queue, score, reasons, due, status, reason, at, by, no_show)`,
    [regionId, JOINT, pathway.version, ...cases.slice(0, 14), (cases[14] as string[][]).map((f) => f.length > 0)],
  );
  await db.query(
    `INSERT INTO booking (id, slot_id, case_id, status, created_by, cancelled_at, cancel_reason)
     SELECT id, slot, kase, status, by, cancelled, CASE WHEN cancelled IS NOT NULL THEN 'no-show' END
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::timestamptz[]) AS x(id, slot, kase, status, by, cancelled)`,
    bookings,
  );
  await db.query(
    `INSERT INTO visit (id, booking_id, case_id, health_centre_id, specialist_id, status, room_name, started_at, ended_at, status_reason)
     SELECT id, booking, kase, centre, $1, status, room, CASE WHEN status = 'completed' THEN s END, e, CASE WHEN status = 'no_show' THEN 'nobody joined' END
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])
            AS x(id, booking, kase, centre, status, room, s, e)`,
    [specialist.id, ...visits],
  );
  await db.query(
    `INSERT INTO visit_outcome (id, visit_id, case_id, health_centre_id, author_id, summary, plan, created_at, read_at, read_by, diagnosis_codes)
     SELECT id, visit, kase, centre, $1, summary, plan, at, read_at, read_by, ARRAY[code]
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::uuid[], $11::text[])
            AS x(id, visit, kase, centre, summary, plan, at, read_at, read_by, code)`,
    [specialist.id, ...outcomes.slice(0, 9), (outcomes[9] as string[][]).map((c) => c[0])],
  );
  return { visits: visits[0]!.length };
}
