import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Allow, Ctx, RequestContext } from '@app/identity';
import { ProposeAgreementDto } from './agreements.dto';
import { AgreementsService } from './agreements.service';
import { AgreementResponse, RegionResponse } from './regions.responses';

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('regions')
@ApiBearerAuth()
@Controller()
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Allow('shared', 'admin')
  @Get('regions')
  @ZodResponse({ status: 200, type: [RegionResponse] })
  regions() {
    return this.agreements.regions();
  }

  @Allow('agreement', 'admin', 'specialist')
  @Get('agreements')
  @ZodResponse({ status: 200, type: [AgreementResponse] })
  list(@Ctx() ctx: RequestContext) {
    return this.agreements.list(ctx);
  }

  @Allow('agreement', 'admin')
  @Post('agreements')
  @ZodResponse({ status: 201, type: AgreementResponse })
  propose(@Ctx() ctx: RequestContext, @Body() body: ProposeAgreementDto) {
    return this.agreements.propose(ctx, body);
  }

  @Allow('agreement', 'admin')
  @Get('agreements/:id')
  @ZodResponse({ status: 200, type: AgreementResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.agreements.get(ctx, id);
  }

  @Allow('agreement', 'admin')
  @Post('agreements/:id/accept')
  @ZodResponse({ status: 200, type: AgreementResponse })
  accept(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.agreements.accept(ctx, id);
  }

  @Allow('agreement', 'admin')
  @Post('agreements/:id/terminate')
  @ZodResponse({ status: 200, type: AgreementResponse })
  terminate(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.agreements.terminate(ctx, id);
  }
}
