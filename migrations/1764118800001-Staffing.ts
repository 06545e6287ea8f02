import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 19, item 6: what the board asked about. Per region, specialty and month, what the region records
 * itself: hired-doctor (hyrläkare) weeks and their cost, and internal locum weeks (internstafett) for months
 * it kept count of outside the product (before its sessions were planned here). The report sets them beside
 * the on-site weeks planned as clinic sessions and the remote visits held (libs/reporting/src/staffing-report.ts).
 */
export class Staffing1764118800001 implements MigrationInterface {
  name = 'Staffing1764118800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staffing_month (
        region_id uuid NOT NULL REFERENCES region(id),
        specialty_key text NOT NULL REFERENCES specialty(key),
        -- The month's first day.
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        hired_doctor_weeks numeric(8,2) NOT NULL CHECK (hired_doctor_weeks >= 0),
        hired_doctor_cost numeric(14,2) NOT NULL CHECK (hired_doctor_cost >= 0),
        -- Recorded internal locum weeks; null when the region leaves them to the planned on-site sessions.
        internal_locum_weeks numeric(8,2) CHECK (internal_locum_weeks >= 0),
        currency text NOT NULL DEFAULT 'SEK' CHECK (currency ~ '^[A-Z]{3}$'),
        updated_by uuid NOT NULL REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_id, month, specialty_key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE staffing_month');
  }
}
