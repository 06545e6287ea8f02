import { Module } from '@nestjs/common';
import { PathwaysModule } from '@app/pathways';
import { TriageModule } from '@app/triage';
import { AutoSchedulingService } from './auto-scheduling.service';
import { NoticeChannels, NoticeStaffController, NoticeStaffService } from './channels/notice-channels';
import { NOTICE_SENDER, NoticeDeliveryWorker } from './notices';
import { PatientLinkController, PatientLinkService } from './patient-link';
import { ReminderJob } from './reminders';
import { SchedulingController } from './scheduling.controller';
import { SchedulingService } from './scheduling.service';

@Module({
  imports: [TriageModule, PathwaysModule],
  controllers: [SchedulingController, NoticeStaffController, PatientLinkController],
  providers: [
    SchedulingService,
    AutoSchedulingService,
    NoticeDeliveryWorker,
    ReminderJob,
    NoticeStaffService,
    PatientLinkService,
    { provide: NOTICE_SENDER, useClass: NoticeChannels },
  ],
  exports: [SchedulingService, NoticeDeliveryWorker, ReminderJob],
})
export class SchedulingModule {}
