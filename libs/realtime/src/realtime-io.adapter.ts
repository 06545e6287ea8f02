import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/** Connect-style middleware for socket.io's own HTTP answers (helmet's security headers). */
export type HttpMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * socket.io for the api; with REDIS_URL the Redis adapter fans events out across api instances, so an
 * event committed through one instance reaches sockets connected to another. WebSocket only: no
 * long-polling (fewer ways in, no sticky sessions needed behind a proxy).
 */
export class RealtimeIoAdapter extends IoAdapter {
  private clients: Redis[] = [];
  private redisAdapter: ReturnType<typeof createAdapter> | undefined;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string | undefined,
    private readonly httpMiddleware?: HttpMiddleware,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    if (!this.redisUrl) return;
    const pub = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    this.clients = [pub, sub];
    this.redisAdapter = createAdapter(pub, sub);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, { ...options, path: '/socket.io', transports: ['websocket'] }) as Server;
    // socket.io answers its requests before Fastify sees them, so Fastify's hooks do not add the headers.
    if (this.httpMiddleware) server.engine.use(this.httpMiddleware);
    if (this.redisAdapter) server.adapter(this.redisAdapter);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.clients.map((c) => c.quit().catch(() => undefined)));
    this.clients = [];
  }
}
