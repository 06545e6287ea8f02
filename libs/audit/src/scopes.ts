import type { EntityManager } from 'typeorm';
import { ApiError, CLINIC_TODAY_SQL } from '@app/common';
import type { Actor, RequestContext } from '@app/identity';

/*
 * Whose data a caller reaches, in one place and one vocabulary: her own health centre, her own region,
 * another region's under an agreement, and the side she is booked for (a visit). Every query on patient
 * data takes its predicate from here; routes declare the same vocabulary with `@Allow(scope, ...roles)`.
 */

// ---- Patients: own centre (nurse), own region (specialist, admin).

/**
 * Where a caller may see patients. Every query on patient data takes one, so the scope cannot be
 * forgotten: a nurse sees her health centre's patients, specialists and admins their region's.
 */
export type PatientScope = { regionId: string; healthCentreId?: string };

export function patientScopeOf(actor: Actor): PatientScope {
  return actor.role === 'nurse' && actor.healthCentreId
    ? { regionId: actor.regionId, healthCentreId: actor.healthCentreId }
    : { regionId: actor.regionId };
}

/** SQL predicate for a scope over a patient alias; parameters are appended to `params`. */
export function patientScopeSql(alias: string, scope: PatientScope, params: unknown[]): string {
  params.push(scope.regionId);
  let sql = `${alias}.region_id = $${params.length}`;
  if (scope.healthCentreId) {
    params.push(scope.healthCentreId);
    sql += ` AND ${alias}.health_centre_id = $${params.length}`;
  }
  return sql;
}

export function patientInScope(scope: PatientScope, patient: { regionId: string; healthCentreId: string }): boolean {
  return patient.regionId === scope.regionId && (!scope.healthCentreId || scope.healthCentreId === patient.healthCentreId);
}

/** A nurse acts for her own health centre only (registers its patients, lists its cases); the other roles for any centre of their scope. */
export function mayActForCentre(actor: Pick<Actor, 'role' | 'healthCentreId'>, healthCentreId: string): boolean {
  return actor.role !== 'nurse' || actor.healthCentreId === healthCentreId;
}

// ---- Triage cases: own centre (nurse), own region or the region served (admin), served region or agreement (specialist).

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

/**
 * The cases (alias) whose serving region is the caller's: her region's patients' unless routed elsewhere, and those
 * routed to it by an adopted pathway; not another region's served under an agreement. The auto-scheduler books these.
 */
