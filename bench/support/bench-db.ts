import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations, startEmbeddedPostgres } from '@app/database';

/** A fresh, migrated database for one benchmark: the embedded server (durable settings) or DATABASE_URL's server. */
export async function benchDatabase(name: string): Promise<{ url: string; stop(): Promise<void> }> {
  let adminUrl: string;
  let stopServer = async () => undefined as void;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  } else {
    const db = await startEmbeddedPostgres({ dataDir: mkdtempSync(join(tmpdir(), `bench-${name}-`)), databaseName: 'postgres' });
    adminUrl = db.adminUrl;
    stopServer = db.stop;
  }
  const dbName = `bench_${name}_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    stop: async () => {
      // For looking at a bench's data afterwards (EXPLAIN and such) on DATABASE_URL's server.
      if (process.env.BENCH_KEEP_DB && process.env.DATABASE_URL) {
        console.log(`kept ${url.toString()}`);
        return;
      }
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.end();
      await stopServer();
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * CPU seconds so far of this process's main thread, of its other threads (the load worker, GC helpers)
 * and of each PostgreSQL process on the machine: read from /proc, so Linux only (zeros elsewhere).
 */
export function cpuSnapshot(): { main: number; otherThreads: number; postgres: Map<string, number> } {
  const ticks = 100; // USER_HZ on Linux
  const times = (statPath: string) => {
    try {
      const stat = readFileSync(statPath, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), cpu: (Number(fields[11]) + Number(fields[12])) / ticks };
    } catch {
      return { comm: '', cpu: 0 };
    }
  };
  const snapshot = { main: 0, otherThreads: 0, postgres: new Map<string, number>() };
  if (!existsSync('/proc/self/task')) return snapshot;
  for (const tid of readdirSync('/proc/self/task')) {
    const { cpu } = times(`/proc/self/task/${tid}/stat`);
    if (Number(tid) === process.pid) snapshot.main += cpu;
    else snapshot.otherThreads += cpu;
  }
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const { comm, cpu } = times(`/proc/${pid}/stat`);
    if (comm === 'postgres') snapshot.postgres.set(pid, cpu);
  }
  return snapshot;
}

/** CPU seconds used since `before`; a server process that has exited since (an idle pool connection) is not subtracted. */
export function cpuSince(before: ReturnType<typeof cpuSnapshot>) {
  const now = cpuSnapshot();
  let postgres = 0;
  for (const [pid, cpu] of now.postgres) postgres += cpu - (before.postgres.get(pid) ?? 0);
  return { main: now.main - before.main, otherThreads: now.otherThreads - before.otherThreads, postgres };
}
