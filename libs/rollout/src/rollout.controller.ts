import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { CheckVignetteDto, RecordTrainingDto, RuleFeedbackQueryDto, SetRolloutDto, TrainingAttemptDto, TrainingSettingsDto } from './rollout.dto';
import { RolloutService } from './rollout.service';

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** Issue 19: a pathway rolled out centre by centre, nurses trained on it, specialties as data. */
@ApiTags('rollout')
@ApiBearerAuth()
@Controller()
export class RolloutController {
  constructor(private readonly rollout: RolloutService) {}

  @Allow('admin')
  @Get('pathways/:key/rollouts')
  rollouts(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.rollout.rollouts(ctx, key);
  }

  @Allow('admin')
  @Put('pathways/:key/rollouts/:healthCentreId')
  setRollout(@Ctx() ctx: RequestContext, @Param('key') key: string, @Param('healthCentreId', UUID_404) centreId: string, @Body() body: SetRolloutDto) {
    return this.rollout.setRollout(ctx, key, centreId, body);
  }

  @Allow('admin')
  @Put('pathways/:key/training-settings')
  trainingSettings(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: TrainingSettingsDto) {
    return this.rollout.setPassShare(ctx, key, body.passShare);
  }

  @Allow('admin')
  @Get('pathways/:key/training-records')
  trainingRecords(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.rollout.trainingRecords(ctx, key);
  }

  @Allow('admin')
  @Post('pathways/:key/training-records')
  recordTraining(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: RecordTrainingDto) {
    return this.rollout.recordTraining(ctx, key, body.userId);
  }

  @Allow('nurse')
  @Get('pathways/:key/training')
  vignettes(@Ctx() ctx: RequestContext, @Param('key') key: string) {
    return this.rollout.vignettes(ctx, key);
  }

  @Allow('nurse')
  @RateLimit('preview')
  @Post('pathways/:key/training/check')
  @HttpCode(200)
  check(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: CheckVignetteDto) {
    return this.rollout.check(ctx, key, body);
  }

  @Allow('nurse')
  @Post('pathways/:key/training/attempts')
  @HttpCode(200)
  attempt(@Ctx() ctx: RequestContext, @Param('key') key: string, @Body() body: TrainingAttemptDto) {
    return this.rollout.attempt(ctx, key, body);
  }

  @Allow('admin')
  @Get('pathways/:key/rule-feedback')
  ruleFeedback(@Ctx() ctx: RequestContext, @Param('key') key: string, @Query() query: RuleFeedbackQueryDto) {
    return this.rollout.ruleFeedback(ctx, key, query);
  }

  @Allow('nurse')
  @Get('my-pathways')
  mine(@Ctx() ctx: RequestContext) {
    return this.rollout.mine(ctx);
  }

  @Allow('nurse', 'specialist', 'admin')
  @Get('specialties')
  specialties() {
    return this.rollout.specialties();
  }
}
