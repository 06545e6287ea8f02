import type { EntityManager } from 'typeorm';

export interface NewSession {
  regionId: string;
  specialistId: string;
  healthCentreId: string;
  roomId: string;
  nurseId?: string | null;
  mode: 'remote' | 'onsite';
  start: Date;
  end: Date;
  slotMinutes: number;
  createdBy?: string | null;
  /** The agreement a session with another region's specialist is planned under. */
  agreementId?: string | null;
}

/** Inserts a clinic session and cuts it into whole slots; the one place sessions are written. */
export async function insertSessionWithSlots(m: EntityManager, s: NewSession): Promise<string> {
  const [session] = await m.query(
    `INSERT INTO clinic_session (region_id, specialist_id, health_centre_id, room_id, nurse_id, mode, period, slot_minutes, created_by, agreement_id)
     VALUES ($1, $2, $3, $4, $5, $6, tstzrange($7, $8, '[)'), $9, $10, $11) RETURNING id`,
    [
      s.regionId,
      s.specialistId,
      s.healthCentreId,
      s.roomId,
      s.nurseId ?? null,
      s.mode,
      s.start,
      s.end,
      s.slotMinutes,
      s.createdBy ?? null,
      s.agreementId ?? null,
    ],
  );
  const count = Math.floor((s.end.getTime() - s.start.getTime()) / (s.slotMinutes * 60_000));
  await m.query(
    `INSERT INTO slot (session_id, health_centre_id, start_at, end_at)
     SELECT $1, $2, $3::timestamptz + make_interval(mins => i * $4), $3::timestamptz + make_interval(mins => (i + 1) * $4)
       FROM generate_series(0, $5 - 1) AS i`,
    [session.id, s.healthCentreId, s.start, s.slotMinutes, count],
  );
  return session.id as string;
}
