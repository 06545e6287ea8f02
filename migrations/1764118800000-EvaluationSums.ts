import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 19, item 5: the evaluation over 1 000 000 cases answers in p95 < 500 ms. Read straight from the
 * cases (a join of cases, visits, bookings, slots, sessions and feedback) it took over a minute at that size,
 * so the figures are kept as sums, as the reports' are (migrations/1764054000000-Reporting.ts):
 * - `evaluation_case`: one narrow row per case: what the evaluation reads of it, its latest visit that was
 *   not cancelled (status, Stockholm day, remote or not) and the specialist's verdict. Kept by statement
 *   triggers on triage_case, visit, booking, slot, clinic_session and triage_feedback.
 * - `evaluation_day`: per pathway, health centre, triage day and category, the sums every figure is made of
 *   (follow-up cases left out), kept from `evaluation_case` by signed deltas of its transition tables.
 * The evaluation adds up a pathway's day rows (a few per centre and day) in one statement.
 */
export class EvaluationSums1764118800000 implements MigrationInterface {
  name = 'EvaluationSums1764118800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation_case (
        case_id uuid PRIMARY KEY REFERENCES triage_case(id) ON DELETE CASCADE,
        pathway_key text NOT NULL,
        health_centre_id uuid NOT NULL,
        triaged_on date NOT NULL,
        category text NOT NULL,
        bookable boolean NOT NULL,
        due_date date,
        retriaged boolean NOT NULL,
        follow_up boolean NOT NULL,
        visit_status text,
        visit_on date,
        remote boolean,
        verdict text
      );

      CREATE TABLE evaluation_day (
        pathway_key text NOT NULL,
        health_centre_id uuid NOT NULL,
        triaged_on date NOT NULL,
        category text NOT NULL,
        cases integer NOT NULL DEFAULT 0,
        bookable integer NOT NULL DEFAULT 0,
        booked integer NOT NULL DEFAULT 0,
        visits integer NOT NULL DEFAULT 0,
        days_to_visit bigint NOT NULL DEFAULT 0,
        within_due integer NOT NULL DEFAULT 0,
        with_due integer NOT NULL DEFAULT 0,
        days_before_due bigint NOT NULL DEFAULT 0,
        retriaged integer NOT NULL DEFAULT 0,
        no_shows integer NOT NULL DEFAULT 0,
        visits_done integer NOT NULL DEFAULT 0,
        remote_done integer NOT NULL DEFAULT 0,
        fb_appropriate integer NOT NULL DEFAULT 0,
        fb_primary_care integer NOT NULL DEFAULT 0,
        fb_more_urgent integer NOT NULL DEFAULT 0,
        fb_less_urgent integer NOT NULL DEFAULT 0,
        PRIMARY KEY (pathway_key, health_centre_id, triaged_on, category)
      );

      -- A case's own part (its latest visit and verdict are set by evaluation_case_refresh).
      CREATE FUNCTION evaluation_case_of(c triage_case) RETURNS evaluation_case LANGUAGE sql STABLE AS $$
        SELECT c.id, c.pathway_key, c.health_centre_id, (c.triaged_at AT TIME ZONE 'Europe/Stockholm')::date, c.category, c.bookable,
               c.due_date, c.original_category IS NOT NULL, 'follow_up' = ANY(c.flags), NULL::text, NULL::date, NULL::boolean, NULL::text
      $$;

      -- Sets the latest visit that was not cancelled and the verdict of the given cases, where they changed.
      CREATE FUNCTION evaluation_case_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        WITH lv AS (
          SELECT DISTINCT ON (v.case_id) v.case_id, v.status, (s.start_at AT TIME ZONE 'Europe/Stockholm')::date AS visit_on,
                 cs.mode = 'remote' AS remote
            FROM visit v JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id JOIN clinic_session cs ON cs.id = s.session_id
           WHERE v.case_id = ANY(ids) AND v.status <> 'cancelled'
           ORDER BY v.case_id, v.created_at DESC, v.id DESC
        ), x AS (
          SELECT e.case_id, lv.status, lv.visit_on, lv.remote, f.verdict
            FROM evaluation_case e LEFT JOIN lv ON lv.case_id = e.case_id LEFT JOIN triage_feedback f ON f.case_id = e.case_id
           WHERE e.case_id = ANY(ids)
        )
        UPDATE evaluation_case e SET visit_status = x.status, visit_on = x.visit_on, remote = x.remote, verdict = x.verdict
          FROM x
         WHERE e.case_id = x.case_id
           AND (e.visit_status, e.visit_on, e.remote, e.verdict) IS DISTINCT FROM (x.status, x.visit_on, x.remote, x.verdict)
      $$;

      -- Adds a signed set of evaluation_case rows (sign +1 new, -1 old) to the day sums; run with EXECUTE
      -- inside each trigger so that it sees the trigger's transition tables.
      CREATE FUNCTION evaluation_day_sql(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT format($f$
          INSERT INTO evaluation_day AS d (pathway_key, health_centre_id, triaged_on, category, cases, bookable, booked, visits, days_to_visit,
                                           within_due, with_due, days_before_due, retriaged, no_shows, visits_done, remote_done,
                                           fb_appropriate, fb_primary_care, fb_more_urgent, fb_less_urgent)
          SELECT pathway_key, health_centre_id, triaged_on, category, sum(sign), sum(sign * bookable::int),
                 sum(sign * (bookable AND visit_status IS NOT NULL)::int), sum(sign * (visit_on IS NOT NULL)::int),
                 coalesce(sum(sign * (visit_on - triaged_on)), 0), sum(sign * coalesce(visit_on <= due_date, false)::int),
                 sum(sign * (visit_on IS NOT NULL AND due_date IS NOT NULL)::int), coalesce(sum(sign * (due_date - visit_on)), 0),
                 sum(sign * retriaged::int), sum(sign * coalesce(visit_status = 'no_show', false)::int),
                 sum(sign * coalesce(visit_status IN ('completed', 'no_show'), false)::int),
                 sum(sign * coalesce(visit_status = 'completed' AND remote, false)::int),
                 sum(sign * coalesce(verdict = 'appropriate', false)::int),
                 sum(sign * coalesce(verdict = 'should_have_stayed_in_primary_care', false)::int),
                 sum(sign * coalesce(verdict = 'should_have_been_more_urgent', false)::int),
                 sum(sign * coalesce(verdict = 'should_have_been_less_urgent', false)::int)
            FROM (%1$s) delta
           WHERE NOT follow_up
           GROUP BY 1, 2, 3, 4
          ON CONFLICT (pathway_key, health_centre_id, triaged_on, category) DO UPDATE SET
            cases = d.cases + EXCLUDED.cases, bookable = d.bookable + EXCLUDED.bookable, booked = d.booked + EXCLUDED.booked,
            visits = d.visits + EXCLUDED.visits, days_to_visit = d.days_to_visit + EXCLUDED.days_to_visit,
            within_due = d.within_due + EXCLUDED.within_due, with_due = d.with_due + EXCLUDED.with_due,
            days_before_due = d.days_before_due + EXCLUDED.days_before_due, retriaged = d.retriaged + EXCLUDED.retriaged,
            no_shows = d.no_shows + EXCLUDED.no_shows, visits_done = d.visits_done + EXCLUDED.visits_done,
            remote_done = d.remote_done + EXCLUDED.remote_done, fb_appropriate = d.fb_appropriate + EXCLUDED.fb_appropriate,
            fb_primary_care = d.fb_primary_care + EXCLUDED.fb_primary_care, fb_more_urgent = d.fb_more_urgent + EXCLUDED.fb_more_urgent,
            fb_less_urgent = d.fb_less_urgent + EXCLUDED.fb_less_urgent
        $f$, delta)
      $$;
      CREATE FUNCTION evaluation_day_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE evaluation_day_sql('SELECT *, 1 AS sign FROM new_rows');
          RETURN NULL;
        END $$;
      CREATE FUNCTION evaluation_day_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE evaluation_day_sql('SELECT *, -1 AS sign FROM old_rows UNION ALL SELECT *, 1 AS sign FROM new_rows');
          RETURN NULL;
        END $$;
      CREATE FUNCTION evaluation_day_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE evaluation_day_sql('SELECT *, -1 AS sign FROM old_rows');
          RETURN NULL;
        END $$;
      CREATE TRIGGER evaluation_day_insert AFTER INSERT ON evaluation_case REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_day_on_insert();
      CREATE TRIGGER evaluation_day_update AFTER UPDATE ON evaluation_case REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_day_on_update();
      CREATE TRIGGER evaluation_day_delete AFTER DELETE ON evaluation_case REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_day_on_delete();

      -- The cases themselves: a new case adds its row; a change of what the evaluation reads rewrites it.
      CREATE FUNCTION evaluation_case_on_case_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO evaluation_case SELECT e.* FROM new_rows n CROSS JOIN LATERAL evaluation_case_of(n) e;
          RETURN NULL;
        END $$;
      CREATE FUNCTION evaluation_case_on_case_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE evaluation_case e
             SET pathway_key = x.pathway_key, health_centre_id = x.health_centre_id, triaged_on = x.triaged_on, category = x.category,
                 bookable = x.bookable, due_date = x.due_date, retriaged = x.retriaged, follow_up = x.follow_up
            FROM (SELECT e.* FROM new_rows n CROSS JOIN LATERAL evaluation_case_of(n) e) x
           WHERE e.case_id = x.case_id
             AND (e.pathway_key, e.health_centre_id, e.triaged_on, e.category, e.bookable, e.due_date, e.retriaged, e.follow_up)
                 IS DISTINCT FROM (x.pathway_key, x.health_centre_id, x.triaged_on, x.category, x.bookable, x.due_date, x.retriaged, x.follow_up);
          RETURN NULL;
        END $$;
      CREATE TRIGGER evaluation_case_insert AFTER INSERT ON triage_case REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_case_insert();
      CREATE TRIGGER evaluation_case_update AFTER UPDATE ON triage_case REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_case_update();

      -- What decides a case's latest visit and verdict: visits, their bookings' slots, the slots' times and
      -- sessions, and the feedback. Each trigger refreshes the cases its changed rows touch.
      CREATE FUNCTION evaluation_case_on_visit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM evaluation_case_refresh(ARRAY(SELECT DISTINCT case_id FROM new_rows));
          RETURN NULL;
        END $$;
      CREATE FUNCTION evaluation_case_on_booking() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM evaluation_case_refresh(ARRAY(SELECT DISTINCT case_id FROM new_rows));
          RETURN NULL;
        END $$;
      CREATE FUNCTION evaluation_case_on_slot() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM evaluation_case_refresh(ARRAY(SELECT DISTINCT b.case_id FROM new_rows n JOIN booking b ON b.slot_id = n.id));
          RETURN NULL;
        END $$;
      CREATE FUNCTION evaluation_case_on_session() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM evaluation_case_refresh(ARRAY(
            SELECT DISTINCT b.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.mode IS DISTINCT FROM n.mode
              JOIN slot s ON s.session_id = n.id JOIN booking b ON b.slot_id = s.id));
          RETURN NULL;
        END $$;
      CREATE FUNCTION evaluation_case_on_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            PERFORM evaluation_case_refresh(ARRAY(SELECT case_id FROM old_rows));
          ELSE
            PERFORM evaluation_case_refresh(ARRAY(SELECT case_id FROM new_rows));
          END IF;
          RETURN NULL;
        END $$;
      CREATE TRIGGER evaluation_case_visit_insert AFTER INSERT ON visit REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_visit();
      CREATE TRIGGER evaluation_case_visit_update AFTER UPDATE ON visit REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_visit();
      CREATE TRIGGER evaluation_case_booking_update AFTER UPDATE ON booking REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_booking();
      CREATE TRIGGER evaluation_case_slot_update AFTER UPDATE ON slot REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_slot();
      CREATE TRIGGER evaluation_case_session_update AFTER UPDATE ON clinic_session REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_session();
      CREATE TRIGGER evaluation_case_feedback_insert AFTER INSERT ON triage_feedback REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_feedback();
      CREATE TRIGGER evaluation_case_feedback_update AFTER UPDATE ON triage_feedback REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_feedback();
      CREATE TRIGGER evaluation_case_feedback_delete AFTER DELETE ON triage_feedback REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION evaluation_case_on_feedback();

      -- Every case there is, in one pass (an upgrade keeps its history; a bulk load without triggers calls it too).
      CREATE FUNCTION evaluation_rebuild() RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
          ALTER TABLE evaluation_case DISABLE TRIGGER evaluation_day_insert, DISABLE TRIGGER evaluation_day_delete;
          DELETE FROM evaluation_case;
          INSERT INTO evaluation_case
          SELECT e.case_id, e.pathway_key, e.health_centre_id, e.triaged_on, e.category, e.bookable, e.due_date, e.retriaged, e.follow_up,
                 lv.status, lv.visit_on, lv.remote, f.verdict
            FROM triage_case c CROSS JOIN LATERAL evaluation_case_of(c) e
            LEFT JOIN (
              SELECT DISTINCT ON (v.case_id) v.case_id, v.status, (s.start_at AT TIME ZONE 'Europe/Stockholm')::date AS visit_on,
                     cs.mode = 'remote' AS remote
                FROM visit v JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id JOIN clinic_session cs ON cs.id = s.session_id
               WHERE v.status <> 'cancelled'
               ORDER BY v.case_id, v.created_at DESC, v.id DESC) lv ON lv.case_id = c.id
            LEFT JOIN triage_feedback f ON f.case_id = c.id;
          ALTER TABLE evaluation_case ENABLE TRIGGER evaluation_day_insert, ENABLE TRIGGER evaluation_day_delete;
          DELETE FROM evaluation_day;
          EXECUTE evaluation_day_sql('SELECT *, 1 AS sign FROM evaluation_case');
        END $$;
      SELECT evaluation_rebuild();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER evaluation_case_feedback_delete ON triage_feedback;
      DROP TRIGGER evaluation_case_feedback_update ON triage_feedback;
      DROP TRIGGER evaluation_case_feedback_insert ON triage_feedback;
      DROP TRIGGER evaluation_case_session_update ON clinic_session;
      DROP TRIGGER evaluation_case_slot_update ON slot;
      DROP TRIGGER evaluation_case_booking_update ON booking;
      DROP TRIGGER evaluation_case_visit_update ON visit;
      DROP TRIGGER evaluation_case_visit_insert ON visit;
      DROP TRIGGER evaluation_case_update ON triage_case;
      DROP TRIGGER evaluation_case_insert ON triage_case;
      DROP FUNCTION evaluation_rebuild();
      DROP FUNCTION evaluation_case_on_feedback();
      DROP FUNCTION evaluation_case_on_session();
      DROP FUNCTION evaluation_case_on_slot();
      DROP FUNCTION evaluation_case_on_booking();
      DROP FUNCTION evaluation_case_on_visit();
      DROP FUNCTION evaluation_case_on_case_update();
      DROP FUNCTION evaluation_case_on_case_insert();
      DROP TABLE evaluation_case;
      DROP FUNCTION evaluation_day_on_delete();
      DROP FUNCTION evaluation_day_on_update();
      DROP FUNCTION evaluation_day_on_insert();
      DROP FUNCTION evaluation_day_sql(text);
      DROP FUNCTION evaluation_case_refresh(uuid[]);
      DROP FUNCTION evaluation_case_of(triage_case);
      DROP TABLE evaluation_day;
    `);
  }
}
