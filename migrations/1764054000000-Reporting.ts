import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Reports (issue 9). The reports aggregate held visits by region and Stockholm date, which in the
 * normalised schema takes a five-table join (visit, booking, slot, clinic_session, triage_case) and a
 * time-zone conversion per row. `report_visit` keeps one narrow row per completed or no-show visit
 * with exactly what the reports group and filter by, kept in sync by triggers on every table it is
 * derived from, and filled from the existing rows here. A covering index on (region, clinic date)
 * lets a year's report read only the index.
 */
export class Reporting1764054000000 implements MigrationInterface {
  name = 'Reporting1764054000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_visit (
        visit_id uuid PRIMARY KEY REFERENCES visit(id) ON DELETE CASCADE,
        -- The region the visit was held in (its session's, which is its health centre's).
        region_id uuid NOT NULL,
        health_centre_id uuid NOT NULL,
        -- Stockholm calendar date of the visit's slot.
        clinic_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('completed', 'no_show')),
        mode text NOT NULL,
        agreement_id uuid,
        pathway_key text NOT NULL,
        category text NOT NULL,
        due_date date,
        -- Stockholm calendar date of the triage.
        triage_date date NOT NULL,
        -- Stockholm calendar date the answer (svar) was sent, if it was.
        answer_date date,
        -- Worked out once per row here rather than per row in every report.
        month date GENERATED ALWAYS AS (date_trunc('month', clinic_date::timestamp)::date) STORED,
        wait_days integer GENERATED ALWAYS AS (clinic_date - triage_date) STORED,
        in_time boolean GENERATED ALWAYS AS (clinic_date <= due_date) STORED,
        answer_month date GENERATED ALWAYS AS (date_trunc('month', answer_date::timestamp)::date) STORED
      );
      CREATE INDEX report_visit_region_date ON report_visit (region_id, clinic_date)
        INCLUDE (status, mode, health_centre_id, month, pathway_key, category, wait_days, in_time, due_date);
      CREATE INDEX report_visit_region_answer ON report_visit (region_id, answer_date) INCLUDE (health_centre_id, answer_month)
        WHERE answer_date IS NOT NULL;
      CREATE INDEX report_visit_agreement_date ON report_visit (agreement_id, clinic_date) INCLUDE (status, mode, month)
        WHERE agreement_id IS NOT NULL;

      -- What report_visit holds for a visit, derived from the normalised tables.
      CREATE VIEW report_visit_source AS
        SELECT v.id AS visit_id, cs.region_id, v.health_centre_id,
               (sl.start_at AT TIME ZONE 'Europe/Stockholm')::date AS clinic_date,
               v.status, cs.mode, cs.agreement_id, tc.pathway_key, tc.category, tc.due_date,
               (tc.triaged_at AT TIME ZONE 'Europe/Stockholm')::date AS triage_date,
               (SELECT (o.created_at AT TIME ZONE 'Europe/Stockholm')::date FROM visit_outcome o WHERE o.visit_id = v.id) AS answer_date
          FROM visit v
          JOIN booking b ON b.id = v.booking_id
          JOIN slot sl ON sl.id = b.slot_id
          JOIN clinic_session cs ON cs.id = sl.session_id
          JOIN triage_case tc ON tc.id = v.case_id
         WHERE v.status IN ('completed', 'no_show');

      -- Brings the rows of these visits up to date: written, rewritten or removed.
      CREATE FUNCTION report_visit_sync(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM report_visit r
         WHERE r.visit_id = ANY(ids)
           AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.id = r.visit_id AND v.status IN ('completed', 'no_show'));
        INSERT INTO report_visit (visit_id, region_id, health_centre_id, clinic_date, status, mode, agreement_id, pathway_key, category, due_date, triage_date, answer_date)
        SELECT visit_id, region_id, health_centre_id, clinic_date, status, mode, agreement_id, pathway_key, category, due_date, triage_date, answer_date
          FROM report_visit_source WHERE visit_id = ANY(ids)
        ON CONFLICT (visit_id) DO UPDATE SET
          region_id = EXCLUDED.region_id, health_centre_id = EXCLUDED.health_centre_id, clinic_date = EXCLUDED.clinic_date,
          status = EXCLUDED.status, mode = EXCLUDED.mode, agreement_id = EXCLUDED.agreement_id, pathway_key = EXCLUDED.pathway_key,
          category = EXCLUDED.category, due_date = EXCLUDED.due_date, triage_date = EXCLUDED.triage_date, answer_date = EXCLUDED.answer_date;
      $$;

      -- Inserted visits, set-based (a bulk insert of held visits, e.g. imported history, is one statement).
      CREATE FUNCTION report_visit_on_visit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO report_visit (visit_id, region_id, health_centre_id, clinic_date, status, mode, agreement_id, pathway_key, category, due_date, triage_date, answer_date)
          SELECT s.visit_id, s.region_id, s.health_centre_id, s.clinic_date, s.status, s.mode, s.agreement_id, s.pathway_key, s.category, s.due_date, s.triage_date, s.answer_date
            FROM report_visit_source s
           WHERE s.visit_id IN (SELECT id FROM new_visits WHERE status IN ('completed', 'no_show'));
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_visit_insert AFTER INSERT ON visit REFERENCING NEW TABLE AS new_visits
        FOR EACH STATEMENT EXECUTE FUNCTION report_visit_on_visit_insert();

      CREATE FUNCTION report_visit_on_visit_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM report_visit_sync(ARRAY[NEW.id]);
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_visit_visit_update AFTER UPDATE OF status, health_centre_id, booking_id, case_id ON visit
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.health_centre_id IS DISTINCT FROM NEW.health_centre_id
                           OR OLD.booking_id IS DISTINCT FROM NEW.booking_id OR OLD.case_id IS DISTINCT FROM NEW.case_id)
        EXECUTE FUNCTION report_visit_on_visit_update();

      -- A rescheduled booking (new slot) moves its visit.
      CREATE FUNCTION report_visit_on_booking_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM report_visit_sync(ARRAY(SELECT id FROM visit WHERE booking_id = NEW.id));
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_visit_booking_update AFTER UPDATE OF slot_id ON booking
        FOR EACH ROW WHEN (OLD.slot_id IS DISTINCT FROM NEW.slot_id) EXECUTE FUNCTION report_visit_on_booking_update();

      CREATE FUNCTION report_visit_on_slot_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM report_visit_sync(ARRAY(SELECT v.id FROM booking b JOIN visit v ON v.booking_id = b.id WHERE b.slot_id = NEW.id));
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_visit_slot_update AFTER UPDATE OF start_at, session_id ON slot
        FOR EACH ROW WHEN (OLD.start_at IS DISTINCT FROM NEW.start_at OR OLD.session_id IS DISTINCT FROM NEW.session_id)
        EXECUTE FUNCTION report_visit_on_slot_update();

      CREATE FUNCTION report_visit_on_session_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM report_visit_sync(ARRAY(
            SELECT v.id FROM slot sl JOIN booking b ON b.slot_id = sl.id JOIN visit v ON v.booking_id = b.id WHERE sl.session_id = NEW.id));
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_visit_session_update AFTER UPDATE OF mode, agreement_id, region_id ON clinic_session
        FOR EACH ROW WHEN (OLD.mode IS DISTINCT FROM NEW.mode OR OLD.agreement_id IS DISTINCT FROM NEW.agreement_id
                           OR OLD.region_id IS DISTINCT FROM NEW.region_id)
        EXECUTE FUNCTION report_visit_on_session_update();

      -- A re-triaged case changes its visits' category and due date.
      CREATE FUNCTION report_visit_on_case_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM report_visit_sync(ARRAY(SELECT id FROM visit WHERE case_id = NEW.id));
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_visit_case_update AFTER UPDATE OF category, due_date, triaged_at, pathway_key ON triage_case
        FOR EACH ROW WHEN (OLD.category IS DISTINCT FROM NEW.category OR OLD.due_date IS DISTINCT FROM NEW.due_date
                           OR OLD.triaged_at IS DISTINCT FROM NEW.triaged_at OR OLD.pathway_key IS DISTINCT FROM NEW.pathway_key)
        EXECUTE FUNCTION report_visit_on_case_update();

      -- Answers (svar): set-based, so that a bulk insert is one statement.
      CREATE FUNCTION report_visit_on_outcome_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE report_visit r SET answer_date = (o.created_at AT TIME ZONE 'Europe/Stockholm')::date
            FROM new_outcomes o WHERE r.visit_id = o.visit_id;
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_visit_outcome_insert AFTER INSERT ON visit_outcome REFERENCING NEW TABLE AS new_outcomes
        FOR EACH STATEMENT EXECUTE FUNCTION report_visit_on_outcome_insert();
      CREATE FUNCTION report_visit_on_outcome_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM report_visit_sync(ARRAY[OLD.visit_id, NEW.visit_id]);
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_visit_outcome_update AFTER UPDATE OF created_at, visit_id ON visit_outcome
        FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.visit_id IS DISTINCT FROM NEW.visit_id)
        EXECUTE FUNCTION report_visit_on_outcome_change();

      -- The row lookups the triggers make (visits of a case; answers by centre already have an index).
      CREATE INDEX visit_case_id_idx ON visit (case_id);

      -- Per region, health centre and day: held visits, no-shows, remote visits and answers sent, kept
      -- from report_visit's changes by statement triggers (one upsert per statement, however many
      -- rows). The per-centre and per-month reports read a few thousand of these rows for a year
      -- instead of every visit.
      CREATE TABLE report_centre_day (
        region_id uuid NOT NULL,
        health_centre_id uuid NOT NULL,
        day date NOT NULL,
        completed integer NOT NULL DEFAULT 0,
        no_shows integer NOT NULL DEFAULT 0,
        remote_completed integer NOT NULL DEFAULT 0,
        answers integer NOT NULL DEFAULT 0,
        PRIMARY KEY (region_id, day, health_centre_id)
      );
      -- The statement that adds a signed set of report_visit rows (sign +1 new, -1 old) to the day
      -- counts; run with EXECUTE inside each trigger so that it sees the trigger's transition tables.
      CREATE FUNCTION report_centre_day_sql(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT format($f$
          INSERT INTO report_centre_day AS d (region_id, health_centre_id, day, completed, no_shows, remote_completed, answers)
          SELECT region_id, health_centre_id, day, sum(completed), sum(no_shows), sum(remote_completed), sum(answers)
            FROM (
              SELECT region_id, health_centre_id, clinic_date AS day, sign * (status = 'completed')::int AS completed,
                     sign * (status = 'no_show')::int AS no_shows, sign * (status = 'completed' AND mode = 'remote')::int AS remote_completed,
                     0 AS answers
                FROM (%1$s) delta
              UNION ALL
              SELECT region_id, health_centre_id, answer_date, 0, 0, 0, sign FROM (%1$s) delta WHERE answer_date IS NOT NULL
            ) x
           GROUP BY 1, 2, 3
          ON CONFLICT (region_id, day, health_centre_id) DO UPDATE SET
            completed = d.completed + EXCLUDED.completed, no_shows = d.no_shows + EXCLUDED.no_shows,
            remote_completed = d.remote_completed + EXCLUDED.remote_completed, answers = d.answers + EXCLUDED.answers
        $f$, delta)
      $$;
      CREATE FUNCTION report_centre_day_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE report_centre_day_sql('SELECT *, 1 AS sign FROM new_rows');
          RETURN NULL;
        END $$;
      CREATE FUNCTION report_centre_day_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE report_centre_day_sql('SELECT *, -1 AS sign FROM old_rows UNION ALL SELECT *, 1 AS sign FROM new_rows');
          RETURN NULL;
        END $$;
      CREATE FUNCTION report_centre_day_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE report_centre_day_sql('SELECT *, -1 AS sign FROM old_rows');
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_centre_day_insert AFTER INSERT ON report_visit REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_centre_day_on_insert();
      CREATE TRIGGER report_centre_day_update AFTER UPDATE ON report_visit REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_centre_day_on_update();
      CREATE TRIGGER report_centre_day_delete AFTER DELETE ON report_visit REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_centre_day_on_delete();

      -- Existing rows.
      INSERT INTO report_visit (visit_id, region_id, health_centre_id, clinic_date, status, mode, agreement_id, pathway_key, category, due_date, triage_date, answer_date)
      SELECT visit_id, region_id, health_centre_id, clinic_date, status, mode, agreement_id, pathway_key, category, due_date, triage_date, answer_date
        FROM report_visit_source;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER report_centre_day_delete ON report_visit;
      DROP TRIGGER report_centre_day_update ON report_visit;
      DROP TRIGGER report_centre_day_insert ON report_visit;
      DROP FUNCTION report_centre_day_on_delete();
      DROP FUNCTION report_centre_day_on_update();
      DROP FUNCTION report_centre_day_on_insert();
      DROP FUNCTION report_centre_day_sql(text);
      DROP TABLE report_centre_day;
      DROP INDEX visit_case_id_idx;
      DROP TRIGGER report_visit_outcome_update ON visit_outcome;
      DROP FUNCTION report_visit_on_outcome_change();
      DROP TRIGGER report_visit_outcome_insert ON visit_outcome;
      DROP FUNCTION report_visit_on_outcome_insert();
      DROP TRIGGER report_visit_case_update ON triage_case;
      DROP FUNCTION report_visit_on_case_update();
      DROP TRIGGER report_visit_session_update ON clinic_session;
      DROP FUNCTION report_visit_on_session_update();
      DROP TRIGGER report_visit_slot_update ON slot;
      DROP FUNCTION report_visit_on_slot_update();
      DROP TRIGGER report_visit_booking_update ON booking;
      DROP FUNCTION report_visit_on_booking_update();
      DROP TRIGGER report_visit_visit_update ON visit;
      DROP FUNCTION report_visit_on_visit_update();
      DROP TRIGGER report_visit_insert ON visit;
      DROP FUNCTION report_visit_on_visit_insert();
      DROP FUNCTION report_visit_sync(uuid[]);
      DROP VIEW report_visit_source;
      DROP TABLE report_visit;
    `);
  }
}
