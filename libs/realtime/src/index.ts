export * from './realtime.events';
export * from './realtime.module';
export * from './realtime.service';
export type { ClientRefusal, SocketData } from './realtime.gateway';
export * from './realtime-io.adapter';
export * from './event-map';
