import { Module } from '@nestjs/common';
import { PathwaysModule } from '@app/pathways';
import { TriageModule } from '@app/triage';
import { AutoSchedulingService } from './auto-scheduling.service';
import { LoggingNoticeSender, NOTICE_SENDER, NoticeDeliveryWorker } from './notices';
import { ReminderJob } from './reminders';
import { SchedulingController } from './scheduling.controller';
import { SchedulingService } from './scheduling.service';

@Module({
  imports: [TriageModule, PathwaysModule],
  controllers: [SchedulingController],
  providers: [SchedulingService, AutoSchedulingService, NoticeDeliveryWorker, ReminderJob, { provide: NOTICE_SENDER, useClass: LoggingNoticeSender }],
  exports: [SchedulingService, NoticeDeliveryWorker, ReminderJob],
})
export class SchedulingModule {}
