import type { CallQuality } from '@libs/visits/src/core/call-quality';

/** Whether a participant's microphone and camera are on. */
export interface MediaState {
  audio: boolean;
  video: boolean;
}

export type PeerState = 'connecting' | 'connected' | 'reconnecting';

/** Another participant of the call, as the screen shows it. */
export interface CallPeer {
  /** A user's id, or `interpreter-<visit id>`. */
  id: string;
  /** `nurse`, `specialist` or `interpreter`. */
  role: string;
  /** The name LiveKit knows the participant by; the embedded mode names roles only. */
  name?: string;
  stream: MediaStream | null;
  media: MediaState;
  state: PeerState;
  quality: CallQuality | null;
  /** Video frames decoded from this participant so far: the proof that their picture arrives. */
  framesDecoded: number;
  iceRestarts: number;
}

/** A joined call, embedded (a peer-to-peer mesh) or through LiveKit: what the video page drives. */
export interface VideoCall {
  peers(): CallPeer[];
  setMedia(media: MediaState): void;
  /** Another camera or microphone, swapped in without renegotiating. */
  replaceTrack(track: MediaStreamTrack): Promise<void>;
  leave(): void;
}

/** What the api's join answers, for the staff (`POST /visits/{id}/join`) and the interpreter (`POST /i/{token}/join`). */
export interface JoinGrant {
  mode: 'livekit' | 'p2p';
  room: string;
  url?: string;
  token?: string;
  iceServers?: RTCIceServer[];
  /** The interpreter's seat in the embedded mode: the socket credential. */
  seat?: { credential: string; peerId: string; visitId: string; expiresAt: string };
}
