import { Module } from '@nestjs/common';
import { PathwaysModule } from '@app/pathways';
import { TriageModule } from '@app/triage';
import { AutoSchedulingService } from './auto-scheduling.service';
import { NoticeChannels, NoticeStaffController, NoticeStaffService } from './channels/notice-channels';
import { NOTICE_SENDER, NoticeDeliveryWorker } from './notices';
import { PatientLinkService } from './patient-link';
import { PatientLinkController } from './patient-link.controller';
import { ReminderJob } from './reminders';
import { SchedulingController } from './scheduling.controller';
import { BookingsService } from './bookings.service';
import { CentreFacilitiesService } from './centre-facilities.service';
import { ClinicSessionsService } from './clinic-sessions.service';

@Module({
  imports: [TriageModule, PathwaysModule],
  controllers: [SchedulingController, NoticeStaffController, PatientLinkController],
  providers: [
    CentreFacilitiesService,
    ClinicSessionsService,
    BookingsService,
    AutoSchedulingService,
    NoticeDeliveryWorker,
    ReminderJob,
    NoticeStaffService,
    PatientLinkService,
    { provide: NOTICE_SENDER, useClass: NoticeChannels },
  ],
  exports: [BookingsService, ClinicSessionsService, NoticeDeliveryWorker, ReminderJob],
})
export class SchedulingModule {}
