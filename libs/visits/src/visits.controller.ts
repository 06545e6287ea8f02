import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import { visitToFhirBundle } from './visit-fhir';
import { ListVisitsDto, OutcomeDto } from './visits.dto';
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
  list(@Ctx() ctx: RequestContext, @Query() q: ListVisitsDto) {
    return this.visits.list(ctx, q);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get('visits/:id')
  get(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.visits.get(ctx, id);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Post('visits/:id/join')
  @HttpCode(200)
  join(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.room.join(ctx, id);
  }

  @Allow('centre', 'specialist')
  @Post('visits/:id/outcome')
  outcome(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: OutcomeDto) {
    return this.outcomes.recordOutcome(ctx, id, dto);
  }

  /** The visit and its answer as a FHIR R4 Bundle (Encounter of class virtual + Composition). */
  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get('visits/:id/fhir')
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
  inbox(@Ctx() ctx: RequestContext) {
    return this.outcomes.inbox(ctx);
  }

  @Allow('centre', 'nurse')
  @Post('inbox/:id/read')
  @HttpCode(200)
  read(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.outcomes.markRead(ctx, id);
  }
}
