import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

/** Lock id shared by every instance so that two servers starting at once migrate one after the other. */
const MIGRATION_LOCK = 727_001;

/** Runs the pending migrations, or those of the first `upTo` (a restore brings a backup's schema first). */
export async function runMigrations(url: string, upTo = MIGRATIONS.length): Promise<string[]> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS.slice(0, upTo), migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}
