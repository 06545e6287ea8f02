import { Module } from '@nestjs/common';
import { PathwaysModule } from '@app/pathways';
import { PatientsModule } from '@app/patients';
import { TriageController } from './triage.controller';
import { CaseHistoryService } from './case-history';
import { CaseSubmissionService } from './case-submission';
import { TriageService } from './triage.service';

@Module({
  imports: [PatientsModule, PathwaysModule],
  controllers: [TriageController],
  providers: [TriageService, CaseSubmissionService, CaseHistoryService],
  exports: [TriageService],
})
export class TriageModule {}
