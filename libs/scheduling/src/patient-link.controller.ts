import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { LinkCaller, LinkRateLimit, Public } from '@app/identity';
import type { PatientLinkTime, PatientLinkView } from './patient-link-view';
import { PatientLinkService } from './patient-link';
import { PatientLinkTimeResponse, PatientLinkVisitResponse } from './scheduling.responses';

const RebookSchema = z.strictObject({ slotId: z.uuid() });
class RebookDto extends createZodDto(RebookSchema) {}
const WishSchema = z.strictObject({ message: z.string().trim().max(500).optional() });
class WishDto extends createZodDto(WishSchema) {}

/** The patient's page's api: no sign-in; the token in the path is the credential. */
@ApiTags('patient link')
@Controller('p')
export class PatientLinkController {
  constructor(
    private readonly links: PatientLinkService,
    private readonly rate: LinkRateLimit,
  ) {}

  /** The caller, once within the rate limit per client address. */
  private limited(req: FastifyRequest): Promise<LinkCaller> {
    return this.rate.admit(req, 'patient links');
  }

  @Public()
  @Get(':token')
  @ZodResponse({ status: 200, type: PatientLinkVisitResponse })
  async read(@Param('token') token: string, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.read(token, await this.limited(req));
  }

  @Public()
  @Post(':token/confirm')
  @ZodResponse({ status: 200, type: PatientLinkVisitResponse })
  async confirm(@Param('token') token: string, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.confirm(token, await this.limited(req));
  }

  @Public()
  @Post(':token/cancel')
  @ZodResponse({ status: 200, type: PatientLinkVisitResponse })
  async cancel(@Param('token') token: string, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.cancel(token, await this.limited(req));
  }

  @Public()
  @Get(':token/times')
  @ZodResponse({ status: 200, type: [PatientLinkTimeResponse] })
  async times(@Param('token') token: string, @Req() req: FastifyRequest): Promise<PatientLinkTime[]> {
    return this.links.times(token, await this.limited(req));
  }

  @Public()
  @Post(':token/rebook')
  @ZodResponse({ status: 200, type: PatientLinkVisitResponse })
  async rebook(@Param('token') token: string, @Body() dto: RebookDto, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.rebook(token, dto.slotId, await this.limited(req));
  }

  @Public()
  @Post(':token/wish')
  @ZodResponse({ status: 200, type: PatientLinkVisitResponse })
  async wish(@Param('token') token: string, @Body() dto: WishDto, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.wish(token, dto.message, await this.limited(req));
  }
}
