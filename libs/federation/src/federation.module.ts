import { Module } from '@nestjs/common';
import { OperationsModule } from '@app/operations';
import { FederationController, ReferralsController } from './federation.controller';
import { FederationKeys } from './federation-keys.service';
import { FederationMetrics } from './federation-metrics';
import { FederationService } from './federation.service';
import { FederationOutbox } from './outbox';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [OperationsModule],
  controllers: [FederationController, ReferralsController],
  providers: [FederationKeys, FederationService, FederationOutbox, ReferralsService, FederationMetrics],
  exports: [FederationKeys, FederationOutbox, ReferralsService],
})
export class FederationModule {}
