import { io } from 'socket.io-client';
import { api } from '../api';
import { realtime } from '../realtime';
import type { JoinGrant, VideoCall } from './call';
import { joinLiveKit } from './livekit';
import { MeshCall } from './mesh';

/** The staff's join: the HTTP join takes the seat, then LiveKit or the embedded mesh over the tab's socket. */
export async function connectStaff(visitId: string, stream: MediaStream, onChange: () => void): Promise<VideoCall> {
  const grant = await api<JoinGrant>('POST', `/visits/${visitId}/join`);
  if (grant.mode === 'livekit') return joinLiveKit(grant, stream, onChange);
  const call = new MeshCall(realtime(), visitId, grant.iceServers ?? [], stream, onChange);
  await call.join();
  return call;
}

/**
 * The interpreter's join with the grant of the link's one join: LiveKit, or the embedded mesh over a
 * socket of its own that shows the seat's credential (no account, no other right).
 */
export async function connectInterpreter(grant: JoinGrant, stream: MediaStream, onChange: () => void): Promise<VideoCall> {
  if (grant.mode === 'livekit') return joinLiveKit(grant, stream, onChange);
  const seat = grant.seat!;
  const socket = io('/realtime', { path: '/socket.io', auth: { guest: seat.credential }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  const call = new MeshCall(socket, seat.visitId, grant.iceServers ?? [], stream, onChange);
  try {
    await call.join();
  } catch (e) {
    socket.close();
    throw e;
  }
  return {
    peers: () => call.peers(),
    setMedia: (m) => call.setMedia(m),
    replaceTrack: (track) => call.replaceTrack(track),
    leave: () => {
      call.leave();
      socket.close();
    },
  };
}
