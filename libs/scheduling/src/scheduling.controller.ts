import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import {
  AutoScheduleDto,
  CancelDto,
  CreateBookingDto,
  CreateRoomDto,
  CalendarQueryDto,
  CreateSessionDto,
  ListSessionsDto,
  ListSlotsDto,
  NeighbourDto,
  OptionalReasonDto,
  RescheduleDto,
} from './scheduling.dto';
import { AutoSchedulingService } from './auto-scheduling.service';
import { BookingsService } from './bookings.service';
import { CentreFacilitiesService } from './centre-facilities.service';
import { ClinicSessionsService } from './clinic-sessions.service';
import {
  AutoScheduleResultResponse,
  BookingResponse,
  CancelledBookingResponse,
  CancelledClinicSessionResponse,
  ClinicSessionResponse,
  NeighbourResponse,
  SlotResponse,
  VideoRoomResponse,
} from './scheduling.responses';

const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('scheduling')
@ApiBearerAuth()
@Controller()
export class SchedulingController {
  constructor(
    private readonly facilities: CentreFacilitiesService,
    private readonly sessions: ClinicSessionsService,
    private readonly bookings: BookingsService,
    private readonly auto: AutoSchedulingService,
  ) {}

  @Allow('region', 'specialist', 'admin')
  @Post('scheduling/auto')
  @ZodResponse({ status: 200, type: AutoScheduleResultResponse })
  autoSchedule(@Ctx() ctx: RequestContext, @Body() dto: AutoScheduleDto) {
    return this.auto.run(ctx, dto);
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get('health-centres/:id/rooms')
  @ZodResponse({ status: 200, type: [VideoRoomResponse] })
  rooms(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.facilities.rooms(ctx, id);
  }

  @Allow('region', 'admin')
  @Post('health-centres/:id/rooms')
  @ZodResponse({ status: 201, type: VideoRoomResponse })
  createRoom(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: CreateRoomDto) {
    return this.facilities.createRoom(ctx, id, dto.name);
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get('health-centres/:id/neighbours')
  @ZodResponse({ status: 200, type: [NeighbourResponse] })
  neighbours(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string) {
    return this.facilities.neighbours(ctx, id);
  }

  /** Records the road distance between two centres (both ways), for pathways that allow travel to a neighbour. */
  @Allow('region', 'admin')
  @Post('health-centres/:id/neighbours')
  @ZodResponse({ status: 201, type: [NeighbourResponse], description: "The centre's neighbours, after the change" })
  setNeighbour(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: NeighbourDto) {
    return this.facilities.setNeighbour(ctx, id, dto.healthCentreId, dto.roadKm);
  }

  @Allow('region', 'specialist', 'admin')
  @Post('clinic-sessions')
  @ZodResponse({ status: 201, type: ClinicSessionResponse })
  createSession(@Ctx() ctx: RequestContext, @Body() dto: CreateSessionDto) {
    return this.sessions.createSession(ctx, dto);
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @RateLimit('read')
  @Get('clinic-sessions')
  @ZodResponse({ status: 200, type: [ClinicSessionResponse] })
  listSessions(@Ctx() ctx: RequestContext, @Query() q: ListSessionsDto) {
    return this.sessions.listSessions(ctx, q);
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get('calendar.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'The sessions as iCalendar (RFC 5545), without patient names', schema: { type: 'string' } })
  calendar(@Ctx() ctx: RequestContext, @Query() q: CalendarQueryDto) {
    return this.sessions.calendarFeed(ctx, q);
  }

  @Allow('region', 'specialist', 'admin')
  @Post('clinic-sessions/:id/cancel')
  @ZodResponse({ status: 200, type: CancelledClinicSessionResponse })
  cancelSession(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: CancelDto) {
    return this.sessions.cancelSession(ctx, id, dto.reason);
  }

  @Allow('region', 'nurse', 'specialist', 'admin')
  @RateLimit('read')
  @Get('slots')
  @ZodResponse({ status: 200, type: [SlotResponse] })
  slots(@Ctx() ctx: RequestContext, @Query() q: ListSlotsDto) {
    return this.bookings.listSlots(ctx, q);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Post('bookings')
  @ZodResponse({ status: 201, type: BookingResponse })
  book(@Ctx() ctx: RequestContext, @Body() dto: CreateBookingDto) {
    return this.bookings.book(ctx, dto);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Post('bookings/:id/cancel')
  @ZodResponse({ status: 200, type: CancelledBookingResponse })
  cancelBooking(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: OptionalReasonDto) {
    return this.bookings.cancelBooking(ctx, id, dto.reason);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Post('bookings/:id/reschedule')
  @ZodResponse({ status: 200, type: BookingResponse })
  reschedule(@Ctx() ctx: RequestContext, @Param('id', UUID_404) id: string, @Body() dto: RescheduleDto) {
    return this.bookings.reschedule(ctx, id, dto.slotId);
  }
}
