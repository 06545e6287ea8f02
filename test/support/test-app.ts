import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { type AppConfig, loadConfig } from '@app/config';
import { createApp } from '../../apps/api/src/bootstrap';
import { runMigrations } from '../../libs/database/src/migrate';
import { MIGRATIONS } from '../../migrations';

export interface HttpResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  databaseUrl: string;
  /** Raw SQL against the suite's database, for arranging and for checking what was stored. */
  db: Pool;
  http<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated template, for one suite. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  const template = process.env.TEST_DATABASE_TEMPLATE;
  if (!adminUrl || !template) throw new Error('The jest global setup did not provide a database (JEST_UNIT_ONLY set?)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Pool({ connectionString: adminUrl, max: 1 });
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface EarlierInstallation {
  url: string;
  /** Raw SQL on it, for arranging the data an earlier release would have written. */
  db: Client;
  /** Ends the connection and drops the database. */
  drop(): Promise<void>;
}

/**
 * A database as an earlier release left it: migrated up to, not including, the named migration, so a test can
 * write that release's data, run the rest (`runMigrations(url)`) and check the upgrade keeps it.
 */
export async function earlierInstallation(firstMissing: string): Promise<EarlierInstallation> {
  const before = MIGRATIONS.findIndex((m) => m.name === firstMissing);
  if (before < 0) throw new Error(`No migration named ${firstMissing}`);
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error('The jest global setup did not provide a database (JEST_UNIT_ONLY set?)');
  const name = `t_mig_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString(), before);
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  // Suites send hundreds of writes, previews and list reads a minute as one user; test/rate-limits and
  // test/list-reads set the production limits.
  return loadConfig({
    LOG_LEVEL: 'error',
    DEMO_DATA: 'false',
    WEB_DIST_DIR: '/nonexistent',
    WRITE_RATE_PER_MINUTE: '100000',
    PREVIEW_RATE_PER_MINUTE: '100000',
    READ_RATE_PER_MINUTE: '100000',
    ...overrides,
  });
}

/** The api as production builds it, listening on a free port of this machine, over its own database. */
export async function createTestApp(
  // `port`: when the api's own address must be known before it starts (an IdP's redirect URI, test/oidc); default any free one.
  options: { env?: Record<string, string>; databaseUrl?: string; logStream?: { write(line: string): void }; port?: number } = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const app = await createApp({ config: testConfig(options.env), databaseUrl, logStream: options.logStream });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const db = new Pool({ connectionString: databaseUrl, max: 4 });
  return {
    app,
    baseUrl,
    databaseUrl,
    db,
    async http(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined = opts.rawBody;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      } else if (body !== undefined) {
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${baseUrl}${path.startsWith('/api') ? path : `/api/v1${path}`}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      if (res.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text);
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async close() {
      await app.close();
      await db.end();
    },
  };
}
