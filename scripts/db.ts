/**
 * `npm run db:backup [-- <file>]` and `npm run db:restore -- <file> [--force]`: a consistent logical
 * backup of the product's database, and its restore into an empty one (see libs/database/src/backup.ts).
 * The database is DATABASE_URL's, else the embedded server: the running one (found through its data
 * dir), or one started for the purpose.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@app/config';
import { backupDatabase, restoreDatabase, runningEmbeddedUrl, startEmbeddedPostgres } from '@app/database';

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (config.databaseUrl) return work(config.databaseUrl);
  const running = await runningEmbeddedUrl(config.dataDir, 'ledtriage');
  if (running) return work(running);
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, databaseName: 'ledtriage' });
  try {
    return await work(embedded.url);
  } finally {
    await embedded.stop();
  }
}

/** Whether the database holds anything a restore would overwrite. */
async function hasData(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT to_regclass('public.app_user') IS NOT NULL AS schema`);
    if (!rows[0].schema) return false;
    const { rows: users } = await client.query('SELECT EXISTS (SELECT 1 FROM app_user) OR EXISTS (SELECT 1 FROM patient) AS data');
    return users[0].data as boolean;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'backup') {
    const file = resolve(args[0] ?? `backups/ledtriage-${new Date().toISOString().replace(/[:.]/g, '-')}.backup.gz`);
    mkdirSync(dirname(file), { recursive: true });
    const manifest = await withDatabase((url) => backupDatabase(url, file));
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    process.stdout.write(
      `Backup written: ${file}\n  ${manifest.tables.length} tables, ${rows} rows, schema at ${manifest.migrations.at(-1)}\n`,
    );
    return;
  }
  if (command === 'restore') {
    const file = args.find((a) => !a.startsWith('--'));
    if (!file) throw new Error('usage: npm run db:restore -- <file> [--force]');
    await withDatabase(async (url) => {
      if ((await hasData(url)) && !args.includes('--force')) {
        throw new Error('the database already holds data; a restore replaces all of it: stop the api and add --force');
      }
      const manifest = await restoreDatabase(url, resolve(file));
      process.stdout.write(`Restored ${file} (taken ${manifest.createdAt}): ${manifest.tables.reduce((n, t) => n + t.rows, 0)} rows\n`);
    });
    return;
  }
  throw new Error('usage: db.ts backup [file] | restore <file> [--force]');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
