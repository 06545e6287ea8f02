import { Body, Controller, Get, Headers, Param, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { toCsv } from './csv';
import { ReportQueryDto, ReportSettingsDto } from './reports.dto';
import { ReportsService } from './reports.service';
import {
  JsonOrCsvResponse,
  ReportResultResponse,
  type ReportResultWire,
  ReportSettingsResponse,
  ReportSummaryResponse,
} from './reporting.responses';

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

/**
 * The CSV file as the answer, with its type, name and length: a file passes the response serializer, which
 * checks the route's JSON answer (a string would be checked against that schema).
 */
export function csvFile(res: FastifyReply, csv: string, filename: string): StreamableFile {
  const bytes = Buffer.from(csv, 'utf8');
  res.header('Content-Type', 'text/csv; charset=utf-8');
  res.header('Content-Disposition', `attachment; filename="${filename}"`);
  return new StreamableFile(bytes, { length: bytes.length });
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Allow('shared', 'admin')
  @Get()
  @ZodResponse({ status: 200, type: [ReportSummaryResponse] })
  list() {
    return this.reports.list();
  }

  /** The region's inputs to the reports (declared before `:id`, so "settings" is not taken for a report). */
  @Allow('region', 'admin')
  @Get('settings')
  @ZodResponse({ status: 200, type: ReportSettingsResponse })
  settings(@Ctx() ctx: RequestContext) {
    return this.reports.settings(ctx);
  }

  @Allow('region', 'admin')
  @Put('settings')
  @ZodResponse({ status: 200, type: ReportSettingsResponse })
  updateSettings(@Ctx() ctx: RequestContext, @Body() dto: ReportSettingsDto) {
    return this.reports.updateSettings(ctx, dto.externalLocumWeeklyCost);
  }

  @Allow('region', 'admin')
  @RateLimit('read')
  @Get(':id')
  @JsonOrCsvResponse(ReportResultResponse)
  async run(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() q: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReportResultWire | StreamableFile> {
    const result = await this.reports.run(ctx, id, q.from, q.to);
    if (!wantsCsv(accept)) return result;
    return csvFile(res, toCsv(result.columns, result.rows, q.csvStyle), `${result.id}_${result.from}_${result.to}.csv`);
  }
}
