import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { PatientAccessLogController } from './patient-access-log';
import { ScopedAccess } from './scoped-access';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditController, PatientAccessLogController],
  providers: [AuditService, ScopedAccess],
  exports: [AuditService, ScopedAccess],
})
export class AuditModule {}
