import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The day-before reminder to the patient: sent once per visit, whichever instance's job finds it. */
export class VisitReminders1764061200000 implements MigrationInterface {
  name = 'VisitReminders1764061200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visit ADD COLUMN reminded_at timestamptz;
      ALTER TABLE notice_outbox DROP CONSTRAINT notice_outbox_kind_check;
      ALTER TABLE notice_outbox ADD CONSTRAINT notice_outbox_kind_check CHECK (kind IN ('booked', 'changed', 'cancelled', 'reminder'));
      CREATE INDEX visit_reminder_due ON visit (booking_id) WHERE status = 'scheduled' AND reminded_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX visit_reminder_due;
      ALTER TABLE notice_outbox DROP CONSTRAINT notice_outbox_kind_check;
      ALTER TABLE notice_outbox ADD CONSTRAINT notice_outbox_kind_check CHECK (kind IN ('booked', 'changed', 'cancelled'));
      ALTER TABLE visit DROP COLUMN reminded_at;
    `);
  }
}
