import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { ApiError } from '@app/common';
import { Public } from '@app/identity';
import { MIGRATIONS } from '../../../migrations';
import { HealthResponse } from './operations.responses';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** Ready: the database answers and every migration has run. */
  @Public()
  @Get()
  @ZodResponse({ status: 200, type: HealthResponse })
  health(): Promise<{ status: 'ok' }> {
    return this.ready();
  }

  /** Liveness: the process answers; no dependency is asked, so a slow database does not restart it. */
  @Public()
  @Get('live')
  @ZodResponse({ status: 200, type: HealthResponse })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ZodResponse({ status: 200, type: HealthResponse })
  async ready(): Promise<{ status: 'ok' }> {
    try {
      const [{ n }] = await this.dataSource.query('SELECT count(*)::int AS n FROM migrations');
      if (n < MIGRATIONS.length) throw new Error('migrations pending');
    } catch {
      throw new ApiError(503, 'Not ready: the database does not answer or migrations are pending');
    }
    return { status: 'ok' };
  }
}
