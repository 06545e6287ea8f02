import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A list read is audited as one row that names its patients in `detail.patientIds` (#15.7); the
 * index keeps a patient's audit trail (`GET /audit-events?patientId=`) a lookup rather than a scan.
 */
export class AuditListReads1764079200001 implements MigrationInterface {
  name = 'AuditListReads1764079200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_event_list_patients ON audit_event USING gin ((detail -> 'patientIds'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX audit_event_list_patients');
  }
}
