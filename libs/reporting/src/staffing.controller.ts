import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Allow, Ctx, RequestContext } from '@app/identity';
import { StaffingImportDto, StaffingMonthDto, StaffingQueryDto } from './staffing.dto';
import { StaffingMonthResponse, StaffingImportResponse } from './reporting.responses';
import { StaffingService } from './staffing.service';

/** Issue 19, item 6: the region's hired-doctor and internal locum weeks per specialty and month (the `staffing` report reads them). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('staffing')
export class StaffingController {
  constructor(private readonly staffing: StaffingService) {}

  @Allow('region', 'admin')
  @Get()
  @ZodResponse({ status: 200, type: [StaffingMonthResponse] })
  list(@Ctx() ctx: RequestContext, @Query() q: StaffingQueryDto) {
    return this.staffing.list(ctx, q);
  }

  /** All rows or none; 422 names each problem by line and field. */
  @Allow('region', 'admin')
  @Post('import')
  @ZodResponse({ status: 200, type: StaffingImportResponse })
  import(@Ctx() ctx: RequestContext, @Body() body: StaffingImportDto) {
    return this.staffing.import(ctx, body.csv);
  }

  @Allow('region', 'admin')
  @Put()
  @ZodResponse({ status: 200, type: StaffingMonthResponse })
  put(@Ctx() ctx: RequestContext, @Body() body: StaffingMonthDto) {
    return this.staffing.put(ctx, body);
  }
}
