import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from './actor';
import { Allow, Ctx, Public } from './access.decorators';
import { AuthService, LoginResult, PublicUser } from './auth.service';
import { ChangePasswordDto, CreateHealthCentreDto, CreateUserDto, LoginDto } from './dto/identity.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly organisation: OrganisationService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<LoginResult> {
    return this.auth.loginWithPassword(dto.username, dto.password, req.ip ?? null);
  }

  @ApiBearerAuth()
  @Allow('nurse', 'specialist', 'admin')
  @Get('me')
  me(@Ctx() ctx: RequestContext): PublicUser {
    const a = ctx.actor;
    return {
      id: a.userId,
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      healthCentreId: a.healthCentreId,
      clinicId: a.clinicId,
      regionId: a.regionId,
    };
  }

  /** The caller's own password; ends her other sessions and answers a new token for this one. */
  @ApiBearerAuth()
  @Allow('nurse', 'specialist', 'admin')
  @Post('password')
  @HttpCode(200)
  changePassword(@Ctx() ctx: RequestContext, @Body() dto: ChangePasswordDto): Promise<LoginResult> {
    return this.auth.changePassword(ctx, dto.currentPassword, dto.newPassword);
  }

  /** Ends every token of the caller, on every device. */
  @ApiBearerAuth()
  @Allow('nurse', 'specialist', 'admin')
  @Post('logout')
  @HttpCode(204)
  async logout(@Ctx() ctx: RequestContext): Promise<void> {
    await this.auth.revokeTokens(ctx.actor.userId);
  }
}

@ApiTags('organisation')
@ApiBearerAuth()
@Controller()
export class OrganisationController {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly auth: AuthService,
  ) {}

  @Allow('nurse', 'specialist', 'admin')
  @Get('health-centres')
  healthCentres(@Ctx() ctx: RequestContext) {
    return this.organisation.listHealthCentres(ctx.actor);
  }

  @Allow('admin')
  @Post('health-centres')
  createHealthCentre(@Ctx() ctx: RequestContext, @Body() dto: CreateHealthCentreDto) {
    return this.organisation.createHealthCentre(ctx, dto);
  }

  @Allow('specialist', 'admin')
  @Get('clinics')
  clinics(@Ctx() ctx: RequestContext) {
    return this.organisation.listClinics(ctx.actor);
  }

  @Allow('admin')
  @Get('users')
  users(@Ctx() ctx: RequestContext) {
    return this.organisation.listUsers(ctx.actor);
  }

  @Allow('admin')
  @Post('users/:id/deactivate')
  @HttpCode(200)
  deactivate(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return this.organisation.setActive(ctx, id, false, (userId) => this.auth.revokeTokens(userId));
  }

  @Allow('admin')
  @Post('users/:id/activate')
  @HttpCode(200)
  activate(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return this.organisation.setActive(ctx, id, true, (userId) => this.auth.revokeTokens(userId));
  }

  @Allow('admin')
  @Post('users')
  createUser(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto) {
    return this.organisation.createUser(ctx, dto);
  }
}
