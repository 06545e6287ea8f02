import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Allow, Ctx, RateLimit, RequestContext } from '@app/identity';
import type { FastifyReply } from 'fastify';
import { CreatePatientDto, SearchPatientDto, UpdatePatientDto } from './patients.dto';
import { PatientResponse } from './patients.responses';
import { PatientsService, PatientView } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Allow('centre', 'nurse', 'admin')
  @Post()
  @ZodResponse({ status: 201, type: PatientResponse, description: 'Registered at the health centre named' })
  @ApiOkResponse({ description: 'Was listed at another health centre of the region: moved to the one named', type: PatientResponse.Output })
  @ApiConflictResponse({ description: 'Already listed at the health centre named; existingId is its id' })
  async create(
    @Ctx() ctx: RequestContext,
    @Body() dto: CreatePatientDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PatientView> {
    const { patient, moved } = await this.patients.create(ctx, dto);
    // A patient moved to the caller's centre was not created: 200 rather than 201.
    if (moved) void reply.status(200);
    return patient;
  }

  /** Find a patient by personnummer: 200 with the patient in the caller's scope, else 404. A POST so the number stays out of URLs. */
  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Post('search')
  @ZodResponse({ status: 200, type: PatientResponse })
  // A look-up, not a change: counted with the reads, not against the write limit.
  @RateLimit('read')
  search(@Ctx() ctx: RequestContext, @Body() dto: SearchPatientDto): Promise<PatientView> {
    return this.patients.findByPersonnummer(ctx, dto.personnummer);
  }

  /** Contact details (phone, e-mail, postal address for letters) and the interpreter's language (ISO 639-1). */
  @Allow('centre', 'nurse', 'admin')
  @Put(':id')
  @ZodResponse({ status: 200, type: PatientResponse })
  update(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() dto: UpdatePatientDto,
  ): Promise<PatientView> {
    return this.patients.update(ctx, id, dto);
  }

  @Allow('centre', 'nurse', 'specialist', 'admin')
  @Get(':id')
  @ZodResponse({ status: 200, type: PatientResponse })
  get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<PatientView> {
    return this.patients.get(ctx, id);
  }
}
