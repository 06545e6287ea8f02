import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clinic, HealthCentre, Region, User } from './organisation.entities';
import { AccessGuard } from './access.guard';
import { AuthService } from './auth.service';
import { AuthController, OrganisationController } from './identity.controller';
import { OrganisationService } from './organisation.service';
import { LinkRateLimit } from './public-links';
import { HsaIdController, HsaIdService } from './hsa';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';
import { SessionService } from './sessions/session.service';
import { TokenService } from './token.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Region, Clinic, HealthCentre, User])],
  controllers: [AuthController, OrganisationController, HsaIdController, OidcController],
  providers: [
    TokenService,
    SessionService,
    HsaIdService,
    AuthService,
    OidcService,
    OrganisationService,
    LinkRateLimit,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, TokenService, SessionService, OrganisationService, LinkRateLimit],
})
export class IdentityModule {}
