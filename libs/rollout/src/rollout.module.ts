import { Module } from '@nestjs/common';
import { PathwaysModule } from '@app/pathways';
import { RolloutController } from './rollout.controller';
import { EvaluationService } from './evaluation';
import { RolloutService } from './rollout.service';
import { TrainingService } from './training.service';

@Module({
  imports: [PathwaysModule],
  controllers: [RolloutController],
  providers: [RolloutService, EvaluationService, TrainingService],
  exports: [RolloutService],
})
export class RolloutModule {}
