import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Notice delivery with a lease (issue 15, #14). The worker used to hold a transaction and the notice's
 * row lock while the sender talked to the SMS gateway. Now it claims notices in one short statement,
 * setting `lease_until` and a `lease_token` of its own, sends outside any transaction, and marks the
 * notice only if it still holds that lease; a lease that expires (a crashed or hung worker) makes the
 * notice claimable again. `attempts` counts claims, so a notice that crashes its worker still ends
 * `failed` after the last attempt.
 */
export class NoticeLease1764082800001 implements MigrationInterface {
  name = 'NoticeLease1764082800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notice_outbox ADD COLUMN lease_until timestamptz, ADD COLUMN lease_token uuid,
        ADD CONSTRAINT notice_outbox_lease_pair CHECK ((lease_until IS NULL) = (lease_token IS NULL));
      -- The metrics count failed notices on every scrape; they are few, the outbox grows.
      CREATE INDEX notice_outbox_failed ON notice_outbox (id) WHERE status = 'failed';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX notice_outbox_failed;
      ALTER TABLE notice_outbox DROP CONSTRAINT notice_outbox_lease_pair, DROP COLUMN lease_token, DROP COLUMN lease_until;
    `);
  }
}
