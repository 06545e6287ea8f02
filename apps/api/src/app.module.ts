import { randomUUID } from 'node:crypto';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { ZodSerializerInterceptor, ZodValidationPipe } from 'nestjs-zod';
import { AuditModule } from '@app/audit';
import { ApiExceptionFilter } from '@app/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { FederationModule } from '@app/federation';
import { IdentityModule } from '@app/identity';
import { OperationsModule } from '@app/operations';
import { PathwaysModule } from '@app/pathways';
import { PatientsModule } from '@app/patients';
import { RealtimeModule } from '@app/realtime';
import { ReportingModule } from '@app/reporting';
import { RegionsModule } from '@app/regions';
import { RolloutModule } from '@app/rollout';
import { CalendarFeedModule, SchedulingModule } from '@app/scheduling';
import { TriageModule } from '@app/triage';
import { VisitsModule } from '@app/visits';
import { DemoSeeder } from './demo/demo-seeder';
import { errorForLog, requestForLog } from './log-privacy';

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Where the JSON log lines go (stdout when not given); the log-privacy test reads every line. */
  logStream?: { write(line: string): void };
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logStream }: AppOptions): DynamicModule {
    const pinoHttp: Options = {
      level: config.logLevel,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // No personnummer, name or phone in any line (#15.5): no query strings, no SQL parameters or values.
      serializers: { req: requestForLog, err: errorForLog },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
    };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: logStream ? [pinoHttp, logStream] : pinoHttp,
        }),
        DatabaseModule.forRoot(databaseUrl, config.databasePoolSize),
        IdentityModule,
        AuditModule,
        PatientsModule,
        RealtimeModule,
        PathwaysModule,
        TriageModule,
        SchedulingModule,
        CalendarFeedModule,
        VisitsModule,
        ReportingModule,
        RegionsModule,
        RolloutModule,
        FederationModule,
        OperationsModule,
      ],
      providers: [
        DemoSeeder,
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        // Every route's declared response schema (@ZodResponse) shapes what it sends: unknown keys are stripped, a mismatch is a 500.
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
