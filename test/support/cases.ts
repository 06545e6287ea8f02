import { randomUUID } from 'node:crypto';
import { createPatient, type TestRegion } from './factories';
import { JOINT, jointAnswers } from './joint-answers';
import type { TestApp } from './test-app';

/** A case waiting in the queue: a new patient at the centre, triaged on joint complaints by the nurse. */
export async function triageCase(
  t: TestApp,
  nurseToken: string,
  healthCentreId: string,
  answers: Record<string, unknown> = jointAnswers({ swollen_joint_count: 3 }),
): Promise<{ caseId: string; patientId: string }> {
  const p = await createPatient(t, nurseToken, healthCentreId);
  const res = await t.http('POST', '/triage-cases', {
    token: nurseToken,
    body: { patientId: p.id, pathwayKey: JOINT, answers },
    headers: { 'idempotency-key': randomUUID() },
  });
  if (res.status !== 201) throw new Error(`triage: ${res.status} ${JSON.stringify(res.body)}`);
  return { caseId: res.body.id as string, patientId: p.id };
}

/** A visit booked in a 30-minute slot `hoursAhead` from now at the region's main centre. */
export async function bookedVisit(t: TestApp, r: TestRegion, tok: Record<string, string>, hoursAhead: number) {
  const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + hoursAhead * 3600_000);
  const session = await t.http('POST', '/clinic-sessions', {
    token: tok.admin,
    body: {
      specialistId: r.users.specialist.id,
      healthCentreId: r.centres.main,
      start: start.toISOString(),
      end: new Date(start.getTime() + 1800_000).toISOString(),
      slotMinutes: 30,
      mode: 'remote',
    },
  });
  if (session.status !== 201) throw new Error(`session: ${session.status} ${JSON.stringify(session.body)}`);
  const { caseId, patientId } = await triageCase(t, tok.nurse!, r.centres.main);
  const slotId = session.body.slots[0].id as string;
  const booking = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId, slotId } });
  if (booking.status !== 201) throw new Error(`booking: ${booking.status} ${JSON.stringify(booking.body)}`);
  return { visitId: booking.body.visitId as string, caseId, patientId, slotId, start };
}
