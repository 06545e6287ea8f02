import { io, Socket } from 'socket.io-client';
import { session } from './api';

let socket: Socket | null = null;

/** One socket per signed-in tab, authenticated in the handshake. */
export function realtime(): Socket {
  if (!socket) {
    socket = io('/realtime', { path: '/socket.io', auth: (cb) => cb({ token: session.token }), transports: ['websocket'] });
  }
  return socket;
}

export function closeRealtime(): void {
  socket?.close();
  socket = null;
}
