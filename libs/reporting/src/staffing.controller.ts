import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, RequestContext } from '@app/identity';
import { StaffingImportDto, StaffingMonthDto, StaffingQueryDto } from './staffing.dto';
import { StaffingService } from './staffing.service';

/** Issue 19, item 6: the region's hired-doctor and internal locum weeks per specialty and month (the `staffing` report reads them). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('staffing')
export class StaffingController {
  constructor(private readonly staffing: StaffingService) {}

  @Allow('region', 'admin')
  @Get()
  list(@Ctx() ctx: RequestContext, @Query() q: StaffingQueryDto) {
    return this.staffing.list(ctx, q);
  }

  /** All rows or none; 422 names each problem by line and field. */
  @Allow('region', 'admin')
  @Post('import')
  @HttpCode(200)
  import(@Ctx() ctx: RequestContext, @Body() body: StaffingImportDto) {
    return this.staffing.import(ctx, body.csv);
  }

  @Allow('region', 'admin')
  @Put()
  put(@Ctx() ctx: RequestContext, @Body() body: StaffingMonthDto) {
    return this.staffing.put(ctx, body);
  }
}
