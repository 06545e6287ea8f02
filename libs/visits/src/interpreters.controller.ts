import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { Allow, Ctx, LinkRateLimit, Public, RequestContext } from '@app/identity';
import { InterpreterService } from './interpreters';
import { InterpreterBookingResponse, InterpreterJoinResponse, InterpreterLinkResponse } from './visits.responses';

const BookSchema = z.strictObject({
  language: z
    .string()
    .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 language code in lowercase, e.g. ar, so, ti')
    .optional(),
});
class BookInterpreterDto extends createZodDto(BookSchema) {}

@ApiTags('visits')
@Controller()
export class InterpretersController {
  constructor(
    private readonly interpreters: InterpreterService,
    private readonly rate: LinkRateLimit,
  ) {}

  /** Books an interpreter (the patient's recorded language unless `language` is given): a one-time link. */
  @ApiBearerAuth()
  @Allow('centre', 'nurse', 'specialist')
  @Post('visits/:id/interpreter')
  @ZodResponse({ status: 201, type: InterpreterBookingResponse })
  book(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() dto: BookInterpreterDto,
  ) {
    return this.interpreters.book(ctx, id, dto.language);
  }

  /** What the interpreter's page shows before joining: the visit's time and the language, nothing else. Rate limited as the patient's link is. */
  @Public()
  @Get('i/:token')
  @ZodResponse({ status: 200, type: InterpreterLinkResponse })
  async view(@Param('token') token: string, @Req() req: FastifyRequest) {
    await this.rate.admit(req, 'interpreter links');
    return this.interpreters.view(token);
  }

  /** The interpreter's join: no sign-in, the one-time link's token is the credential. */
  @Public()
  @Post('i/:token/join')
  @ZodResponse({ status: 200, type: InterpreterJoinResponse })
  async join(@Param('token') token: string, @Req() req: FastifyRequest) {
    return this.interpreters.join(token, await this.rate.admit(req, 'interpreter links'));
  }
}
