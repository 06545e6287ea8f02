import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Rooms, clinic sessions cut into slots, bookings, visits and the patient-notice outbox.
 * Overlaps and double bookings are refused by the database itself (exclusion constraints and
 * partial unique indexes), whatever a service checks first.
 */
export class Scheduling1764039600000 implements MigrationInterface {
  name = 'Scheduling1764039600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS btree_gist;
      CREATE TABLE health_centre_room (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        health_centre_id uuid NOT NULL REFERENCES health_centre(id),
        name text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        UNIQUE (health_centre_id, name),
        UNIQUE (id, health_centre_id)
      );
      CREATE TABLE clinic_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES region(id),
        specialist_id uuid NOT NULL REFERENCES app_user(id),
        health_centre_id uuid NOT NULL,
        room_id uuid NOT NULL,
        nurse_id uuid REFERENCES app_user(id),
        mode text NOT NULL CHECK (mode IN ('remote', 'onsite')),
        period tstzrange NOT NULL CHECK (NOT isempty(period) AND lower_inc(period) AND NOT upper_inc(period)),
        slot_minutes integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
        cancel_reason text,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (health_centre_id, region_id) REFERENCES health_centre(id, region_id),
        FOREIGN KEY (room_id, health_centre_id) REFERENCES health_centre_room(id, health_centre_id),
        CONSTRAINT clinic_session_specialist_no_overlap EXCLUDE USING gist (specialist_id WITH =, period WITH &&) WHERE (status = 'planned'),
        CONSTRAINT clinic_session_room_no_overlap EXCLUDE USING gist (room_id WITH =, period WITH &&) WHERE (status = 'planned')
      );
      CREATE INDEX clinic_session_period ON clinic_session USING gist (region_id, period);
      CREATE TABLE slot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES clinic_session(id),
        health_centre_id uuid NOT NULL,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL CHECK (end_at > start_at),
        UNIQUE (session_id, start_at)
      );
      CREATE INDEX slot_centre_start ON slot (health_centre_id, start_at);
      CREATE TABLE booking (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slot_id uuid NOT NULL REFERENCES slot(id),
        case_id uuid NOT NULL REFERENCES triage_case(id),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz,
        cancel_reason text
      );
      CREATE UNIQUE INDEX booking_one_per_slot ON booking (slot_id) WHERE status = 'active';
      CREATE UNIQUE INDEX booking_one_per_case ON booking (case_id) WHERE status = 'active';
      CREATE TABLE visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        booking_id uuid NOT NULL UNIQUE REFERENCES booking(id),
        case_id uuid NOT NULL REFERENCES triage_case(id),
        health_centre_id uuid NOT NULL REFERENCES health_centre(id),
        specialist_id uuid NOT NULL REFERENCES app_user(id),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'waiting', 'in_progress', 'completed', 'no_show', 'cancelled')),
        room_name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX visit_centre ON visit (health_centre_id, status);
      CREATE TABLE notice_outbox (
        id bigserial PRIMARY KEY,
        patient_id uuid NOT NULL REFERENCES patient(id),
        kind text NOT NULL CHECK (kind IN ('booked', 'changed', 'cancelled')),
        channel text NOT NULL CHECK (channel IN ('sms', 'letter')),
        recipient text,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      );
      CREATE INDEX notice_outbox_due ON notice_outbox (next_attempt_at) WHERE status = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE notice_outbox;
      DROP TABLE visit;
      DROP TABLE booking;
      DROP TABLE slot;
      DROP TABLE clinic_session;
      DROP TABLE health_centre_room;
    `);
  }
}
