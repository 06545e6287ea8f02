import { Module } from '@nestjs/common';
import { FederationController, ReferralsController } from './federation.controller';
import { FederationKeys } from './federation-keys.service';
import { FederationService } from './federation.service';
import { FederationOutbox } from './outbox';
import { ReferralsService } from './referrals.service';

@Module({
  controllers: [FederationController, ReferralsController],
  providers: [FederationKeys, FederationService, FederationOutbox, ReferralsService],
  exports: [FederationKeys, FederationOutbox, ReferralsService],
})
export class FederationModule {}
