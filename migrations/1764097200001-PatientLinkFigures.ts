import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The report of notices and confirmations (issue 22): when the patient last moved her visit through her
 * link, kept on the visit so the report reads it without searching the audit log.
 */
export class PatientLinkFigures1764097200001 implements MigrationInterface {
  name = 'PatientLinkFigures1764097200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE visit ADD COLUMN patient_moved_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE visit DROP COLUMN patient_moved_at`);
  }
}
