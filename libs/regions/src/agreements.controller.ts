import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, RequestContext } from '@app/identity';
import { ProposeAgreementDto } from './agreements.dto';
import { AgreementsService } from './agreements.service';

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('regions')
@ApiBearerAuth()
@Controller()
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Allow('shared', 'admin')
  @Get('regions')
  regions() {
    return this.agreements.regions();
  }

  @Allow('agreement', 'admin', 'specialist')
  @Get('agreements')
  list(@Ctx() ctx: RequestContext) {
    return this.agreements.list(ctx);
  }

  @Allow('agreement', 'admin')
  @Post('agreements')
  propose(@Ctx() ctx: RequestContext, @Body() body: ProposeAgreementDto) {
    return this.agreements.propose(ctx, body);
  }

  @Allow('agreement', 'admin')
  @Get('agreements/:id')
  get(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.agreements.get(ctx, id);
  }

  @Allow('agreement', 'admin')
  @Post('agreements/:id/accept')
  @HttpCode(200)
  accept(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.agreements.accept(ctx, id);
  }

  @Allow('agreement', 'admin')
  @Post('agreements/:id/terminate')
  @HttpCode(200)
  terminate(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.agreements.terminate(ctx, id);
  }
}
