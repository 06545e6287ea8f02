import type { Role, User } from './organisation.entities';

/** Who is calling, resolved on the server from the access token and the user row. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  regionId: string;
  healthCentreId: string | null;
  clinicId: string | null;
}

/** The actor a user acts as (a token's user, a sign-in through the region's IdP). */
export function actorOf(u: Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'regionId' | 'healthCentreId' | 'clinicId'>): Actor {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    regionId: u.regionId,
    healthCentreId: u.healthCentreId,
    clinicId: u.clinicId,
  };
}

/** What every audited service call needs to know about the request. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  clientIp: string | null;
  /** The sign-in session of the access token (HTTP requests; issue 18). */
  sessionId?: string;
}

export type CareUnit = { type: 'health_centre' | 'clinic' | 'region'; id: string };

export function careUnitOf(actor: Actor): CareUnit {
  if (actor.role === 'nurse' && actor.healthCentreId) return { type: 'health_centre', id: actor.healthCentreId };
  if (actor.role === 'specialist' && actor.clinicId) return { type: 'clinic', id: actor.clinicId };
  return { type: 'region', id: actor.regionId };
}
