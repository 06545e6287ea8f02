import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { Metrics, MetricsController } from './metrics';

/** Health, readiness and Prometheus metrics; the api's bootstrap feeds request timings to Metrics. */
@Module({ controllers: [HealthController, MetricsController], providers: [Metrics], exports: [Metrics] })
export class OperationsModule {}
