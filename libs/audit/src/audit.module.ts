import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { PatientAccessLogController } from './patient-access-log';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditController, PatientAccessLogController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
