import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';
import { type EmbeddedDatabase, runMigrations, startEmbeddedPostgres } from '@app/database';
import { createApp } from './bootstrap';
import { DemoSeeder } from './demo/demo-seeder';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    process.stdout.write(`Starting the embedded PostgreSQL in ${config.dataDir} ...\n`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, databaseName: 'ledtriage' });
    databaseUrl = embedded.url;
  }
  const stopDatabase = async () => {
    await embedded?.stop().catch(() => undefined);
  };

  try {
    const ran = await runMigrations(databaseUrl);
    if (ran.length > 0) process.stdout.write(`Migrations applied: ${ran.join(', ')}\n`);
    const app = await createApp({ config, databaseUrl });
    let closing = false;
    const shutdown = (signal: string) => {
      if (closing) return;
      closing = true;
      process.stdout.write(`${signal}: shutting down\n`);
      void app
        .close()
        .catch(() => undefined)
        .then(stopDatabase)
        .then(() => process.exit(0));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));

    await app.init();
    const seeded = config.demoData ? await app.get(DemoSeeder).seed(config.demoPassword) : undefined;
    await app.listen(config.port, '0.0.0.0');
    const url = `http://localhost:${config.port}`;
    const lines = [`Ledtriage is ready at ${url} (API ${url}/api/v1, OpenAPI ${url}/api/docs)`];
    if (seeded) {
      lines.push(`Demo data (${seeded.created ? 'seeded now' : 'already there'}): sign in as`);
      for (const a of seeded.accounts) lines.push(`  ${a.username.padEnd(16)} ${a.role.padEnd(11)} ${a.where}`);
      lines.push(`  password: ${config.demoPassword === 'demo' ? 'demo' : '(the value of DEMO_PASSWORD)'}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (e) {
    process.stderr.write(`Start-up failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    await stopDatabase();
    process.exit(1);
  }
}

void main();
