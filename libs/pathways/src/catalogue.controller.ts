import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Allow, Ctx, RequestContext } from '@app/identity';
import { CatalogueService } from './catalogue.service';
import { CatalogueEntryResponse, OwnPublishedPathwayResponse } from './pathways.responses';

@ApiTags('pathway catalogue')
@ApiBearerAuth()
@Controller()
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Allow('shared', 'admin')
  @Get('pathway-catalogue')
  @ZodResponse({ status: 200, type: [CatalogueEntryResponse] })
  list(@Ctx() ctx: RequestContext) {
    return this.catalogue.list(ctx.actor);
  }

  @Allow('region', 'admin')
  @Get('pathway-catalogue/own')
  @ZodResponse({ status: 200, type: [OwnPublishedPathwayResponse] })
  own(@Ctx() ctx: RequestContext) {
    return this.catalogue.own(ctx.actor);
  }

  @Allow('region', 'admin')
  @Post('pathways/:key/offer')
  @ZodResponse({ status: 201, type: CatalogueEntryResponse })
  offer(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.catalogue.offer(ctx, key);
  }

  @Allow('region', 'admin')
  @Delete('pathways/:key/offer')
  @HttpCode(204)
  @ApiNoContentResponse()
  async withdrawOffer(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    await this.catalogue.withdrawOffer(ctx, key);
  }

  @Allow('region', 'admin')
  @Post('pathway-catalogue/:key/adopt')
  @ZodResponse({ status: 201, type: CatalogueEntryResponse })
  adopt(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.catalogue.adopt(ctx, key);
  }

  @Allow('region', 'admin')
  @Delete('pathway-catalogue/:key/adopt')
  @HttpCode(204)
  @ApiNoContentResponse()
  async giveUp(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    await this.catalogue.giveUp(ctx, key);
  }
}
