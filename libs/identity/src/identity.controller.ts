import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { ApiError } from '@app/common';
import { RequestContext } from './actor';
import { Allow, Ctx, Public } from './access.decorators';
import { AuthService, LoginResult, PublicUser } from './auth.service';
import { clearRefreshCookie, refreshCookieOf, refuseCrossSite, setRefreshCookie } from './sessions/cookies';
import { RefreshDto } from './sessions/session.dto';
import { REFRESH_HEADER, SessionView } from './sessions/session.service';
import { ChangePasswordDto, CreateHealthCentreDto, CreateUserDto, LoginDto } from './dto/identity.dto';
import {
  AccessTokenResponse,
  ClinicResponse,
  EndedSessionsResponse,
  HealthCentreResponse,
  SessionResponse,
  SignInResponse,
  UserResponse,
} from './identity.responses';
import { OrganisationService } from './organisation.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly organisation: OrganisationService,
  ) {}

  /** Answers the access token and sets the session's refresh cookie (issue 18, #3). */
  @Public()
  @Post('login')
  @ZodResponse({ status: 200, type: SignInResponse })
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResult> {
    const signedIn = await this.auth.loginWithPassword(dto.username, dto.password, req.ip ?? null);
    setRefreshCookie(reply, signedIn.refresh.token, signedIn.refresh.expiresAt);
    return signedIn.result;
  }

  /**
   * The refresh cookie for a new access token and a new cookie. A spent cookie ends its session (it
   * was copied); CSRF cannot reach the route (SameSite=Strict, a custom header, the Origin checked).
   */
  @Public()
  @ApiHeader({ name: REFRESH_HEADER, required: true, description: 'Must be 1' })
  @Post('refresh')
  @ZodResponse({ status: 200, type: AccessTokenResponse })
  async refresh(
    @Body() dto: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ accessToken: string; expiresAt: string }> {
    refuseCrossSite(req);
    try {
      const renewed = await this.auth.refresh(refreshCookieOf(req), dto.idleSeconds ?? null, req.ip ?? null);
      setRefreshCookie(reply, renewed.refresh.token, renewed.refresh.expiresAt);
      return { accessToken: renewed.accessToken, expiresAt: renewed.expiresAt };
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) clearRefreshCookie(reply);
      throw e;
    }
  }

  @ApiBearerAuth()
  @Allow('self', 'nurse', 'specialist', 'admin')
  @Get('me')
  @ZodResponse({ status: 200, type: UserResponse })
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
  @Allow('self', 'nurse', 'specialist', 'admin')
  @Post('password')
  @ZodResponse({ status: 200, type: SignInResponse })
  async changePassword(
    @Ctx() ctx: RequestContext,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResult> {
    const signedIn = await this.auth.changePassword(ctx, dto.currentPassword, dto.newPassword);
    setRefreshCookie(reply, signedIn.refresh.token, signedIn.refresh.expiresAt);
    return signedIn.result;
  }

  /** Signs out this device: its session ends (access token, refresh cookie, sockets); other devices stay signed in. */
  @ApiBearerAuth()
  @Allow('self', 'nurse', 'specialist', 'admin')
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    if (ctx.sessionId) await this.auth.endSession(ctx.sessionId);
    clearRefreshCookie(reply);
  }

  /** Ends every session of the caller, on every device. */
  @ApiBearerAuth()
  @Allow('self', 'nurse', 'specialist', 'admin')
  @Post('logout-everywhere')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logoutEverywhere(@Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.revokeTokens(ctx.actor.userId, 'logout_everywhere');
    clearRefreshCookie(reply);
  }

  /** The caller's live sessions (devices signed in), this one marked current. */
  @ApiBearerAuth()
  @Allow('self', 'nurse', 'specialist', 'admin')
  @Get('sessions')
  @ZodResponse({ status: 200, type: [SessionResponse] })
  sessions(@Ctx() ctx: RequestContext): Promise<SessionView[]> {
    return this.auth.liveSessions(ctx.actor.userId, ctx.sessionId);
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

  @Allow('region', 'nurse', 'specialist', 'admin')
  @Get('health-centres')
  @ZodResponse({ status: 200, type: [HealthCentreResponse] })
  healthCentres(@Ctx() ctx: RequestContext) {
    return this.organisation.listHealthCentres(ctx.actor);
  }

  @Allow('region', 'admin')
  @Post('health-centres')
  @ZodResponse({ status: 201, type: HealthCentreResponse })
  createHealthCentre(@Ctx() ctx: RequestContext, @Body() dto: CreateHealthCentreDto) {
    return this.organisation.createHealthCentre(ctx, dto);
  }

  @Allow('region', 'specialist', 'admin')
  @Get('clinics')
  @ZodResponse({ status: 200, type: [ClinicResponse] })
  clinics(@Ctx() ctx: RequestContext) {
    return this.organisation.listClinics(ctx.actor);
  }

  @Allow('region', 'admin')
  @Get('users')
  @ZodResponse({ status: 200, type: [UserResponse] })
  users(@Ctx() ctx: RequestContext) {
    return this.organisation.listUsers(ctx.actor);
  }

  @Allow('region', 'admin')
  @Post('users/:id/deactivate')
  @ZodResponse({ status: 200, type: UserResponse })
  deactivate(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return this.organisation.setActive(ctx, id, false, async (userId) => void (await this.auth.revokeTokens(userId)));
  }

  @Allow('region', 'admin')
  @Post('users/:id/activate')
  @ZodResponse({ status: 200, type: UserResponse })
  activate(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return this.organisation.setActive(ctx, id, true, async (userId) => void (await this.auth.revokeTokens(userId)));
  }

  /** Ends every session of a user of the admin's region (a lost card, a shared workstation); audited. */
  @Allow('region', 'admin')
  @Post('users/:id/end-sessions')
  @ZodResponse({ status: 200, type: EndedSessionsResponse })
  endSessions(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return this.auth.endSessionsOf(ctx, id);
  }

  @Allow('region', 'admin')
  @Post('users')
  @ZodResponse({ status: 201, type: UserResponse })
  createUser(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto) {
    return this.organisation.createUser(ctx, dto);
  }
}
