import type { Actor } from '@app/identity';

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
export function scopeSql(alias: string, scope: PatientScope, params: unknown[]): string {
  params.push(scope.regionId);
  let sql = `${alias}.region_id = $${params.length}`;
  if (scope.healthCentreId) {
    params.push(scope.healthCentreId);
    sql += ` AND ${alias}.health_centre_id = $${params.length}`;
  }
  return sql;
}

export function inScope(scope: PatientScope, patient: { regionId: string; healthCentreId: string }): boolean {
  return patient.regionId === scope.regionId && (!scope.healthCentreId || scope.healthCentreId === patient.healthCentreId);
}
