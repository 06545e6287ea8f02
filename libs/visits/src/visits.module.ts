import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { TriageModule } from '@app/triage';
import { InterpreterService } from './interpreters';
import { InterpretersController } from './interpreters.controller';
import { LiveKitWebhookController } from './livekit-webhook';
import { OutcomeDraftsController, OutcomeDraftsService } from './outcome-drafts';
import { VisitSignalling } from './signalling';
import { LiveKitVideoProvider, PeerToPeerVideoProvider, VIDEO_PROVIDER } from './video-provider';
import { VisitJobs } from './visit-jobs';
import { VisitOutcomesService } from './visit-outcomes';
import { VisitRoomService } from './visit-room';
import { VisitsController } from './visits.controller';
import { VisitsService } from './visits.service';

@Module({
  imports: [TriageModule],
  controllers: [VisitsController, LiveKitWebhookController, OutcomeDraftsController, InterpretersController],
  providers: [
    VisitsService,
    VisitRoomService,
    VisitOutcomesService,
    OutcomeDraftsService,
    InterpreterService,
    VisitSignalling,
    VisitJobs,
    {
      provide: VIDEO_PROVIDER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.livekit
          ? new LiveKitVideoProvider(config.livekit)
          : new PeerToPeerVideoProvider(config.iceServers, config.accessTokenTtlSeconds),
    },
  ],
  exports: [VisitsService],
})
export class VisitsModule {}
