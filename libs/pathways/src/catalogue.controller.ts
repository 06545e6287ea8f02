import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, RequestContext } from '@app/identity';
import { CatalogueService } from './catalogue.service';

@ApiTags('pathway catalogue')
@ApiBearerAuth()
@Controller()
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Allow('shared', 'admin')
  @Get('pathway-catalogue')
  list(@Ctx() ctx: RequestContext) {
    return this.catalogue.list(ctx.actor);
  }

  @Allow('region', 'admin')
  @Get('pathway-catalogue/own')
  own(@Ctx() ctx: RequestContext) {
    return this.catalogue.own(ctx.actor);
  }

  @Allow('region', 'admin')
  @Post('pathways/:key/offer')
  offer(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.catalogue.offer(ctx, key);
  }

  @Allow('region', 'admin')
  @Delete('pathways/:key/offer')
  @HttpCode(204)
  async withdrawOffer(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    await this.catalogue.withdrawOffer(ctx, key);
  }

  @Allow('region', 'admin')
  @Post('pathway-catalogue/:key/adopt')
  adopt(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.catalogue.adopt(ctx, key);
  }

  @Allow('region', 'admin')
  @Delete('pathway-catalogue/:key/adopt')
  @HttpCode(204)
  async giveUp(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    await this.catalogue.giveUp(ctx, key);
  }
}
