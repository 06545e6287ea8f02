import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { StaffingController } from './staffing.controller';
import { StaffingService } from './staffing.service';

@Module({ controllers: [ReportsController, StaffingController], providers: [ReportsService, StaffingService], exports: [ReportsService] })
export class ReportingModule {}
