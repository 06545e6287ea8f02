import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@app/database';
import { ApiError, clinicDate } from '@app/common';
import { agreementQueueCentres, type AuditService, crossRegionAudit, readsOwnQueue } from '@app/audit';
import type { RequestContext } from '@app/identity';
import { ageInYears } from '@app/patients';
import type { PathwayDefinition } from '@app/pathways';
import type { CaseRow } from './case-view';
import type { QueueQueryDto } from './triage.dto';

/** SQL columns behind the ranking keys a pathway may name. */
const RANK_COLUMNS: Record<string, string> = {
  category: 'c.category_order',
  dueDate: 'c.due_date',
  score: 'c.score',
  triagedAt: 'c.triaged_at',
};

export function rankingOrderSql(definition: PathwayDefinition): string {
  const ranking = (definition as { ranking?: Array<{ key: string; direction?: 'asc' | 'desc' }> }).ranking ?? [
    { key: 'category' },
    { key: 'dueDate' },
    { key: 'score', direction: 'desc' },
    { key: 'triagedAt' },
  ];
  const parts = ranking.filter((r) => RANK_COLUMNS[r.key]).map((r) => `${RANK_COLUMNS[r.key]} ${r.direction === 'desc' ? 'DESC' : 'ASC'}`);
  return [...parts, 'c.id ASC'].join(', ');
}

/**
 * The ranked queue of a pathway, ordered in the database by the pathway's ranking (served by
 * `triage_case_queue`), with one audit row for the page naming its patients (#15.7).
 */
export async function readQueue(
  m: EntityManager,
  audit: AuditService,
  ctx: RequestContext,
  definition: PathwayDefinition,
  q: QueueQueryDto,
) {
  const actor = ctx.actor;
  // Issue 19: a specialist sees her specialties' queues, and the centres an agreement gives her region; no other.
  const agreementOf = await agreementQueueCentres(m, actor, q.pathwayKey);
  const ownQueue = await readsOwnQueue(m, actor, definition.specialty);
  if (!ownQueue && agreementOf.size === 0) {
    throw new ApiError(HttpStatus.FORBIDDEN, 'This queue belongs to another specialty', [
      { field: 'pathwayKey', reason: `is served by the specialty ${definition.specialty}, which is not yours` },
    ]);
  }
  const params: unknown[] = [actor.regionId, q.pathwayKey];
  let centre = '';
  if (q.healthCentreId) centre = ` AND c.health_centre_id = $${params.push(q.healthCentreId)}`;
  const open = `c.pathway_key = $2 AND c.status = 'awaiting_booking' AND c.in_queue${centre}`;
  // Two index scans (the region's own queue; the covered centres' queues), merged in rank order.
  let source = `(SELECT * FROM triage_case c WHERE c.serving_region_id = $1 AND ${open}${ownQueue ? '' : ' AND false'}`;
  if (agreementOf.size > 0) {
    source += ` UNION ALL SELECT * FROM triage_case c WHERE c.health_centre_id = ANY($${params.push([...agreementOf.keys()])}::uuid[])
                  AND c.serving_region_id = c.region_id AND ${open}`;
  }
  source += ') c';
  const [{ total }] = await queryPrepared<{ total: number }>(m, `SELECT count(*)::int AS total FROM ${source}`, params);
  const rows = await queryPrepared<CaseRow & { patient_name: string; birth_date: string; hc_name: string }>(
    m,
    `SELECT c.id, c.patient_id, c.region_id, c.serving_region_id, c.health_centre_id, c.category, c.due_date, c.score, c.reasons, c.triaged_at, c.flags,
            c.status, c.in_queue, c.original_category, p.name AS patient_name, p.birth_date::text AS birth_date, h.name AS hc_name,
            p.interpreter_language
       FROM ${source}
       JOIN patient p ON p.id = c.patient_id
       JOIN health_centre h ON h.id = c.health_centre_id
      ORDER BY ${rankingOrderSql(definition)}
      LIMIT $${params.push(q.limit)} OFFSET $${params.push(q.offset)}`,
    params,
  );
  await audit.recordList(m, ctx, {
    resourceType: 'TriageCase',
    name: 'queue',
    query: { pathwayKey: q.pathwayKey, healthCentreId: q.healthCentreId, limit: q.limit, offset: q.offset },
    items: rows.map((r) => ({
      id: r.id,
      patientId: r.patient_id,
      ...crossRegionAudit(actor, {
        ...r,
        via_agreement: r.serving_region_id === actor.regionId ? null : (agreementOf.get(r.health_centre_id) ?? null),
      }),
    })),
  });
  const now = new Date();
  const today = clinicDate(now);
  return {
    pathwayKey: q.pathwayKey,
    total,
    offset: q.offset,
    items: rows.map((r, i) => {
      const [y, mo, d] = r.birth_date.split('-').map(Number) as [number, number, number];
      return {
        rank: q.offset + i + 1,
        caseId: r.id,
        category: r.category,
        originalCategory: r.original_category,
        dueDate: r.due_date!,
        overdue: r.due_date! < today,
        score: Number(r.score),
        reasons: r.reasons,
        flags: r.flags,
        patient: {
          id: r.patient_id,
          name: r.patient_name,
          age: ageInYears({ year: y, month: mo, day: d }, now),
          interpreterLanguage: r.interpreter_language ?? null,
          // Beside the name, so that two patients of the same name are told apart (issue 17).
          birthDate: r.birth_date,
        },
        healthCentre: { id: r.health_centre_id, name: r.hc_name },
        triagedAt: r.triaged_at.toISOString(),
      };
    }),
  };
}
