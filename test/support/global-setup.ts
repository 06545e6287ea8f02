import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../libs/database/src/embedded-postgres';
import { runMigrations } from '../../libs/database/src/migrate';

declare global {
  var __testDatabaseStop: (() => Promise<void>) | undefined;
}

export const TEMPLATE_DB = 'ledtriage_test_template';

/**
 * One PostgreSQL for the whole run: the embedded server by default, `DATABASE_URL` otherwise.
 * A template database gets the migrations once; each suite clones it (CREATE DATABASE ... TEMPLATE).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.JEST_UNIT_ONLY === '1') return;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledtriage-test-'));
    const db = await startEmbeddedPostgres({ dataDir, databaseName: 'postgres', fast: true });
    adminUrl = db.adminUrl;
    globalThis.__testDatabaseStop = db.stop;
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  await runMigrations(templateUrl.toString());
  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
  process.env.TEST_DATABASE_TEMPLATE = TEMPLATE_DB;
}
