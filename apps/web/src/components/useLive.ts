import { useEffect, useState } from 'react';
import { realtime } from '../realtime';

/** Whether the realtime socket is connected now: a screen may say "updates live" only while it is. */
export function useLive(): boolean {
  const [connected, setConnected] = useState(() => realtime().connected);
  useEffect(() => {
    const socket = realtime();
    const on = () => setConnected(true);
    const off = () => setConnected(false);
    socket.on('connect', on);
    socket.on('disconnect', off);
    socket.io.on('reconnect_failed', off);
    setConnected(socket.connected);
    return () => {
      socket.off('connect', on);
      socket.off('disconnect', off);
      socket.io.off('reconnect_failed', off);
    };
  }, []);
  return connected;
}
