import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Allow, AuthenticatedRequest, Ctx, Public, RateLimit, RequestContext, requestIdOf } from '@app/identity';
import {
  AnswerReferralDto,
  ChangeServiceDto,
  CompleteDto,
  CreateReferralDto,
  InboundMessageDto,
  InvoiceBasisDto,
  ListReferralsDto,
  OfferServiceDto,
  RegisterPartnerDto,
  RejectDto,
  RequestCompletionDto,
  RetryDto,
} from './federation.dto';
import { FederationKeys } from './federation-keys.service';
import {
  FederatedReferralResponse,
  FederationCatalogueResponse,
  FederationJwksResponse,
  FederationPartnerResponse,
  InvoiceBasisResponse,
  KeyRotationResponse,
  MessageReceivedResponse,
  OfferedServiceResponse,
  OutboxRetryResponse,
  OutboxStatusResponse,
  PartnerNewsReadResponse,
  PartnerNewsResponse,
  PartnerOfferResponse,
  ReferralAnswerReadResponse,
  ReferralFhirBundleResponse,
} from './federation.responses';
import { InboundMessages } from './inbound-messages';
import { OfferedServices } from './offered-services';
import { FederationOutbox } from './outbox';
import { PartnerOffers } from './partner-offers';
import { FederationPartners } from './partners.service';
import { ReferralSending } from './referral-sending';
import { ReferralSteps } from './referral-steps';
import { ReferralsService } from './referrals.service';

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('federation')
@Controller('federation')
export class FederationController {
  constructor(
    private readonly keys: FederationKeys,
    private readonly partnerInstallations: FederationPartners,
    private readonly services: OfferedServices,
    private readonly partnerOffers: PartnerOffers,
    private readonly inbox: InboundMessages,
    private readonly referrals: ReferralsService,
    private readonly outbox: FederationOutbox,
  ) {}

  /** This installation's public signing keys (RFC 7517), current and recently retired, with its installation id. */
  @Public()
  @Get('jwks')
  @ZodResponse({ status: 200, type: FederationJwksResponse })
  jwks() {
    return this.keys.jwks();
  }

  /** The services this installation offers (no patient data): what partners show their referrers. */
  @Public()
  @Get('catalogue')
  @ZodResponse({ status: 200, type: FederationCatalogueResponse })
  async catalogue() {
    return this.services.catalogue(await this.keys.installationId());
  }

  /** Where partner installations deliver signed messages; nothing unsigned is accepted. */
  @Public()
  @Post('messages')
  @ZodResponse({ status: 202, type: MessageReceivedResponse })
  receive(@Req() req: AuthenticatedRequest, @Body() body: InboundMessageDto) {
    return this.inbox.receive(body.jws, { requestId: requestIdOf(req), clientIp: req.ip ?? null });
  }

  @ApiBearerAuth()
  @Allow('region', 'admin')
  @Post('partners')
  @ZodResponse({ status: 201, type: FederationPartnerResponse })
  async registerPartner(@Ctx() ctx: RequestContext, @Body() body: RegisterPartnerDto) {
    return this.partnerInstallations.registerPartner(ctx, body, await this.keys.installationId());
  }

  @ApiBearerAuth()
  @Allow('region', 'admin')
  @Get('partners')
  @ZodResponse({ status: 200, type: [FederationPartnerResponse] })
  partners(@Ctx() ctx: RequestContext) {
    return this.partnerInstallations.partners(ctx);
  }

  /** A new signing key; partners pick it up from the JWKS when they first see its key id. */
  @ApiBearerAuth()
  @Allow('region', 'admin')
  @Post('keys/rotate')
  @ZodResponse({ status: 200, type: KeyRotationResponse })
  rotate(@Ctx() ctx: RequestContext) {
    return this.keys.rotate(ctx);
  }

  @ApiBearerAuth()
  @Allow('region', 'admin')
  @Post('services')
  @ZodResponse({ status: 201, type: OfferedServiceResponse })
  offerService(@Ctx() ctx: RequestContext, @Body() body: OfferServiceDto) {
    return this.services.offerService(ctx, body);
  }

  @ApiBearerAuth()
  @Allow('region', 'admin')
  @Put('services/:id')
  @ZodResponse({ status: 200, type: OfferedServiceResponse })
  changeService(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() body: ChangeServiceDto) {
    return this.services.changeService(ctx, id, body);
  }

