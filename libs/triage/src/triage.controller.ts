import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { checkIdempotencyKey } from './idempotency';
import { ListCasesDto, QueueQueryDto, RetriageDto, SubmitTriageDto, WithdrawDto } from './triage.dto';
import { CaseHistoryService } from './case-history';
import { CaseSubmissionService } from './case-submission';
import type { CaseView } from './case-view';
import { TriageService } from './triage.service';
import { CaseHistoryResponse, ListedTriageCaseResponse, QueuePageResponse, TriageCaseResponse } from './triage.responses';

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('triage')
@ApiBearerAuth()
@Controller()
export class TriageController {
  constructor(
    private readonly triage: TriageService,
    private readonly submission: CaseSubmissionService,
    private readonly caseHistory: CaseHistoryService,
  ) {}

  @Allow('centre', 'nurse')
  @Post('triage-cases')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'One key per form submission, reused on retry' })
  @ZodResponse({ status: 201, type: TriageCaseResponse, description: 'The case, stored' })
  @ApiOkResponse({
    description: 'A retry with the same Idempotency-Key and body: the case as first answered',
    type: TriageCaseResponse.Output,
  })
  async submit(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: SubmitTriageDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CaseView> {
    const result = await this.submission.submit(ctx, checkIdempotencyKey(key), dto);
    res.status(result.status);
    return result.body;
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @RateLimit('read')
  @Get('triage-cases')
  @ZodResponse({ status: 200, type: [ListedTriageCaseResponse] })
  list(@Ctx() ctx: RequestContext, @Query() q: ListCasesDto) {
    return this.triage.list(ctx, q);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get('triage-cases/:id')
  @ZodResponse({ status: 200, type: TriageCaseResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.triage.get(ctx, id);
  }

  /** The case's changes of priority with their reasons (issue 17: the specialist sees an earlier re-triage). */
  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get('triage-cases/:id/history')
  @ZodResponse({ status: 200, type: CaseHistoryResponse })
  history(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.caseHistory.history(ctx, id);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Post('triage-cases/:id/withdraw')
  @ZodResponse({ status: 200, type: TriageCaseResponse })
  withdraw(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: WithdrawDto) {
    return this.triage.withdraw(ctx, id, dto.reason);
  }

  @Allow('centre', 'specialist')
  @Post('triage-cases/:id/retriage')
  @ZodResponse({ status: 200, type: TriageCaseResponse })
  retriage(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: RetriageDto) {
    return this.triage.retriage(ctx, id, dto.category, dto.reason);
  }

  @Allow('centre', 'specialist', 'admin')
  @RateLimit('read')
  @Get('queue')
  @ZodResponse({ status: 200, type: QueuePageResponse })
  queue(@Ctx() ctx: RequestContext, @Query() q: QueueQueryDto) {
    return this.triage.queue(ctx, q);
  }
}
