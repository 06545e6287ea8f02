import { AccessToken, RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk';
import type { AppConfig } from '@app/config';

export interface JoinGrant {
  mode: 'livekit' | 'p2p';
  room: string;
  url?: string;
  token?: string;
  expiresAt: string;
  iceServers?: AppConfig['iceServers'];
}

export interface Participant {
  userId: string;
  displayName: string;
}

/** The two ways a visit's video runs; the rest of the product does not know which. */
export interface VideoProvider {
  readonly mode: 'livekit' | 'p2p';
  prepareRoom(roomName: string): Promise<void>;
  grant(roomName: string, who: Participant): Promise<JoinGrant>;
  closeRoom(roomName: string): Promise<void>;
}
export const VIDEO_PROVIDER = Symbol('VIDEO_PROVIDER');

/** At most this long a LiveKit token lives; a client asks again to rejoin. */
export const LIVEKIT_TOKEN_TTL_SECONDS = 15 * 60;

/**
 * LiveKit (Cloud or self-hosted): the api creates the room through the room service (Twirp over
 * HTTP), hands out short-lived tokens bound to one room with explicit grants and no admin rights.
 */
export class LiveKitVideoProvider implements VideoProvider {
  readonly mode = 'livekit' as const;
  private readonly rooms: RoomServiceClient;
  readonly webhooks: WebhookReceiver;

  constructor(private readonly settings: NonNullable<AppConfig['livekit']>) {
    this.rooms = new RoomServiceClient(httpUrl(settings.url), settings.apiKey, settings.apiSecret);
    this.webhooks = new WebhookReceiver(settings.apiKey, settings.apiSecret);
  }

  async prepareRoom(roomName: string): Promise<void> {
    // The health centre's room and the specialist; a third seat for an interpreter or a colleague.
    await this.rooms.createRoom({ name: roomName, emptyTimeout: 10 * 60, departureTimeout: 60, maxParticipants: 3 });
  }

  async grant(roomName: string, who: Participant): Promise<JoinGrant> {
    const token = new AccessToken(this.settings.apiKey, this.settings.apiSecret, {
      identity: who.userId,
      name: who.displayName,
      ttl: LIVEKIT_TOKEN_TTL_SECONDS,
    });
    token.addGrant({
      room: roomName,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      roomAdmin: false,
      roomCreate: false,
      roomList: false,
      roomRecord: false,
      hidden: false,
    });
    return {
      mode: 'livekit',
      room: roomName,
      url: wsUrl(this.settings.url),
      token: await token.toJwt(),
      expiresAt: new Date(Date.now() + LIVEKIT_TOKEN_TTL_SECONDS * 1000).toISOString(),
    };
  }

  async closeRoom(roomName: string): Promise<void> {
    await this.rooms.deleteRoom(roomName);
  }
}

/** The embedded default: browser-to-browser WebRTC, signalled over the api's socket.io gateway. */
export class PeerToPeerVideoProvider implements VideoProvider {
  readonly mode = 'p2p' as const;

  constructor(
    private readonly iceServers: AppConfig['iceServers'],
    private readonly grantSeconds: number,
  ) {}

  async prepareRoom(): Promise<void> {}

  async grant(roomName: string): Promise<JoinGrant> {
    return {
      mode: 'p2p',
      room: roomName,
      iceServers: this.iceServers,
      expiresAt: new Date(Date.now() + this.grantSeconds * 1000).toISOString(),
    };
  }

  async closeRoom(): Promise<void> {}
}

function httpUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//, 'http$1://');
}

function wsUrl(url: string): string {
  return url.replace(/^http(s?):\/\//, 'ws$1://');
}