export function servedCasesSql(alias: string, actor: Pick<Actor, 'regionId'>, params: unknown[]): string {
  return `${alias}.serving_region_id = $${params.push(actor.regionId)}`;
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

/**
 * The centres of other regions whose queue of a pathway the caller reads because an active agreement lets her
 * region serve them, each with that agreement (the earliest accepted): a specialist's only.
 */
export async function agreementQueueCentres(
  m: Pick<EntityManager, 'query'>,
  actor: Actor,
  pathwayKey: string,
): Promise<Map<string, string>> {
  if (actor.role !== 'specialist') return new Map();
  const covered: Array<{ health_centre_id: string; agreement_id: string }> = await m.query(
    `SELECT DISTINCT ON (health_centre_id) health_centre_id, agreement_id FROM agreement_coverage($1, ${CLINIC_TODAY_SQL})
      WHERE pathway_key = $2 ORDER BY health_centre_id, accepted_at`,
    [actor.regionId, pathwayKey],
  );
  return new Map(covered.map((c) => [c.health_centre_id, c.agreement_id]));
}

/**
 * Whether the specialist (an SQL expression) serves a specialty (an SQL expression, NULL for a pathway
 * that names none): a case goes only to a specialist of its pathway's specialty.
 */
export function specialistServesSql(specialistId: string, specialty: string): string {
  return `(${specialty} IS NULL OR EXISTS (SELECT 1 FROM user_specialty us WHERE us.user_id = ${specialistId} AND us.specialty_key = ${specialty}))`;
}

/** Whether the caller reads her region's own queue of a pathway: a specialist only with its specialty (issue 19; a pathway naming none: all). */
export async function readsOwnQueue(m: Pick<EntityManager, 'query'>, actor: Actor, specialty: string | undefined): Promise<boolean> {
  if (actor.role !== 'specialist' || !specialty) return true;
  const [row]: Array<{ serves: boolean }> = await m.query(`SELECT ${specialistServesSql('$1::uuid', '$2::text')} AS serves`, [
    actor.userId,
    specialty,
  ]);
  return row!.serves;
}

/** Whether a pathway version (alias) names one of the caller's specialties, as SQL: a specialist's only (issue 19). */
export function ownSpecialtySql(version: string, actor: Pick<Actor, 'role' | 'userId'>, params: unknown[]): string {
  // Cast, so it may order rows too: PostgreSQL refuses a bare `false` in ORDER BY (a non-integer constant).
  if (actor.role !== 'specialist') return 'false::boolean';
  const specialty = `(${version}.definition->>'specialty')`;
  return `(${specialty} IS NOT NULL AND ${specialistServesSql(`$${params.push(actor.userId)}::uuid`, specialty)})`;
}

/**
 * `readsOwnQueue` as SQL over pathways (alias): the pathways whose queue of her region the caller reads. A specialist
 * those whose published version names one of her specialties or none (or that have none published); the others all.
 */
export function ownQueueSql(pathway: string, actor: Pick<Actor, 'role' | 'userId'>, params: unknown[]): string {
  if (actor.role !== 'specialist') return 'true';
  return `NOT EXISTS (SELECT 1 FROM pathway_version pv WHERE pv.pathway_key = ${pathway}.key AND pv.status = 'published'
            AND pv.definition ? 'specialty' AND NOT ${ownSpecialtySql('pv', actor, params)})`;
}

/** The pathways (alias) of which an active agreement gives the caller's region other regions' queues, as SQL: a specialist's only (see `agreementQueueCentres`). */
export function agreementQueueSql(pathway: string, actor: Pick<Actor, 'role' | 'regionId'>, params: unknown[]): string {
  if (actor.role !== 'specialist') return 'false';
  return `EXISTS (SELECT 1 FROM agreement_coverage($${params.push(actor.regionId)}, ${CLINIC_TODAY_SQL}) ac WHERE ac.pathway_key = ${pathway}.key)`;
}

/**
 * What a caller hears live (her socket's rooms): a nurse her own centre's events; specialists and admins the queues of
 * their region's pathways (those `ownQueueSql` lets her read); a specialist also the queues agreements give her region.
 */
export function liveScopeOf(actor: Pick<Actor, 'role' | 'healthCentreId'>): {
  healthCentreId: string | null;
  regionQueues: boolean;
  agreementQueues: boolean;
} {
  return {
    healthCentreId: actor.role === 'nurse' ? actor.healthCentreId : null,
    regionQueues: actor.role !== 'nurse',
    agreementQueues: actor.role === 'specialist',
  };
}

// ---- Clinic sessions: own region, and a specialist's own sessions elsewhere (agreement).

/**
 * Sessions (alias `cs`) a caller plans and books in: her region's, and for a specialist also her own
 * sessions at another region's centres under an agreement.
 */
export function sessionScopeSql(actor: Pick<Actor, 'role' | 'regionId' | 'userId'>, params: unknown[]): string {
  const region = `cs.region_id = $${params.push(actor.regionId)}::uuid`;
  return actor.role === 'specialist' ? `(${region} OR cs.specialist_id = $${params.push(actor.userId)}::uuid)` : region;
}

/** The sessions a caller's calendar shows: those she plans and books in (`sessionScopeSql`), a nurse's own centre's only. */
export function calendarScopeSql(actor: Pick<Actor, 'role' | 'regionId' | 'userId' | 'healthCentreId'>, params: unknown[]): string {
  const sessions = sessionScopeSql(actor, params);
  return actor.role === 'nurse' ? `${sessions} AND cs.health_centre_id = $${params.push(actor.healthCentreId)}` : sessions;
}

/** The calendar a caller's secret feed URL serves (the query of `GET /calendar.ics`): a specialist her own sessions; a nurse her centre's (`calendarCentreOf`), an admin her region's. */
export function feedCalendarOf(actor: Pick<Actor, 'role' | 'userId'>): { specialistId?: string } {
  return actor.role === 'specialist' ? { specialistId: actor.userId } : {};
}

/**
 * The health centre whose sessions a caller's calendar feed shows: a nurse her own centre's, whatever the query
 * names; the others the centre the query names, or none (the region's sessions).
 */
export function calendarCentreOf(actor: Pick<Actor, 'role' | 'healthCentreId'>, requested: string | undefined): string | undefined {
  return actor.role === 'nurse' ? (actor.healthCentreId ?? undefined) : requested;
}

// ---- Visits: the booked side.

/** Which side of a visit a caller is. */
export type Side = 'centre' | 'specialist';

/** Which side of the visit the caller is, or null: the booked specialist and the staff of the patient's centre only. */
export function visitSideOf(
  actor: Pick<Actor, 'role' | 'userId' | 'healthCentreId'>,
  v: { specialist_id: string; health_centre_id: string },
): Side | null {
  if (actor.role === 'specialist' && actor.userId === v.specialist_id) return 'specialist';
  if (actor.role === 'nurse' && actor.healthCentreId === v.health_centre_id) return 'centre';
  return null;
}

/**
 * The visits (aliases `v` for the visit, `c` for its case) a caller lists: a specialist her own, also at
 * another region's centres under an agreement; a nurse her centre's; an admin her region's patients'.
 */
export function visitScopeSql(actor: Actor, params: unknown[]): string {
  if (actor.role === 'specialist') return `v.specialist_id = $${params.push(actor.userId)}`;
  const region = `c.region_id = $${params.push(actor.regionId)}`;
  return actor.role === 'nurse' ? `${region} AND v.health_centre_id = $${params.push(actor.healthCentreId)}` : region;
}

/** Who is told that a visit exists (a 403 rather than a 404 when she may not act on it): its sides and the patient's region. */
export function visitKnownTo(actor: Actor, v: { specialist_id: string; health_centre_id: string; region_id: string }): boolean {
  return visitSideOf(actor, v) !== null || actor.regionId === v.region_id;
}

/** A visit's sides read it, and so does the admin of the patient's region. */
export function canReadVisit(actor: Actor, v: { specialist_id: string; health_centre_id: string; region_id: string }): boolean {
  return visitSideOf(actor, v) !== null || (actor.role === 'admin' && actor.regionId === v.region_id);
}

// ---- Referrals between installations: the referring centre (outgoing), the receiving region (incoming).

/**
 * Which federated referrals (alias) a caller may see, as SQL (parameters appended to `params`): a nurse her
 * centre's outgoing referrals; a specialist her region's incoming ones and those she sent; an admin her region's.
 */
export function referralScopeSql(alias: string, actor: Actor, params: unknown[]): string {
  if (actor.role === 'nurse')
    return `(${alias}.direction = 'outgoing' AND ${alias}.health_centre_id = $${params.push(actor.healthCentreId)})`;
  const region = `${alias}.region_id = $${params.push(actor.regionId)}`;
  if (actor.role === 'specialist')
    return `(${region} AND (${alias}.direction = 'incoming' OR ${alias}.referred_by = $${params.push(actor.userId)}))`;
  return `(${region})`;
}

// ---- Agreements between regions: the two parties (admin), the active ones her region provides (specialist).

/**
 * Which agreements (alias) a caller sees: an admin those her region provides or receives; a specialist the
 * active ones her region provides, whose queues she may serve (see `caseScopeSql`).
 */
export function agreementScopeSql(alias: string, actor: Pick<Actor, 'role' | 'regionId'>, params: unknown[]): string {
  const region = `$${params.push(actor.regionId)}`;
  return actor.role === 'admin'
    ? `(${alias}.provider_region_id = ${region} OR ${alias}.receiver_region_id = ${region})`
    : `(${alias}.provider_region_id = ${region} AND ${alias}.status = 'active')`;
}

// ---- Organisation: own region.

/** A health centre of the caller's region, or 404: centres of other regions do not exist for her. */
export async function centreInRegion(m: EntityManager, ctx: RequestContext, id: string): Promise<{ id: string; name: string }> {
  const [centre] = await m.query('SELECT id, name FROM health_centre WHERE id = $1 AND region_id = $2', [id, ctx.actor.regionId]);
  if (!centre) throw ApiError.notFound('Health centre');
  return centre;
}

/** The health centres whose staff's lists a caller reads: a nurse her own; an admin her region's, or one of them; 404 for any other. */
export async function centresInScope(m: Pick<EntityManager, 'query'>, actor: Actor, healthCentreId: string | undefined): Promise<string[]> {
  if (actor.role === 'nurse') {
    if (healthCentreId && healthCentreId !== actor.healthCentreId) throw ApiError.notFound('Health centre');
    return [actor.healthCentreId as string];
  }
  const rows: Array<{ id: string }> = await m.query(`SELECT id FROM health_centre WHERE region_id = $1 AND ($2::uuid IS NULL OR id = $2)`, [
    actor.regionId,
    healthCentreId ?? null,
  ]);
  if (healthCentreId && rows.length === 0) throw ApiError.notFound('Health centre');
  return rows.map((r) => r.id);
}
