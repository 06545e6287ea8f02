import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { freePort } from '@app/database';
import { createApp } from '../../apps/api/src/bootstrap';
import { createTestDatabase, type HttpResponse, type RequestOptions, testConfig } from './test-app';

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

export async function startInstallation(
  env: Record<string, string> = {},
  /** Where the api's JSON log lines go (the tests read them for patient data). */
  logStream?: { write(line: string): void },
): Promise<Installation> {
  const databaseUrl = await createTestDatabase();
  const config = testConfig({ JOB_INTERVAL_SECONDS: '0.5', ...env });
  let app: INestApplication | undefined = await createApp({ config, databaseUrl, logStream });
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
    http: (method, path, opts) => httpAt(baseUrl, method, path, opts),
    async stop() {
      await app?.close();
      app = undefined;
    },
    async start() {
      app = await createApp({ config, databaseUrl, logStream });
      await app.listen(port, '127.0.0.1');
    },
    async close() {
      await app?.close();
      app = undefined;
      await db.end();
    },
  };
}

/**
 * An installation whose api runs in a process of its own (from the sources, as `npm run bench` runs
 * them), over its own database: the test can kill it with SIGKILL in the middle of a delivery and
 * start it again on the same port.
 */
export interface InstallationProcess {
  readonly baseUrl: string;
  readonly databaseUrl: string;
  readonly db: Pool;
  http<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  kill(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startInstallationProcess(env: Record<string, string> = {}): Promise<InstallationProcess> {
  const databaseUrl = await createTestDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const db = new Pool({ connectionString: databaseUrl, max: 4 });
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: join(__dirname, '../..'),
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        DEMO_DATA: 'false',
        LOG_LEVEL: 'error',
        WEB_DIST_DIR: '/nonexistent',
        JEST_WORKER_ID: '',
        JOB_INTERVAL_SECONDS: '0.5',
        WRITE_RATE_PER_MINUTE: '100000',
        READ_RATE_PER_MINUTE: '100000',
        ...env,
      },
      stdio: 'ignore',
    });
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`the api process exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${baseUrl}/api/v1/health`)).status === 200) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the api process did not come up in 60 s');
  };
  await start();
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  return {
    baseUrl,
    databaseUrl,
    db,
    http: (method, path, opts) => httpAt(baseUrl, method, path, opts),
    kill,
    start,
    async close() {
      await kill();
      await db.end();
    },
  };
}

async function httpAt<T>(baseUrl: string, method: string, path: string, opts: RequestOptions = {}): Promise<HttpResponse<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body = opts.rawBody;
  if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${baseUrl}${path.startsWith('/api') ? path : `/api/v1${path}`}`, { method, headers, body });
  const text = await res.text();
  const parsed: unknown = res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text;
  return { status: res.status, body: parsed as T, headers: res.headers };
}
