import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * PostgreSQL's pgbench: PGBENCH, else the newest of Debian's client packages, else one on PATH. The
 * embedded server's npm package ships none (only initdb, pg_ctl, postgres).
 */
export async function findPgbench(): Promise<string | null> {
  if (process.env.PGBENCH) return process.env.PGBENCH;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(debian, v, 'bin/pgbench'))) return join(debian, v, 'bin/pgbench');
  }
  try {
    await run('pgbench', ['--version']);
    return 'pgbench';
  } catch {
    return null;
  }
}

export interface PgbenchRun {
  clients: number;
  tps: number;
  latencyMs: number;
}

/**
 * Runs `script` (pgbench's script language) with `-M prepared` as `clients` connections, `transactions`
 * in all, and returns the transactions per second pgbench reports (without connection time).
 */
export async function pgbench(
  bin: string,
  url: string,
  script: string,
  opts: { clients: number; transactions: number; vars: Record<string, string | number> },
): Promise<PgbenchRun> {
  const dir = mkdtempSync(join(os.tmpdir(), 'pgbench-'));
  try {
    const file = join(dir, 'script.sql');
    writeFileSync(file, script);
    const args = [
      '-n',
      '-M',
      'prepared',
      '-f',
      file,
      '-c',
      String(opts.clients),
      '-j',
      String(Math.min(opts.clients, os.cpus().length)),
      '-t',
      String(Math.max(1, Math.floor(opts.transactions / opts.clients))),
      ...Object.entries(opts.vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
      url,
    ];
    const { stdout } = await run(bin, args, { maxBuffer: 16 * 1024 * 1024 });
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    const latency = /latency average = ([\d.]+) ms/.exec(stdout);
    const failed = /number of failed transactions: (\d+)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} failed transactions:\n${stdout}`);
    return { clients: opts.clients, tps: Number(tps[1]), latencyMs: latency ? Number(latency[1]) : NaN };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
