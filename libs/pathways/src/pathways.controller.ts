import { Body, Controller, Get, Headers, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { ApiError } from '@app/common';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { pathwayDefinitionJsonSchema } from './core';
import { draftEtag } from './draft-revision';
import {
  FhirQuestionnaireResponse,
  PathwayAssessmentResponse,
  PathwayDefinitionJsonSchemaResponse,
  PathwayDiffResponse,
  PathwayDraftResponse,
  PathwayDraftReviewResponse,
  PathwayImpactCasesResponse,
  PathwayImpactResponse,
  PathwayReviewerResponse,
  PathwayReviewQueueItemResponse,
  PathwaySignOffPolicyResponse,
  PathwaySummaryResponse,
  PathwayTestResultResponse,
  PathwayVersionDefinitionResponse,
  PathwayVersionEntryResponse,
  PublishedPathwayResponse,
} from './pathways.responses';
import { PathwaysService } from './pathways.service';
import { SIGN_OFF_BY } from './sign-off';
import { DiffSidePipe, VersionParamPipe } from './version-param';

const EvaluateSchema = z.strictObject({ answers: z.record(z.string(), z.unknown()) });
class EvaluateDto extends createZodDto(EvaluateSchema) {}

/**
 * A definition is checked by the pathway core (422 naming each problem), so the edge only asks for an
 * object; the read-only envelope a GET returns (version, status, updatedAt) may come back and is dropped.
 */
const DefinitionSchema = z
  .record(z.string(), z.unknown())
  .transform(({ version: _v, status: _s, updatedAt: _u, revision: _r, ownership: _o, review: _rv, ...definition }) => definition);
class DefinitionDto extends createZodDto(DefinitionSchema) {}

const INT4_MAX = 2_147_483_647;
/** `revision`: the draft revision whose tests and impact were reviewed (428 when missing, so that the scope check answers first). */
const Revision = z.number().int().min(1).max(INT4_MAX);
/** `effectiveFrom`: when the version comes into force (absent or past: now); at most two years ahead. */
const PublishSchema = z.preprocess(
  (body) => body ?? {},
  z.strictObject({
    revision: Revision.optional(),
    effectiveFrom: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .refine((d) => d.getTime() <= Date.now() + 2 * 366 * 86_400_000, 'must be within two years')
      .optional(),
  }),
);
class PublishDto extends createZodDto(PublishSchema) {}

/**
 * The author's note to the reviewer, or the reviewer's (required when sending a draft back: 422 after the
 * scope check); `revision`, when given, must be the draft's current one (412 otherwise).
 */
const SubmitSchema = z.preprocess(
  (body) => body ?? {},
  z.strictObject({ comment: z.string().trim().min(1).max(2000).optional(), revision: Revision.optional() }),
);
class SubmitDto extends createZodDto(SubmitSchema) {}

/** A category key of the impact preview's transitions (`from` the case's, `to` the draft's). */
const CategoryKey = z.string().min(1).max(100);
const ImpactCasesSchema = z.strictObject({ from: CategoryKey.optional(), to: CategoryKey.optional() });
class ImpactCasesDto extends createZodDto(ImpactCasesSchema) {}

/** The named reviewers, and optionally who approves (default: `reviewers` when some are named, else `second_admin`). */
const ReviewersSchema = z.strictObject({ userIds: z.array(z.uuid()).max(50), signOffBy: z.enum(SIGN_OFF_BY).optional() });
class ReviewersDto extends createZodDto(ReviewersSchema) {}

/** The copy's key (checked as any pathway key is) and, optionally, its own title. */
const CopySchema = z.strictObject({
  key: z.string().min(1).max(100),
  title: z.strictObject({ sv: z.string().min(1).max(200), en: z.string().min(1).max(200) }).optional(),
});
class CopyDto extends createZodDto(CopySchema) {}

@ApiTags('pathways')
@ApiBearerAuth()
@Controller('pathways')
export class PathwaysController {
  constructor(private readonly pathways: PathwaysService) {}

  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get()
  @ZodResponse({ status: 200, type: [PathwaySummaryResponse] })
  list(@Ctx() ctx: RequestContext) {
    return this.pathways.list(ctx.actor);
  }

  @Allow('shared', 'nurse', 'specialist', 'admin')
  @Get('schema')
  @ZodResponse({ status: 200, type: PathwayDefinitionJsonSchemaResponse })
  schema() {
    return pathwayDefinitionJsonSchema;
  }

  @Allow('region', 'admin')
  @Post()
  @ZodResponse({ status: 201, type: PathwaySummaryResponse })
  async create(@Ctx() ctx: RequestContext, @Body() body: DefinitionDto, @Res({ passthrough: true }) res: FastifyReply) {
    const created = await this.pathways.writes.create(ctx, body);
    res.header('ETag', draftEtag(created.revision));
    return created;
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get(':key')
  @ZodResponse({ status: 200, type: PublishedPathwayResponse })
  async get(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    const p = await this.pathways.published(ctx.actor, key);
    const ownership = await this.pathways.ownership(ctx.actor, key);
    return { ...p.definition, version: p.row.version, status: p.row.status, revision: p.row.revision, ownership };
  }

  @Allow('region', 'admin')
  @Post(':key/copy')
  @ZodResponse({ status: 201, type: PathwaySummaryResponse })
  async copy(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: CopyDto, @Res({ passthrough: true }) res: FastifyReply) {
    const created = await this.pathways.writes.copy(ctx, key, body);
    res.header('ETag', draftEtag(created.revision));
    return created;
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @RateLimit('preview')
  @Post(':key/evaluate')
  @ZodResponse({ status: 200, type: PathwayAssessmentResponse })
  async evaluate(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: EvaluateDto) {
    const p = await this.pathways.published(ctx.actor, key);
    // The preview takes a form that is not complete yet: three-valued, it may already decide (#15.2).
    const assessed = p.compiled.assess(body.answers);
    if (!assessed.ok) throw ApiError.invalid('The answers are not valid for this pathway', assessed.issues);
    return { pathwayKey: key, pathwayVersion: p.row.version, ...assessed.assessment };
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get(':key/versions')
  @ZodResponse({ status: 200, type: [PathwayVersionEntryResponse] })
  versions(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.pathways.versions(ctx.actor, key);
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get(':key/versions/:version')
  @ZodResponse({ status: 200, type: PathwayVersionDefinitionResponse })
  async version(@Ctx() ctx: RequestContext, @Param('key') key: string, @Param('version', VersionParamPipe) version: number) {
    const p = await this.pathways.version(ctx.actor, key, version);
    return { ...p.definition, version: p.row.version, status: p.row.status };
  }

  /** The changes from one version (or `draft`) to another in words, Swedish and English (issue 20). */
  @Allow('region', 'specialist', 'admin')
  @Get(':key/versions/:from/diff/:to')
  @ZodResponse({ status: 200, type: PathwayDiffResponse })
  diff(
    @Ctx() ctx: RequestContext,
    @Param('key') key: string,
    @Param('from', DiffSidePipe) from: number | 'draft',
    @Param('to', DiffSidePipe) to: number | 'draft',
  ) {
    return this.pathways.impacts.diff(ctx.actor, key, from, to);
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get(':key/fhir')
  @ZodResponse({ status: 200, type: FhirQuestionnaireResponse })
  async fhir(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    // Spread into a plain object: the FHIR library's interface has no index signature for the open schema.
    return { ...(await this.pathways.fhir(ctx.actor, key)) };
  }

  @Allow('region', 'admin', 'specialist')
  @Get(':key/draft')
  @ZodResponse({ status: 200, type: PathwayDraftResponse })
  async draft(@Ctx() ctx: RequestContext, @Param('key') key: string, @Res({ passthrough: true }) res: FastifyReply) {
    const d = await this.pathways.draft(ctx.actor, key);
    res.header('ETag', draftEtag(d.row.revision));
    const review = await this.pathways.signOff.reviewOf(this.pathways.manager, key);
    return {
      ...d.definition,
      version: null,
      status: 'draft' as const,
      revision: d.row.revision,
      updatedAt: d.row.updatedAt.toISOString(),
      review,
    };
  }

  @Allow('region', 'admin')
  @Put(':key/draft')
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag of the draft edited (with no draft open: `"<revision>"` of the published one)',
  })
  @ZodResponse({ status: 200, type: PathwaySummaryResponse })
  async replaceDraft(
    @Ctx() ctx: RequestContext,
    @Param('key') key: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: DefinitionDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const saved = await this.pathways.writes.replaceDraft(ctx, key, body, ifMatch);
    res.header('ETag', draftEtag(saved.revision));
    return saved;
  }

  @Allow('region', 'admin', 'specialist')
  @Post(':key/draft/test')
  @ZodResponse({ status: 200, type: [PathwayTestResultResponse] })
  test(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.pathways.writes.testDraft(ctx.actor, key);
  }

  @Allow('region', 'admin', 'specialist')
  @Post(':key/draft/impact')
  @ZodResponse({ status: 200, type: PathwayImpactResponse })
  impact(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.pathways.impacts.impact(ctx.actor, key);
  }

  @Allow('region', 'admin')
  @Post(':key/publish')
  @ZodResponse({ status: 200, type: PathwaySummaryResponse })
  publish(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: PublishDto) {
    return this.pathways.writes.publish(ctx, key, body.revision, body.effectiveFrom);
  }

  /** The author asks a reviewer of the region for sign-off (issue 20). */
  @Allow('region', 'admin')
  @Post(':key/draft/submit')
  @ZodResponse({ status: 200, type: PathwayDraftReviewResponse })
  submit(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: SubmitDto) {
    return this.pathways.signOff.submit(ctx, key, body);
  }

  /** A second person approves the submitted draft: a named reviewer, or another administrator where the region says so. */
  @Allow('region', 'admin', 'specialist')
  @Post(':key/draft/approve')
  @ZodResponse({ status: 200, type: PathwayDraftReviewResponse })
  approve(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: SubmitDto) {
    return this.pathways.signOff.review(ctx, key, 'approved', body);
  }

  /** A second person (as for approval) sends the draft back, saying why. */
  @Allow('region', 'admin', 'specialist')
  @Post(':key/draft/reject')
  @ZodResponse({ status: 200, type: PathwayDraftReviewResponse })
  reject(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: SubmitDto) {
    return this.pathways.signOff.review(ctx, key, 'rejected', body);
  }

  /** The cases behind a number of the impact preview (issue 20): the region's cases the draft would move. */
  @Allow('region', 'admin')
  @RateLimit('read')
  @Get(':key/draft/impact/cases')
  @ZodResponse({ status: 200, type: PathwayImpactCasesResponse })
  impactCases(@Ctx() ctx: RequestContext, @Param('key') key: string, @Query() q: ImpactCasesDto) {
    return this.pathways.impacts.impactCases(ctx, key, q);
  }

  /** Return to an earlier version: its definition as a new draft, to be signed off and published like any. */
  @Allow('region', 'admin')
  @Post(':key/versions/:version/restore')
  @ZodResponse({ status: 201, type: PathwaySummaryResponse })
  async restore(
    @Ctx() ctx: RequestContext,
    @Param('key') key: string,
    @Param('version', VersionParamPipe) version: number,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const created = await this.pathways.writes.restore(ctx, key, version);
    res.header('ETag', draftEtag(created.revision));
    return created;
  }
}

/**
 * Who signs off the caller's region's pathway drafts (issue 20): its medically responsible specialists or
 * second administrators.
 */
@ApiTags('pathways')
@ApiBearerAuth()
@Controller('pathway-reviewers')
export class PathwayReviewersController {
  constructor(private readonly pathways: PathwaysService) {}

  @Allow('region', 'admin', 'specialist')
  @Get()
  @ZodResponse({ status: 200, type: [PathwayReviewerResponse] })
  list(@Ctx() ctx: RequestContext) {
    return this.pathways.signOff.reviewers(ctx.actor);
  }

  /** Who approves the region's drafts (`reviewers` or `second_admin`) and its named reviewers. */
  @Allow('region', 'admin', 'specialist')
  @Get('sign-off')
  @ZodResponse({ status: 200, type: PathwaySignOffPolicyResponse })
  signOff(@Ctx() ctx: RequestContext) {
    return this.pathways.signOff.policy(ctx.actor);
  }

  /** Drafts of the region waiting for review (issue 20), for its reviewers' list. */
  @Allow('region', 'admin', 'specialist')
  @Get('queue')
  @ZodResponse({ status: 200, type: [PathwayReviewQueueItemResponse] })
  queue(@Ctx() ctx: RequestContext) {
    return this.pathways.signOff.queue(ctx.actor);
  }

  @Allow('region', 'admin')
  @Put()
  @ZodResponse({ status: 200, type: [PathwayReviewerResponse] })
  replace(@Ctx() ctx: RequestContext, @Body() body: ReviewersDto) {
    return this.pathways.signOff.setReviewers(ctx, body.userIds, body.signOffBy);
  }
}
