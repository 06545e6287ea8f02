import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Public } from '@app/identity';
import type { PatientLinkTime, PatientLinkView } from './patient-link-view';
import { LinkCaller, PatientLinkService } from './patient-link';

const RebookSchema = z.strictObject({ slotId: z.uuid() });
class RebookDto extends createZodDto(RebookSchema) {}
const WishSchema = z.strictObject({ message: z.string().trim().max(500).optional() });
class WishDto extends createZodDto(WishSchema) {}

function callerOf(req: FastifyRequest): LinkCaller {
  const id = (req.raw as { id?: unknown }).id;
  return { requestId: typeof id === 'string' || typeof id === 'number' ? String(id) : randomUUID(), clientIp: req.ip ?? null };
}

/** The patient's page's api: no sign-in; the token in the path is the credential. */
@ApiTags('patient link')
@Controller('p')
export class PatientLinkController {
  constructor(private readonly links: PatientLinkService) {}

  /** The caller, once within the rate limit per client address. */
  private async limited(req: FastifyRequest): Promise<LinkCaller> {
    const caller = callerOf(req);
    await this.links.limit(caller);
    return caller;
  }

  @Public()
  @Get(':token')
  async read(@Param('token') token: string, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.read(token, await this.limited(req));
  }

  @Public()
  @Post(':token/confirm')
  @HttpCode(200)
  async confirm(@Param('token') token: string, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.confirm(token, await this.limited(req));
  }

  @Public()
  @Post(':token/cancel')
  @HttpCode(200)
  async cancel(@Param('token') token: string, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.cancel(token, await this.limited(req));
  }

  @Public()
  @Get(':token/times')
  async times(@Param('token') token: string, @Req() req: FastifyRequest): Promise<PatientLinkTime[]> {
    return this.links.times(token, await this.limited(req));
  }

  @Public()
  @Post(':token/rebook')
  @HttpCode(200)
  async rebook(@Param('token') token: string, @Body() dto: RebookDto, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.rebook(token, dto.slotId, await this.limited(req));
  }

  @Public()
  @Post(':token/wish')
  @HttpCode(200)
  async wish(@Param('token') token: string, @Body() dto: WishDto, @Req() req: FastifyRequest): Promise<PatientLinkView> {
    return this.links.wish(token, dto.message, await this.limited(req));
  }
}
