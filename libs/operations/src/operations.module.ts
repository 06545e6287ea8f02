import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HttpMetricsMiddleware, Metrics, MetricsController } from './metrics';

@Module({ controllers: [HealthController, MetricsController], providers: [Metrics], exports: [Metrics] })
export class OperationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
