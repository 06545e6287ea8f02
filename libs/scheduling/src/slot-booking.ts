import { type EntityManager } from 'typeorm';
import { ApiError, formatClinicTime, PG_UNIQUE_VIOLATION, pgErrorCode } from '@app/common';
import type { RequestContext } from '@app/identity';
import { roadKmBetween } from './centre-facilities.service';
import { sessionScopeSql, specialistServesSql } from '@app/audit';
import { type BookingView, SLOT_SELECT, type SlotRow } from './slots';

/** The slot to book or move to, locked: planned, not started, at the patient's centre or a neighbour the pathway allows. */
export async function lockBookableSlot(
  m: EntityManager,
  ctx: Pick<RequestContext, 'actor'>,
  slotId: string,
  c: { health_centre_id: string; pathway_key: string; pathway_version: number },
): Promise<SlotRow> {
  const params: unknown[] = [slotId];
  const [slot]: SlotRow[] = await m.query(
    `${SLOT_SELECT} WHERE s.id = $1 AND ${sessionScopeSql(ctx.actor, params)} FOR UPDATE OF s`,
    params,
  );
  if (!slot) throw ApiError.notFound('Slot');
  if (slot.session_status !== 'planned') throw ApiError.conflict("The slot's session is cancelled", { code: 'session_cancelled' });
  if (slot.start_at.getTime() <= Date.now()) throw ApiError.conflict('The slot has already started', { code: 'slot_started' });
  const params2: unknown[] = [c.pathway_key, c.pathway_version];
  const [p] = await m.query(
    `SELECT definition -> 'scheduling' ->> 'neighbourMaxTravelKm' AS km, definition ->> 'specialty' AS specialty,
            ${specialistServesSql(`$${params2.push(slot.specialist_id)}::uuid`, "definition ->> 'specialty'")} AS serves
       FROM pathway_version WHERE pathway_key = $1 AND version = $2`,
    params2,
  );
  // A case is seen by a specialist of its pathway's specialty (a skin case never goes to the rheumatologist's slot).
  if (p && !p.serves) {
    throw ApiError.invalid(
      'The slot is with a specialist of another specialty',
      [{ field: 'slotId', reason: `must be with a specialist in ${p.specialty}` }],
      { code: 'slot_other_specialty' },
    );
  }
  if (slot.health_centre_id !== c.health_centre_id) {
    // A neighbouring centre only where the case's pathway allows it, and within its distance.
    const allowed = p?.km === null || p?.km === undefined ? 0 : Number(p.km);
    const km = await roadKmBetween(m, c.health_centre_id, slot.health_centre_id);
    if (km === undefined || km > allowed) {
      throw ApiError.invalid('The slot is at another health centre', [
        {
          field: 'slotId',
          reason:
            allowed > 0
              ? `must be at the patient's centre or a neighbour within ${allowed} km`
              : "must be a slot at the patient's health centre",
        },
      ]);
    }
  }
  return slot;
}

/** A booking refused by a database invariant, as the 409 or 422 (with its code) that the constraint table names. */
export function bookingConflict(e: unknown): unknown {
  const known = ApiError.ofConstraint(e);
  if (known) return known;
  return pgErrorCode(e) === PG_UNIQUE_VIOLATION ? ApiError.conflict('The booking conflicts with another one') : e;
}

export function bookingView(id: string, visitId: string, caseId: string, slot: SlotRow, status: 'active' | 'cancelled'): BookingView {
  return {
    id,
    visitId,
    caseId,
    slotId: slot.id,
    start: slot.start_at.toISOString(),
    end: slot.end_at.toISOString(),
    startLocal: formatClinicTime(slot.start_at),
    healthCentreId: slot.health_centre_id,
    status,
  };
}
