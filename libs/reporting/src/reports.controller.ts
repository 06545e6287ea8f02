import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { toCsv } from './csv';
import { ReportQueryDto, ReportSettingsDto } from './reports.dto';
import { ReportResult, ReportsService } from './reports.service';

/** `Accept: text/csv` (alone or preferred over JSON) asks for the CSV file instead of JSON. */
export function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type!.trim(), q: q ? Number(q.slice(2)) : 1 };
  });
  const csv = Math.max(0, ...types.filter((t) => t.type === 'text/csv').map((t) => t.q));
  const json = Math.max(
    0,
    ...types.filter((t) => t.type === 'application/json' || t.type === '*/*' || t.type === 'application/*').map((t) => t.q),
  );
  return csv > 0 && csv >= json;
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Allow('shared', 'admin')
  @Get()
  list() {
    return this.reports.list();
  }

  /** The region's inputs to the reports (declared before `:id`, so "settings" is not taken for a report). */
  @Allow('region', 'admin')
  @Get('settings')
  settings(@Ctx() ctx: RequestContext) {
    return this.reports.settings(ctx);
  }

  @Allow('region', 'admin')
  @Put('settings')
  updateSettings(@Ctx() ctx: RequestContext, @Body() dto: ReportSettingsDto) {
    return this.reports.updateSettings(ctx, dto.externalLocumWeeklyCost);
  }

  @Allow('region', 'admin')
  @RateLimit('read')
  @Get(':id')
  @ApiProduces('application/json', 'text/csv')
  async run(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() q: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReportResult | string> {
    const result = await this.reports.run(ctx, id, q.from, q.to);
    if (!wantsCsv(accept)) return result;
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="${result.id}_${result.from}_${result.to}.csv"`);
    return toCsv(result.columns, result.rows, q.csvStyle);
  }
}