  /** The partners' services as the caller's region sees them (fetched now; the last copy when a partner is down). */
  @ApiBearerAuth()
  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get('offers')
  @ZodResponse({ status: 200, type: [PartnerOfferResponse] })
  offers(@Ctx() ctx: RequestContext) {
    return this.partnerOffers.offers(ctx);
  }

  @ApiBearerAuth()
  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get('news')
  @ZodResponse({ status: 200, type: [PartnerNewsResponse] })
  news(@Ctx() ctx: RequestContext, @Query('unread') unread?: string) {
    return this.partnerOffers.news(ctx, unread === 'true');
  }

  @ApiBearerAuth()
  @Allow('region', 'nurse', 'specialist', 'admin')
  @Post('news/:id/read')
  @ZodResponse({ status: 200, type: PartnerNewsReadResponse })
  readNews(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.partnerOffers.markNewsRead(ctx, id);
  }

  /** "Waiting for delivery" per partner. */
  @ApiBearerAuth()
  @Allow('region', 'admin')
  @Get('outbox')
  @ZodResponse({ status: 200, type: [OutboxStatusResponse] })
  outboxStatus(@Ctx() ctx: RequestContext) {
    return this.outbox.status(ctx.actor.regionId);
  }

  @ApiBearerAuth()
  @Allow('region', 'admin')
  @Post('outbox/retry')
  @ZodResponse({ status: 200, type: OutboxRetryResponse })
  async retry(@Ctx() ctx: RequestContext, @Body() body: RetryDto) {
    return { due: await this.outbox.retryNow(ctx.actor.regionId, body.partnerId) };
  }

  @ApiBearerAuth()
  @Allow('region', 'admin')
  @Get('invoice-basis')
  @RateLimit('read')
  @ZodResponse({ status: 200, type: InvoiceBasisResponse })
  invoiceBasis(@Ctx() ctx: RequestContext, @Query() q: InvoiceBasisDto) {
    return this.referrals.invoiceBasis(ctx, q.month);
  }
}

@ApiTags('federation')
@ApiBearerAuth()
@Controller('referrals')
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly sending: ReferralSending,
    private readonly steps: ReferralSteps,
  ) {}

  @Allow('centre', 'nurse', 'specialist')
  @Post()
  @ZodResponse({ status: 201, type: FederatedReferralResponse })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateReferralDto) {
    return this.sending.create(ctx, body);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get()
  @RateLimit('read')
  @ZodResponse({ status: 200, type: [FederatedReferralResponse] })
  list(@Ctx() ctx: RequestContext, @Query() q: ListReferralsDto) {
    return this.referrals.list(ctx, q);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get(':id')
  @ZodResponse({ status: 200, type: FederatedReferralResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.referrals.get(ctx, id);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get(':id/fhir')
  @ZodResponse({ status: 200, type: ReferralFhirBundleResponse })
  fhir(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.referrals.fhir(ctx, id);
  }

  @Allow('centre', 'specialist')
  @Post(':id/accept')
  @ZodResponse({ status: 200, type: FederatedReferralResponse })
  accept(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.steps.act(ctx, id, 'accept', {});
  }

  @Allow('centre', 'specialist')
  @Post(':id/reject')
  @ZodResponse({ status: 200, type: FederatedReferralResponse })
  reject(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() body: RejectDto) {
    return this.steps.act(ctx, id, 'reject', body);
  }

  @Allow('centre', 'specialist')
  @Post(':id/request-completion')
  @ZodResponse({ status: 200, type: FederatedReferralResponse })
  requestCompletion(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() body: RequestCompletionDto) {
    return this.steps.act(ctx, id, 'request-completion', body);
  }

  @Allow('centre', 'nurse', 'specialist')
  @Post(':id/complete')
  @ZodResponse({ status: 200, type: FederatedReferralResponse })
  complete(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() body: CompleteDto) {
    return this.steps.act(ctx, id, 'complete', body);
  }

  @Allow('centre', 'specialist')
  @Post(':id/answer')
  @ZodResponse({ status: 200, type: FederatedReferralResponse })
  answer(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() body: AnswerReferralDto) {
    return this.steps.act(ctx, id, 'answer', body);
  }

  /** The referring centre read the answer (the inbox's "read"). */
  @Allow('centre', 'nurse', 'specialist')
  @Post(':id/answer/read')
  @ZodResponse({ status: 200, type: ReferralAnswerReadResponse })
  readAnswer(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.steps.markAnswerRead(ctx, id);
  }
}
