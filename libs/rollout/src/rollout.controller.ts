import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { csvFile, JsonOrCsvResponse, toCsv, wantsCsv } from '@app/reporting';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import {
  CheckVignetteDto,
  RecordTrainingDto,
  RuleFeedbackQueryDto,
  SetRolloutDto,
  TrainingAttemptDto,
  TrainingSettingsDto,
} from './rollout.dto';
import { EVALUATION_COLUMNS, EvaluationQueryDto, EvaluationService, evaluationCsvRows } from './evaluation';
import {
  MyPathwayResponse,
  MyQueueResponse,
  PathwayEvaluationResponse,
  type PathwayEvaluationWire,
  PathwayRolloutsResponse,
  RolloutViewResponse,
  RuleFeedbackResponse,
  SpecialtyResponse,
  TrainingAttemptResultResponse,
  TrainingRecordResponse,
  TrainingSettingsResponse,
  TrainingVignettesResponse,
  VignetteFeedbackResponse,
} from './rollout.responses';
import { RolloutService } from './rollout.service';
import { TrainingService } from './training.service';

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** Issue 19: a pathway rolled out centre by centre, nurses trained on it, specialties as data. */
@ApiTags('rollout')
@ApiBearerAuth()
@Controller()
export class RolloutController {
  constructor(
    private readonly rollout: RolloutService,
    private readonly evaluation: EvaluationService,
    private readonly training: TrainingService,
  ) {}

  @Allow('region', 'admin')
  @Get('pathways/:key/rollouts')
  @ZodResponse({ status: 200, type: PathwayRolloutsResponse })
  rollouts(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.rollout.rollouts(ctx, key);
  }

  @Allow('region', 'admin')
  @Put('pathways/:key/rollouts/:healthCentreId')
  @ZodResponse({ status: 200, type: RolloutViewResponse })
  setRollout(
    @Ctx() ctx: RequestContext,
    @Param('key') key: string,
    @Param('healthCentreId', UUID_404) centreId: string,
    @Body() body: SetRolloutDto,
  ) {
    return this.rollout.setRollout(ctx, key, centreId, body);
  }

  @Allow('region', 'admin')
  @Put('pathways/:key/training-settings')
  @ZodResponse({ status: 200, type: TrainingSettingsResponse })
  trainingSettings(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: TrainingSettingsDto) {
    return this.rollout.setPassShare(ctx, key, body.passShare);
  }

  @Allow('region', 'admin')
  @Get('pathways/:key/training-records')
  @ZodResponse({ status: 200, type: [TrainingRecordResponse] })
  trainingRecords(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.rollout.trainingRecords(ctx, key);
  }

  @Allow('region', 'admin')
  @Post('pathways/:key/training-records')
  @ZodResponse({ status: 201, type: TrainingRecordResponse })
  recordTraining(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: RecordTrainingDto) {
    return this.rollout.recordTraining(ctx, key, body.userId);
  }

  @Allow('region', 'nurse')
  @Get('pathways/:key/training')
  @ZodResponse({ status: 200, type: TrainingVignettesResponse })
  vignettes(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.training.vignettes(ctx, key);
  }

  @Allow('region', 'nurse')
  @RateLimit('preview')
  @Post('pathways/:key/training/check')
  @ZodResponse({ status: 200, type: VignetteFeedbackResponse })
  check(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: CheckVignetteDto) {
    return this.training.check(ctx, key, body);
  }

  @Allow('region', 'nurse')
  @Post('pathways/:key/training/attempts')
  @ZodResponse({ status: 200, type: TrainingAttemptResultResponse })
  attempt(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: TrainingAttemptDto) {
    return this.training.attempt(ctx, key, body);
  }

  @Allow('region', 'admin')
  @Get('pathways/:key/rule-feedback')
  @ZodResponse({ status: 200, type: RuleFeedbackResponse })
  ruleFeedback(@Ctx() ctx: RequestContext, @Param('key') key: string, @Query() query: RuleFeedbackQueryDto) {
    return this.rollout.ruleFeedback(ctx, key, query);
  }

  /** Per health centre: cases, category mix, bookings, days to the visit, feedback, re-triage, no-shows, travel avoided. */
  @Allow('region', 'admin')
  @RateLimit('read')
  @Get('pathways/:key/evaluation')
  @JsonOrCsvResponse(PathwayEvaluationResponse)
  async evaluate(
    @Ctx() ctx: RequestContext,
    @Param('key') key: string,
    @Query() query: EvaluationQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<PathwayEvaluationWire | StreamableFile> {
    const result = await this.evaluation.evaluate(ctx, key, query);
    if (!wantsCsv(accept)) return result;
    const csv = toCsv(EVALUATION_COLUMNS, evaluationCsvRows(result.centres, result.total), query.csvStyle);
    return csvFile(res, csv, `evaluation_${key}_${result.from}_${result.to}.csv`);
  }

  @Allow('self', 'nurse')
  @Get('my-pathways')
  @ZodResponse({ status: 200, type: [MyPathwayResponse] })
  mine(@Ctx() ctx: RequestContext) {
    return this.rollout.mine(ctx);
  }

  @Allow('region', 'specialist', 'admin')
  @Get('my-queues')
  @ZodResponse({ status: 200, type: [MyQueueResponse] })
  queues(@Ctx() ctx: RequestContext) {
    return this.rollout.queues(ctx);
  }

  @Allow('shared', 'nurse', 'specialist', 'admin')
  @Get('specialties')
  @ZodResponse({ status: 200, type: [SpecialtyResponse] })
  specialties(@Ctx() ctx: RequestContext) {
    return this.rollout.specialties(ctx);
  }
}
