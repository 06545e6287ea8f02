import { Module } from '@nestjs/common';
import { SchedulingModule } from '@app/scheduling';
import { HealthController } from './health.controller';
import { HousekeepingJob } from './housekeeping';
import { Metrics, MetricsController } from './metrics';

/** Health, readiness, Prometheus metrics (request timings from the bootstrap, the notice worker's counts) and housekeeping. */
@Module({
  imports: [SchedulingModule],
  controllers: [HealthController, MetricsController],
  providers: [Metrics, HousekeepingJob],
  exports: [Metrics, HousekeepingJob],
})
export class OperationsModule {}
