import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The visit's lifecycle, the specialist's answer (svar) to the centre, and LiveKit webhook de-duplication. */
export class Visits1764043200000 implements MigrationInterface {
  name = 'Visits1764043200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visit
        ADD COLUMN centre_joined_at timestamptz,
        ADD COLUMN specialist_joined_at timestamptz,
        ADD COLUMN started_at timestamptz,
        ADD COLUMN ended_at timestamptz,
        ADD COLUMN status_reason text;

      CREATE FUNCTION visit_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
             (OLD.status = 'scheduled' AND NEW.status IN ('waiting', 'in_progress', 'completed', 'no_show', 'cancelled'))
          OR (OLD.status = 'waiting' AND NEW.status IN ('scheduled', 'in_progress', 'completed', 'no_show', 'cancelled'))
          OR (OLD.status = 'in_progress' AND NEW.status IN ('completed'))
        ) THEN
          RAISE EXCEPTION 'visit status % -> % is not allowed', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'visit_transition';
        END IF;
        NEW.updated_at := now();
        RETURN NEW;
      END $$;
      CREATE TRIGGER visit_transition BEFORE UPDATE ON visit FOR EACH ROW EXECUTE FUNCTION visit_transition();

      CREATE TABLE visit_outcome (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        visit_id uuid NOT NULL UNIQUE REFERENCES visit(id),
        case_id uuid NOT NULL REFERENCES triage_case(id),
        health_centre_id uuid NOT NULL REFERENCES health_centre(id),
        author_id uuid NOT NULL REFERENCES app_user(id),
        summary text NOT NULL CHECK (length(btrim(summary)) > 0),
        diagnosis_codes text[] NOT NULL DEFAULT '{}',
        plan text NOT NULL CHECK (plan IN ('follow_up_remote', 'follow_up_primary_care', 'hospital_referral', 'discharged')),
        instructions text,
        follow_up_case_id uuid REFERENCES triage_case(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        read_by uuid REFERENCES app_user(id)
      );
      CREATE INDEX visit_outcome_inbox ON visit_outcome (health_centre_id, created_at DESC);

      CREATE TABLE livekit_webhook_event (
        id text PRIMARY KEY,
        event text NOT NULL,
        room_name text,
        received_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE livekit_webhook_event;
      DROP TABLE visit_outcome;
      DROP TRIGGER visit_transition ON visit;
      DROP FUNCTION visit_transition();
      ALTER TABLE visit DROP COLUMN centre_joined_at, DROP COLUMN specialist_joined_at, DROP COLUMN started_at,
        DROP COLUMN ended_at, DROP COLUMN status_reason;
    `);
  }
}
