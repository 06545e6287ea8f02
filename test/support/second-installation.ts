import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { createApp } from '../../apps/api/src/bootstrap';
import { createTestDatabase, HttpResponse, RequestOptions, testConfig } from './test-app';

/**
 * One region's installation for the federation tests: its own database and its own api, on a port
 * that stays the same when it is stopped and started again (its partners know it by that URL).
 */
export interface Installation {
  readonly baseUrl: string;
  readonly databaseUrl: string;
  readonly db: Pool;
  app(): INestApplication;
  http<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  /** Stops the api (the database stays), as when the region's server is down. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startInstallation(env: Record<string, string> = {}): Promise<Installation> {
  const databaseUrl = await createTestDatabase();
  const config = testConfig({ JOB_INTERVAL_SECONDS: '0.5', ...env });
  let app: INestApplication | undefined = await createApp({ config, databaseUrl });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const db = new Pool({ connectionString: databaseUrl, max: 4 });
  return {
    baseUrl,
    databaseUrl,
    db,
    app: () => {
      if (!app) throw new Error('the installation is stopped');
      return app;
    },
    async http(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body = opts.rawBody;
      if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(`${baseUrl}${path.startsWith('/api') ? path : `/api/v1${path}`}`, { method, headers, body });
      const text = await res.text();
      const parsed: unknown = res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text;
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async stop() {
      await app?.close();
      app = undefined;
    },
    async start() {
      app = await createApp({ config, databaseUrl });
      await app.listen(port, '127.0.0.1');
    },
    async close() {
      await app?.close();
      app = undefined;
      await db.end();
    },
  };
}
