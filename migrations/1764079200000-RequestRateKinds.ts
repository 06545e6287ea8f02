import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The per-user minute counters count three kinds of request apart (#15.7, #15.8): changes, previews
 * (the nurse's live evaluation, which changes nothing) and expensive list reads, each against a
 * limit of its own. Existing counters are changes.
 */
export class RequestRateKinds1764079200000 implements MigrationInterface {
  name = 'RequestRateKinds1764079200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE write_rate ADD COLUMN kind text NOT NULL DEFAULT 'write' CONSTRAINT write_rate_kind CHECK (kind IN ('write', 'preview', 'read'));
      ALTER TABLE write_rate DROP CONSTRAINT write_rate_pkey;
      ALTER TABLE write_rate ADD PRIMARY KEY (user_id, kind, window_start);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM write_rate WHERE kind <> 'write';
      ALTER TABLE write_rate DROP CONSTRAINT write_rate_pkey;
      ALTER TABLE write_rate DROP COLUMN kind;
      ALTER TABLE write_rate ADD PRIMARY KEY (user_id, window_start);
    `);
  }
}
