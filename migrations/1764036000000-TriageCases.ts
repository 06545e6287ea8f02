import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Triage cases with the version that evaluated them, the queue index, and idempotency records. */
export class TriageCases1764036000000 implements MigrationInterface {
  name = 'TriageCases1764036000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE triage_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES region(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        health_centre_id uuid NOT NULL,
        pathway_key text NOT NULL,
        pathway_version integer NOT NULL,
        answers jsonb NOT NULL,
        category text NOT NULL,
        category_order integer NOT NULL,
        bookable boolean NOT NULL,
        in_queue boolean NOT NULL,
        score numeric(8,2) NOT NULL,
        reasons jsonb NOT NULL,
        instruction jsonb,
        -- The Stockholm calendar date by which the patient should be seen (triage date + the category's days).
        due_date date,
        status text NOT NULL CHECK (status IN ('awaiting_booking', 'booked', 'redirected', 'completed', 'withdrawn')),
        status_reason text,
        flags text[] NOT NULL DEFAULT '{}',
        original_category text,
        triaged_at timestamptz NOT NULL DEFAULT now(),
        triaged_by uuid NOT NULL REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (health_centre_id, region_id) REFERENCES health_centre(id, region_id),
        FOREIGN KEY (pathway_key, pathway_version) REFERENCES pathway_version(pathway_key, version),
        CONSTRAINT triage_case_queue_needs_due CHECK (NOT (in_queue AND due_date IS NULL))
      );
      -- One open case per patient and pathway, whatever the service does.
      CREATE UNIQUE INDEX triage_case_one_open ON triage_case (patient_id, pathway_key)
        WHERE status IN ('awaiting_booking', 'booked');
      -- Serves the queue's default ranking (category, due date, score, triage time) without a sort of every case.
      CREATE INDEX triage_case_queue ON triage_case (region_id, pathway_key, category_order, due_date, score DESC, triaged_at, id)
        WHERE status = 'awaiting_booking' AND in_queue;
      CREATE INDEX triage_case_centre ON triage_case (health_centre_id, status, triaged_at DESC);
      CREATE INDEX triage_case_patient ON triage_case (patient_id);

      CREATE FUNCTION triage_case_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
             (OLD.status = 'awaiting_booking' AND NEW.status IN ('booked', 'redirected', 'withdrawn'))
          OR (OLD.status = 'booked' AND NEW.status IN ('awaiting_booking', 'completed', 'withdrawn', 'redirected'))
          OR (OLD.status = 'redirected' AND NEW.status IN ('awaiting_booking', 'withdrawn'))
        ) THEN
          RAISE EXCEPTION 'triage case status % -> % is not allowed', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'triage_case_transition';
        END IF;
        IF NEW.answers IS DISTINCT FROM OLD.answers OR NEW.pathway_version IS DISTINCT FROM OLD.pathway_version THEN
          RAISE EXCEPTION 'a triage case keeps its answers and pathway version' USING ERRCODE = 'check_violation';
        END IF;
        NEW.updated_at := now();
        RETURN NEW;
      END $$;
      CREATE TRIGGER triage_case_transition BEFORE UPDATE ON triage_case
        FOR EACH ROW EXECUTE FUNCTION triage_case_transition();

      CREATE TABLE idempotency_record (
        user_id uuid NOT NULL REFERENCES app_user(id),
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE idempotency_record;
      DROP TABLE triage_case;
      DROP FUNCTION triage_case_transition();
    `);
  }
}
