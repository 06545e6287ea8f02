import { Module } from '@nestjs/common';
import { OperationsModule } from '@app/operations';
import { FederationController, ReferralsController } from './federation.controller';
import { FederationKeys } from './federation-keys.service';
import { FederationMetrics } from './federation-metrics';
import { InboundMessages } from './inbound-messages';
import { OfferedServices } from './offered-services';
import { FederationOutbox } from './outbox';
import { PartnerOffers } from './partner-offers';
import { FederationPartners } from './partners.service';
import { ReferralSending } from './referral-sending';
import { ReferralSteps } from './referral-steps';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [OperationsModule],
  controllers: [FederationController, ReferralsController],
  providers: [
    FederationKeys,
    FederationPartners,
    OfferedServices,
    PartnerOffers,
    FederationOutbox,
    InboundMessages,
    ReferralsService,
    ReferralSending,
    ReferralSteps,
    FederationMetrics,
  ],
  exports: [FederationKeys, FederationOutbox, ReferralsService],
})
export class FederationModule {}
