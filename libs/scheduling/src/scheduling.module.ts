import { Module } from '@nestjs/common';
import { TriageModule } from '@app/triage';
import { LoggingNoticeSender, NOTICE_SENDER, NoticeDeliveryWorker } from './notices';
import { SchedulingController } from './scheduling.controller';
import { SchedulingService } from './scheduling.service';

@Module({
  imports: [TriageModule],
  controllers: [SchedulingController],
  providers: [SchedulingService, NoticeDeliveryWorker, { provide: NOTICE_SENDER, useClass: LoggingNoticeSender }],
  exports: [SchedulingService, NoticeDeliveryWorker],
})
export class SchedulingModule {}
