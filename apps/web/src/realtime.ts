import { io, type Socket } from 'socket.io-client';
import { session } from './api';

let socket: Socket | null = null;
let stopRenewals: (() => void) | null = null;

/**
 * One socket per signed-in tab, authenticated in the handshake. Each renewed access token is handed to
 * the server (`auth.renew`), so the socket outlives its tokens; if the server ends it all the same (the
 * token ran out while the tab slept), the tab renews and reconnects, and the server's 'connected'
 * queue.updated makes every screen fetch what it missed.
 */
export function realtime(): Socket {
  if (!socket) {
    const s = io('/realtime', { path: '/socket.io', auth: (cb) => cb({ token: session.token }), transports: ['websocket'] });
    socket = s;
    stopRenewals = session.onRenewed((token) => {
      if (s.connected) s.emit('auth.renew', { token });
    });
    s.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect') return; // socket.io reconnects by itself after network trouble
      void session.renew().then((token) => token && socket === s && s.connect());
    });
    s.on('connect_error', () => {
      // A refused handshake (expired token): renew once, then socket.io's own retries use the new token.
      if (session.token && session.expiresAt < Date.now() + 1000) void session.renew();
    });
  }
  return socket;
}

export function closeRealtime(): void {
  stopRenewals?.();
  stopRenewals = null;
  socket?.close();
  socket = null;
}
