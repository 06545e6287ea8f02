import { Module } from '@nestjs/common';
import { SchedulingModule } from '@app/scheduling';
import { HealthController } from './health.controller';
import { Metrics, MetricsController } from './metrics';

/** Health, readiness and Prometheus metrics; the api's bootstrap feeds request timings to Metrics, the notice worker its counts. */
@Module({ imports: [SchedulingModule], controllers: [HealthController, MetricsController], providers: [Metrics], exports: [Metrics] })
export class OperationsModule {}
