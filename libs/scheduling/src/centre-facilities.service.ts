import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, centreInRegion } from '@app/audit';
import { ApiError, pgErrorCode, PG_UNIQUE_VIOLATION } from '@app/common';
import { RequestContext } from '@app/identity';

/** Road km between two centres, or undefined when they are not recorded as neighbours. */
export async function roadKmBetween(m: EntityManager, from: string, to: string): Promise<number | undefined> {
  if (from === to) return 0;
  const [row] = await m.query('SELECT road_km::float AS km FROM health_centre_distance WHERE from_centre_id = $1 AND to_centre_id = $2', [
    from,
    to,
  ]);
  return row?.km;
}

/** What a health centre has for visits: its video rooms, and the road distances to its neighbours. */
@Injectable()
export class CentreFacilitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async rooms(ctx: RequestContext, healthCentreId: string) {
    await centreInRegion(this.dataSource.manager, ctx, healthCentreId);
    return this.dataSource.query('SELECT id, name, active FROM health_centre_room WHERE health_centre_id = $1 ORDER BY name', [
      healthCentreId,
    ]);
  }

  async createRoom(ctx: RequestContext, healthCentreId: string, name: string) {
    await centreInRegion(this.dataSource.manager, ctx, healthCentreId);
    try {
      return await this.dataSource.transaction(async (m) => {
        const [room] = await m.query('INSERT INTO health_centre_room (health_centre_id, name) VALUES ($1, $2) RETURNING id, name, active', [
          healthCentreId,
          name,
        ]);
        await this.audit.record(m, ctx, {
          action: 'create',
          resourceType: 'Room',
          resourceId: room.id,
          outcome: 'success',
          detail: { healthCentreId, name },
        });
        return room;
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw ApiError.conflict('The centre has a room with that name', undefined, [{ field: 'name', reason: 'already used' }]);
      }
      throw e;
    }
  }

  /** Road distances to neighbouring centres, stored both ways. */
  async neighbours(ctx: RequestContext, healthCentreId: string) {
    await centreInRegion(this.dataSource.manager, ctx, healthCentreId);
    return this.dataSource.query(
      `SELECT d.to_centre_id AS "healthCentreId", h.name, d.road_km::float AS "roadKm" FROM health_centre_distance d
         JOIN health_centre h ON h.id = d.to_centre_id WHERE d.from_centre_id = $1 ORDER BY d.road_km`,
      [healthCentreId],
    );
  }

  async setNeighbour(ctx: RequestContext, healthCentreId: string, otherId: string, roadKm: number) {
    await centreInRegion(this.dataSource.manager, ctx, healthCentreId);
    await centreInRegion(this.dataSource.manager, ctx, otherId);
    if (otherId === healthCentreId) {
      throw ApiError.invalid('A centre is not its own neighbour', [{ field: 'healthCentreId', reason: 'must be another centre' }]);
    }
    await this.dataSource.transaction(async (m) => {
      const [before] = await m.query(
        'SELECT road_km::float AS km FROM health_centre_distance WHERE from_centre_id = $1 AND to_centre_id = $2',
        [healthCentreId, otherId],
      );
      await m.query(
        `INSERT INTO health_centre_distance (from_centre_id, to_centre_id, road_km) VALUES ($1, $2, $3), ($2, $1, $3)
         ON CONFLICT (from_centre_id, to_centre_id) DO UPDATE SET road_km = EXCLUDED.road_km`,
        [healthCentreId, otherId, roadKm],
      );
      await this.audit.record(m, ctx, {
        action: before ? 'update' : 'create',
        resourceType: 'RoadDistance',
        resourceId: healthCentreId,
        outcome: 'success',
        detail: { between: [healthCentreId, otherId], roadKm: before ? { from: before.km, to: roadKm } : roadKm },
      });
    });
    return this.neighbours(ctx, healthCentreId);
  }
}
