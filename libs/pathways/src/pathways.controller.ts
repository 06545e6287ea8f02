import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ApiError } from '@app/common';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { pathwayDefinitionJsonSchema } from './core';
import { PathwaysService } from './pathways.service';

const EvaluateSchema = z.strictObject({ answers: z.record(z.string(), z.unknown()) });
class EvaluateDto extends createZodDto(EvaluateSchema) {}

/**
 * A definition is checked by the pathway core (422 naming each problem), so the edge only asks for an
 * object; the read-only envelope a GET returns (version, status, updatedAt) may come back and is dropped.
 */
const DefinitionSchema = z.record(z.string(), z.unknown()).transform(({ version: _v, status: _s, updatedAt: _u, ...definition }) => definition);
class DefinitionDto extends createZodDto(DefinitionSchema) {}

@ApiTags('pathways')
@ApiBearerAuth()
@Controller('pathways')
export class PathwaysController {
  constructor(private readonly pathways: PathwaysService) {}

  @Allow('nurse', 'specialist', 'admin')
  @Get()
  list(@Ctx() ctx: RequestContext) {
    return this.pathways.list(ctx.actor);
  }

  @Allow('nurse', 'specialist', 'admin')
  @Get('schema')
  schema() {
    return pathwayDefinitionJsonSchema;
  }

  @Allow('admin')
  @Post()
  create(@Ctx() ctx: RequestContext, @Body() body: DefinitionDto) {
    return this.pathways.create(ctx.actor, body);
  }

  @Allow('nurse', 'specialist', 'admin')
  @Get(':key')
  async get(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    const p = await this.pathways.published(ctx.actor, key);
    return { ...p.definition, version: p.row.version, status: p.row.status };
  }

  @Allow('nurse', 'specialist', 'admin')
  @RateLimit('preview')
  @Post(':key/evaluate')
  @HttpCode(200)
  async evaluate(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: EvaluateDto) {
    const p = await this.pathways.published(ctx.actor, key);
    // The preview takes a form that is not complete yet: three-valued, it may already decide (#15.2).
    const assessed = p.compiled.assess(body.answers);
    if (!assessed.ok) throw ApiError.invalid('The answers are not valid for this pathway', assessed.issues);
    return { pathwayKey: key, pathwayVersion: p.row.version, ...assessed.assessment };
  }

  @Allow('nurse', 'specialist', 'admin')
  @Get(':key/versions')
  versions(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.pathways.versions(ctx.actor, key);
  }

  @Allow('nurse', 'specialist', 'admin')
  @Get(':key/versions/:version')
  async version(@Ctx() ctx: RequestContext, @Param('key') key: string, @Param('version', ParseIntPipe) version: number) {
    const p = await this.pathways.version(ctx.actor, key, version);
    return { ...p.definition, version: p.row.version, status: p.row.status };
  }

  @Allow('nurse', 'specialist', 'admin')
  @Get(':key/fhir')
  fhir(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.pathways.fhir(ctx.actor, key);
  }

  @Allow('admin')
  @Get(':key/draft')
  async draft(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    const d = await this.pathways.draft(ctx.actor, key);
    return { ...d.definition, version: null, status: 'draft', updatedAt: d.row.updatedAt.toISOString() };
  }

  @Allow('admin')
  @Put(':key/draft')
  replaceDraft(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: DefinitionDto) {
    return this.pathways.replaceDraft(ctx.actor, key, body);
  }

  @Allow('admin')
  @Post(':key/draft/test')
  @HttpCode(200)
  test(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.pathways.testDraft(ctx.actor, key);
  }

  @Allow('admin')
  @Post(':key/draft/impact')
  @HttpCode(200)
  impact(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.pathways.impact(ctx.actor, key);
  }

  @Allow('admin')
  @Post(':key/publish')
  @HttpCode(200)
  publish(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.pathways.publish(ctx.actor, key);
  }
}
