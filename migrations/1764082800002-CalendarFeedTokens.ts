import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Calendar feed URLs (issue 15, #15). A calendar application cannot send a Bearer token, so each user
 * may have one secret feed URL: 256 random bits, of which only the SHA-256 is stored. Renewing replaces
 * the row (the old URL stops working), revoking deletes it, deactivating the user ends it.
 */
export class CalendarFeedTokens1764082800002 implements MigrationInterface {
  name = 'CalendarFeedTokens1764082800002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed_token (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        token_sha256 bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE calendar_feed_token');
  }
}
