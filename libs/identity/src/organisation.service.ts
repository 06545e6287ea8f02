import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, PG_UNIQUE_VIOLATION, pgErrorCode, rowsOf } from '@app/common';
import type { Actor, RequestContext } from './actor';
import { writeAudit } from './audit-row';
import { toPublicUser, PublicUser } from './auth.service';
import type { CreateHealthCentreDto, CreateUserDto } from './dto/identity.dto';
import { Clinic, HealthCentre, Region, User } from './organisation.entities';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords';

@Injectable()
export class OrganisationService {
  constructor(private readonly dataSource: DataSource) {}

  listHealthCentres(actor: Actor): Promise<HealthCentre[]> {
    return this.dataSource.getRepository(HealthCentre).find({ where: { regionId: actor.regionId }, order: { name: 'ASC' } });
  }

  /** A health centre of the caller's region, or 404 (another region's centres do not exist for the caller). */
  async healthCentreInRegion(actor: Actor, id: string): Promise<HealthCentre> {
    const centre = await this.dataSource.getRepository(HealthCentre).findOne({ where: { id, regionId: actor.regionId } });
    if (!centre) throw ApiError.notFound('Health centre');
    return centre;
  }

  /** A new health centre of the admin's region, audited in the same transaction (#15.1). */
  async createHealthCentre(ctx: RequestContext, dto: CreateHealthCentreDto): Promise<HealthCentre> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const centre = await m.getRepository(HealthCentre).save({
          regionId: ctx.actor.regionId,
          name: dto.name,
          municipality: dto.municipality ?? null,
          roadDistanceKm: dto.roadDistanceKm,
          travelMinutes: dto.travelMinutes ?? null,
        });
        await writeAudit(m, ctx, {
          action: 'create',
          resourceType: 'HealthCentre',
          resourceId: centre.id,
          outcome: 'success',
          detail: {
            name: dto.name,
            municipality: dto.municipality ?? null,
            roadDistanceKm: dto.roadDistanceKm,
            travelMinutes: dto.travelMinutes ?? null,
          },
        });
        return centre;
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw ApiError.conflict('A health centre with that name exists in the region', undefined, [
          { field: 'name', reason: 'already used in this region' },
        ]);
      }
      throw e;
    }
  }

  listClinics(actor: Actor): Promise<Clinic[]> {
    return this.dataSource.getRepository(Clinic).find({ where: { regionId: actor.regionId }, order: { name: 'ASC' } });
  }

  region(actor: Actor): Promise<Region | null> {
    return this.dataSource.getRepository(Region).findOne({ where: { id: actor.regionId } });
  }

  async listUsers(actor: Actor): Promise<PublicUser[]> {
    const users = await this.dataSource.getRepository(User).find({ where: { regionId: actor.regionId }, order: { username: 'ASC' } });
    return users.map((u) => ({ ...toPublicUser(u), active: u.active }));
  }

  /**
   * Deactivates or reactivates a user of the admin's region, audited in the same transaction (#15.1);
   * deactivation ends her tokens and sockets at once.
   */
  async setActive(ctx: RequestContext, userId: string, active: boolean, revoke: (id: string) => Promise<void>): Promise<PublicUser> {
    const actor = ctx.actor;
    if (userId === actor.userId && !active) throw ApiError.conflict('You cannot deactivate yourself');
    const user = await this.dataSource.transaction(async (m) => {
      const [before] = await rowsOf<{ active: boolean }>(m, 'SELECT active FROM app_user WHERE id = $1 AND region_id = $2 FOR UPDATE', [
        userId,
        actor.regionId,
      ]);
      if (!before) return undefined;
      const [row] = await rowsOf<User>(
        m,
        `UPDATE app_user SET active = $3, updated_at = now() WHERE id = $1 AND region_id = $2
         RETURNING id, username, display_name AS "displayName", role, health_centre_id AS "healthCentreId", clinic_id AS "clinicId", region_id AS "regionId", active`,
        [userId, actor.regionId, active],
      );
      await writeAudit(m, ctx, {
        action: 'update',
        resourceType: 'User',
        resourceId: userId,
        outcome: 'success',
        detail: { change: active ? 'activate' : 'deactivate', active: { from: before.active, to: active }, username: row!.username },
      });
      return row;
    });
    if (!user) throw ApiError.notFound('User');
    if (!active) await revoke(userId);
    return { ...toPublicUser(user), active: user.active };
  }

  /** A new user of the admin's region, audited in the same transaction (#15.1; never the password or its hash). */
  async createUser(ctx: RequestContext, dto: CreateUserDto): Promise<PublicUser> {
    const actor = ctx.actor;
    const problems: Array<{ field: string; reason: string }> = [];
    if (dto.password.length < MIN_PASSWORD_LENGTH) {
      problems.push({ field: 'password', reason: `must be at least ${MIN_PASSWORD_LENGTH} characters` });
    }
    let healthCentreId: string | null = null;
    let clinicId: string | null = null;
    if (dto.role === 'nurse') {
      if (!dto.healthCentreId) problems.push({ field: 'healthCentreId', reason: 'a nurse belongs to one health centre' });
      else if (!(await this.dataSource.getRepository(HealthCentre).exists({ where: { id: dto.healthCentreId, regionId: actor.regionId } })))
        problems.push({ field: 'healthCentreId', reason: 'no such health centre in your region' });
      else healthCentreId = dto.healthCentreId;
    } else if (dto.healthCentreId) {
      problems.push({ field: 'healthCentreId', reason: 'only nurses belong to a health centre' });
    }
    if (dto.role === 'specialist') {
      const clinics = await this.listClinics(actor);
      const chosen = dto.clinicId ? clinics.find((c) => c.id === dto.clinicId) : clinics.length === 1 ? clinics[0] : undefined;
      if (!chosen)
        problems.push({
          field: 'clinicId',
          reason: dto.clinicId ? 'no such clinic in your region' : 'a specialist belongs to a clinic: name it',
        });
      else clinicId = chosen.id;
    } else if (dto.clinicId) {
      problems.push({ field: 'clinicId', reason: 'only specialists belong to a clinic' });
    }
    if (problems.length > 0) throw ApiError.invalid('The user cannot be created', problems);
    const passwordHash = await hashPassword(dto.password);
    try {
      const saved = await this.dataSource.transaction(async (m) => {
        const user = await m.getRepository(User).save({
          username: dto.username,
          displayName: dto.displayName,
          passwordHash,
          role: dto.role,
          regionId: actor.regionId,
          healthCentreId,
          clinicId,
          active: true,
          tokenVersion: 0,
        });
        await writeAudit(m, ctx, {
          action: 'create',
          resourceType: 'User',
          resourceId: user.id,
          outcome: 'success',
          detail: { username: user.username, displayName: user.displayName, role: user.role, healthCentreId, clinicId },
        });
        return user;
      });
      return toPublicUser(saved);
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw ApiError.conflict('That username is taken', undefined, [{ field: 'username', reason: 'already taken' }]);
      }
      throw e;
    }
  }
}
