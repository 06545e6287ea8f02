import { Controller, Headers, Inject, Logger, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { visitSideOf } from '@app/audit';
import { ApiError } from '@app/common';
import { type Actor, Public } from '@app/identity';
import { LiveKitVideoProvider, VIDEO_PROVIDER, VideoProvider } from './video-provider';
import { VisitRoomService } from './visit-room';
import { LiveKitWebhookAckResponse } from './visits.responses';

/**
 * LiveKit's signed webhooks: verified by the SDK's WebhookReceiver against the raw body (401
 * otherwise), and each event id handled once, since LiveKit retries.
 */
@Controller('livekit')
export class LiveKitWebhookController {
  private readonly logger = new Logger(LiveKitWebhookController.name);

  constructor(
    @Inject(VIDEO_PROVIDER) private readonly video: VideoProvider,
    private readonly room: VisitRoomService,
    private readonly dataSource: DataSource,
  ) {}

  @Public()
  @ApiExcludeEndpoint()
  @Post('webhook')
  @ZodResponse({ status: 200, type: LiveKitWebhookAckResponse })
  async receive(@Req() req: FastifyRequest, @Headers('authorization') authorization: string | undefined) {
    if (!(this.video instanceof LiveKitVideoProvider)) throw ApiError.notFound('LiveKit is not configured');
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : undefined;
    if (!raw || !authorization) throw ApiError.unauthorized('A signed LiveKit webhook is required');
    let event;
    try {
      event = await this.video.webhooks.receive(raw, authorization);
    } catch {
      throw ApiError.unauthorized('The webhook signature does not verify');
    }
    if (!event.id) throw ApiError.badRequest('The webhook has no event id');
    const inserted = await this.dataSource.query(
      'INSERT INTO livekit_webhook_event (id, event, room_name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id',
      [event.id, event.event, event.room?.name ?? null],
    );
    if (inserted.length === 0) return { handled: false, duplicate: true };
    if (event.event === 'participant_joined' && event.room?.name && event.participant?.identity) {
      const [visit] = await this.dataSource.query('SELECT id, specialist_id, health_centre_id FROM visit WHERE room_name = $1', [
        event.room.name,
      ]);
      if (visit) {
        const [user]: Array<{ id: string; role: Actor['role']; health_centre_id: string | null }> = await this.dataSource.query(
          'SELECT id, role, health_centre_id FROM app_user WHERE id::text = $1',
          [event.participant.identity],
        );
        const side = user ? visitSideOf({ userId: user.id, role: user.role, healthCentreId: user.health_centre_id }, visit) : null;
        if (side) await this.room.markJoined(visit.id, side);
        else this.logger.warn(`participant ${event.participant.identity} in ${event.room.name} is not a side of the visit`);
      }
    }
    return { handled: true, event: event.event };
  }
}
