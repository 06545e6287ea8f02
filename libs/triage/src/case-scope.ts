import { CLINIC_TODAY_SQL } from '@app/common';
import type { Actor } from '@app/identity';

/**
 * Which triage cases a caller may see, as an SQL predicate over a `triage_case` alias (parameters
 * appended to `params`). The one place that decides it, for every route that reads or changes a case:
 * - a nurse: her own health centre's cases;
 * - an admin: her region's patients' cases, and the cases her region serves (adopted pathways);
 * - a specialist: the cases her region serves, and another region's cases that an active agreement
 *   lets her region serve (that region's covered centres and pathways only).
 */
export function caseScopeSql(alias: string, actor: Actor, params: unknown[]): string {
  const region = `$${params.push(actor.regionId)}::uuid`;
  if (actor.role === 'nurse') {
    return `(${alias}.region_id = ${region} AND ${alias}.health_centre_id = $${params.push(actor.healthCentreId)}::uuid)`;
  }
  if (actor.role === 'admin') return `(${alias}.region_id = ${region} OR ${alias}.serving_region_id = ${region})`;
  // The centre pre-filter is one hashed subquery, so the agreement lookup runs only for covered centres' cases.
  const covered = `SELECT health_centre_id FROM agreement_coverage(${region}, ${CLINIC_TODAY_SQL})`;
  return `(${alias}.serving_region_id = ${region} OR (${alias}.health_centre_id IN (${covered}) AND (${agreementSql(alias, region)}) IS NOT NULL))`;
}

/** The agreement under which `region` serves the case, as SQL (NULL when none does). */
export function agreementSql(alias: string, region: string): string {
  return `CASE WHEN ${alias}.serving_region_id = ${alias}.region_id AND ${alias}.region_id <> ${region}
    THEN agreement_serving(${region}, ${alias}.region_id, ${alias}.pathway_key, ${alias}.health_centre_id, ${CLINIC_TODAY_SQL}) END`;
}

/**
 * The audit fields of a read or change of a case: when it is another region's patient, the row
 * names that region too, and the agreement or routing that allowed it.
 */
export function crossRegionAudit(
  actor: Actor,
  c: { region_id: string; serving_region_id?: string; via_agreement?: string | null },
): { dataRegionId?: string; detail?: Record<string, unknown> } {
  if (c.region_id === actor.regionId) return {};
  if (c.via_agreement) return { dataRegionId: c.region_id, detail: { agreementId: c.via_agreement } };
  return { dataRegionId: c.region_id, detail: { via: c.serving_region_id === actor.regionId ? 'adopted_pathway' : 'booked_visit' } };
}
