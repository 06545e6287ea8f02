import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { visitToFhirBundle } from './visit-fhir';
import { ListVisitsDto, OutcomeDto } from './visits.dto';
import {
  AnswerReadResponse,
  InboxAnswerResponse,
  ListedVisitResponse,
  VisitFhirBundleResponse,
  VisitJoinResponse,
  VisitOutcomeResponse,
  VisitResponse,
} from './visits.responses';
import { VisitOutcomesService } from './visit-outcomes';
import { VisitRoomService } from './visit-room';
import { VisitsService } from './visits.service';

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('visits')
@ApiBearerAuth()
@Controller()
export class VisitsController {
  constructor(
    private readonly visits: VisitsService,
    private readonly room: VisitRoomService,
    private readonly outcomes: VisitOutcomesService,
  ) {}

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @RateLimit('read')
  @Get('visits')
  @ZodResponse({ status: 200, type: [ListedVisitResponse] })
  list(@Ctx() ctx: RequestContext, @Query() q: ListVisitsDto) {
    return this.visits.list(ctx, q);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get('visits/:id')
  @ZodResponse({ status: 200, type: VisitResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.visits.get(ctx, id);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Post('visits/:id/join')
  @ZodResponse({ status: 200, type: VisitJoinResponse })
  join(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.room.join(ctx, id);
  }

  @Allow('centre', 'specialist')
  @Post('visits/:id/outcome')
  @ZodResponse({ status: 201, type: VisitOutcomeResponse })
  outcome(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: OutcomeDto) {
    return this.outcomes.recordOutcome(ctx, id, dto);
  }

  /** The visit and its answer as a FHIR R4 Bundle (Encounter of class virtual + Composition). */
  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get('visits/:id/fhir')
  @ZodResponse({ status: 200, type: VisitFhirBundleResponse })
  async fhir(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    const v = await this.visits.get(ctx, id);
    return visitToFhirBundle({
      visitId: v.id,
      status: v.status,
      start: v.start,
      end: v.end,
      patient: v.patient,
      specialist: { id: v.specialist.id, name: v.specialist.displayName },
      healthCentre: v.healthCentre,
      outcome: v.outcome,
      profession: v.specialist.profession,
    });
  }

  @Allow('centre', 'nurse')
  @RateLimit('read')
  @Get('inbox')
  @ZodResponse({ status: 200, type: [InboxAnswerResponse] })
  inbox(@Ctx() ctx: RequestContext) {
    return this.outcomes.inbox(ctx);
  }

  @Allow('centre', 'nurse')
  @Post('inbox/:id/read')
  @ZodResponse({ status: 200, type: AnswerReadResponse })
  read(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.outcomes.markRead(ctx, id);
  }
}
