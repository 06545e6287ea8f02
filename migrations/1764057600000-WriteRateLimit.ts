import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Per-user write counters per clock minute, shared by every api instance. Unlogged: a counter lost
 * in a crash only forgives a minute's writes, and it spares the write-ahead log on every request.
 */
export class WriteRateLimit1764057600000 implements MigrationInterface {
  name = 'WriteRateLimit1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE write_rate (
        user_id uuid NOT NULL,
        window_start timestamptz NOT NULL,
        writes integer NOT NULL,
        PRIMARY KEY (user_id, window_start)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE write_rate');
  }
}
