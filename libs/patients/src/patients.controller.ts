import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, RequestContext } from '@app/identity';
import { CreatePatientDto, FindPatientDto } from './patients.dto';
import { PatientsService, PatientView } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Allow('nurse', 'admin')
  @Post()
  create(@Ctx() ctx: RequestContext, @Body() dto: CreatePatientDto): Promise<PatientView> {
    return this.patients.create(ctx, dto);
  }

  @Allow('nurse', 'specialist', 'admin')
  @Get()
  find(@Ctx() ctx: RequestContext, @Query() q: FindPatientDto): Promise<PatientView> {
    return this.patients.findByPersonnummer(ctx, q.personnummer);
  }

  @Allow('nurse', 'specialist', 'admin')
  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<PatientView> {
    return this.patients.get(ctx, id);
  }
}
