import { Body, Controller, Inject, Injectable, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiError, PG_UNIQUE_VIOLATION, rowsOf } from '@app/common';
import { Allow, Ctx } from './access.decorators';
import type { RequestContext } from './actor';
import { HsaIdChangeResponse } from './identity.responses';
import { writeAudit } from './audit-row';

/** SE, the ten-digit organisation number of the unit that issued it, a dash, up to 31 letters or digits. */
export const HSA_ID = /^SE[0-9]{10}-[A-Za-z0-9]{1,31}$/;

export const HsaIdSchema = z.strictObject({
  hsaId: z.string().trim().toUpperCase().regex(HSA_ID, 'must be an HSA-id such as SE2321000016-ABC1').nullable(),
});
export class HsaIdDto extends createZodDto(HsaIdSchema) {}

const TABLES = { User: 'app_user', HealthCentre: 'health_centre', Clinic: 'clinic' } as const;
type Kind = keyof typeof TABLES;

/**
 * HSA-ids of users and care units (issue 18, #2), set by the region's administrator; audited with the
 * change. An id in use elsewhere is 409 (the catalogue gives each once); null removes it.
 */
@Injectable()
export class HsaIdService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async set(ctx: RequestContext, kind: Kind, id: string, hsaId: string | null): Promise<{ id: string; hsaId: string | null }> {
    try {
      const changed = await this.dataSource.transaction(async (m) => {
        const [before] = await rowsOf<{ hsa_id: string | null }>(
          m,
          `SELECT hsa_id FROM ${TABLES[kind]} WHERE id = $1 AND region_id = $2 FOR UPDATE`,
          [id, ctx.actor.regionId],
        );
        if (!before) return null;
        await m.query(`UPDATE ${TABLES[kind]} SET hsa_id = $2 WHERE id = $1`, [id, hsaId]);
        await writeAudit(m, ctx, {
          action: 'update',
          resourceType: kind,
          resourceId: id,
          outcome: 'success',
          detail: { change: 'hsa-id', hsaId: { from: before.hsa_id, to: hsaId } },
        });
        return { id, hsaId };
      });
      if (!changed) throw ApiError.notFound(kind === 'User' ? 'User' : kind === 'Clinic' ? 'Clinic' : 'Health centre');
      return changed;
    } catch (e) {
      if ((e as { code?: string }).code === PG_UNIQUE_VIOLATION) {
        throw ApiError.conflict('This HSA-id is already in use', undefined, [{ field: 'hsaId', reason: 'is already in use' }]);
      }
      throw e;
    }
  }
}

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('organisation')
@ApiBearerAuth()
@Controller()
export class HsaIdController {
  constructor(private readonly hsa: HsaIdService) {}

  @Allow('region', 'admin')
  @Put('users/:id/hsa-id')
  @ZodResponse({ status: 200, type: HsaIdChangeResponse })
  user(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: HsaIdDto) {
    return this.hsa.set(ctx, 'User', id, dto.hsaId);
  }

  @Allow('region', 'admin')
  @Put('health-centres/:id/hsa-id')
  @ZodResponse({ status: 200, type: HsaIdChangeResponse })
  healthCentre(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: HsaIdDto) {
    return this.hsa.set(ctx, 'HealthCentre', id, dto.hsaId);
  }

  @Allow('region', 'admin')
  @Put('clinics/:id/hsa-id')
  @ZodResponse({ status: 200, type: HsaIdChangeResponse })
  clinic(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: HsaIdDto) {
    return this.hsa.set(ctx, 'Clinic', id, dto.hsaId);
  }
}
