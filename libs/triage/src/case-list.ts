import { type EntityManager } from 'typeorm';
import { ApiError } from '@app/common';
import { agreementSql, type AuditService, caseScopeSql, crossRegionAudit, mayActForCentre } from '@app/audit';
import { type RequestContext } from '@app/identity';
import type { ListCasesDto } from './triage.dto';
import { type CaseRow, type CaseView, toCaseView } from './case-view';

/** A case in a list: with the patient's personnummer (names repeat) and its active booking, if any (issue 17). */
export interface ListedCaseView extends CaseView {
  personnummer: string;
  booking: { id: string; slotId: string; start: string; visitId: string | null } | null;
}

interface ListedRow extends CaseRow {
  personnummer: string;
  booking_id: string | null;
  slot_id: string | null;
  booking_start: Date | null;
  visit_id: string | null;
}

/**
 * The cases the caller may see, newest first, with one audit row for the list naming its patients (#15.7).
 * A nurse asks for her own centre only.
 */
export async function listCases(m: EntityManager, audit: AuditService, ctx: RequestContext, q: ListCasesDto): Promise<ListedCaseView[]> {
  const actor = ctx.actor;
  if (q.healthCentreId && !mayActForCentre(actor, q.healthCentreId)) {
    throw ApiError.forbidden("A nurse sees her own health centre's cases");
  }
  const params: unknown[] = [];
  const where = [caseScopeSql('c', actor, params)];
  if (q.healthCentreId) where.push(`c.health_centre_id = $${params.push(q.healthCentreId)}`);
  if (q.status) where.push(`c.status = $${params.push(q.status)}`);
  if (q.patientId) where.push(`c.patient_id = $${params.push(q.patientId)}`);
  const via = agreementSql('c', `$${params.push(actor.regionId)}::uuid`);
  const rows: ListedRow[] = await m.query(
    `SELECT c.*, p.name AS patient_name, p.personnummer, p.interpreter_language, ${via} AS via_agreement,
            b.id AS booking_id, b.slot_id, s.start_at AS booking_start, v.id AS visit_id
       FROM triage_case c JOIN patient p ON p.id = c.patient_id
       LEFT JOIN booking b ON b.case_id = c.id AND b.status = 'active'
       LEFT JOIN slot s ON s.id = b.slot_id
       LEFT JOIN visit v ON v.booking_id = b.id
      WHERE ${where.join(' AND ')} ORDER BY c.triaged_at DESC LIMIT $${params.push(q.limit)}`,
    params,
  );
  await audit.recordList(m, ctx, {
    resourceType: 'TriageCase',
    name: 'cases',
    query: { healthCentreId: q.healthCentreId, status: q.status, patientId: q.patientId, limit: q.limit },
    items: rows.map((r) => ({ id: r.id, patientId: r.patient_id, ...crossRegionAudit(actor, r) })),
  });
  return rows.map((r) => ({
    ...toCaseView(r),
    personnummer: r.personnummer,
    booking:
      r.booking_id && r.slot_id && r.booking_start
        ? { id: r.booking_id, slotId: r.slot_id, start: r.booking_start.toISOString(), visitId: r.visit_id }
        : null,
  }));
}
