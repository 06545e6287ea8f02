import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Waiting-times report (issue 15, #13). Its percentiles read every held visit of the period from
 * `report_visit` (584 000 rows for a year of the bench). `report_wait_day` keeps, per region, Stockholm
 * clinic day, pathway, category and days waited, how many completed visits waited that long (and how
 * many of them had a due date, and were seen by it): a histogram from which the report computes exact
 * `percentile_cont` figures. It is kept from report_visit's changes by statement triggers, like
 * `report_centre_day`, and filled from the existing rows here.
 */
export class ReportWaitHistogram1764082800000 implements MigrationInterface {
  name = 'ReportWaitHistogram1764082800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_wait_day (
        region_id uuid NOT NULL,
        day date NOT NULL,
        pathway_key text NOT NULL,
        category text NOT NULL,
        wait_days integer NOT NULL,
        visits integer NOT NULL DEFAULT 0,
        with_due integer NOT NULL DEFAULT 0,
        in_time integer NOT NULL DEFAULT 0,
        PRIMARY KEY (region_id, day, pathway_key, category, wait_days)
      );
      -- Adds a signed set of report_visit rows (sign +1 new, -1 old) to the histogram; only completed
      -- visits count. Run with EXECUTE inside each trigger so that it sees the transition tables.
      CREATE FUNCTION report_wait_day_sql(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT format($f$
          INSERT INTO report_wait_day AS d (region_id, day, pathway_key, category, wait_days, visits, with_due, in_time)
          SELECT region_id, clinic_date, pathway_key, category, wait_days, sum(sign),
                 coalesce(sum(sign) FILTER (WHERE due_date IS NOT NULL), 0), coalesce(sum(sign) FILTER (WHERE in_time), 0)
            FROM (%1$s) delta
           WHERE status = 'completed'
           GROUP BY 1, 2, 3, 4, 5
          ON CONFLICT (region_id, day, pathway_key, category, wait_days) DO UPDATE SET
            visits = d.visits + EXCLUDED.visits, with_due = d.with_due + EXCLUDED.with_due, in_time = d.in_time + EXCLUDED.in_time
        $f$, delta)
      $$;
      CREATE FUNCTION report_wait_day_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE report_wait_day_sql('SELECT *, 1 AS sign FROM new_rows');
          RETURN NULL;
        END $$;
      CREATE FUNCTION report_wait_day_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE report_wait_day_sql('SELECT *, -1 AS sign FROM old_rows UNION ALL SELECT *, 1 AS sign FROM new_rows');
          RETURN NULL;
        END $$;
      CREATE FUNCTION report_wait_day_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE report_wait_day_sql('SELECT *, -1 AS sign FROM old_rows');
          RETURN NULL;
        END $$;
      CREATE TRIGGER report_wait_day_insert AFTER INSERT ON report_visit REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_wait_day_on_insert();
      CREATE TRIGGER report_wait_day_update AFTER UPDATE ON report_visit REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_wait_day_on_update();
      CREATE TRIGGER report_wait_day_delete AFTER DELETE ON report_visit REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_wait_day_on_delete();

      -- Existing rows.
      INSERT INTO report_wait_day (region_id, day, pathway_key, category, wait_days, visits, with_due, in_time)
      SELECT region_id, clinic_date, pathway_key, category, wait_days, count(*),
             count(*) FILTER (WHERE due_date IS NOT NULL), count(*) FILTER (WHERE in_time)
        FROM report_visit WHERE status = 'completed'
       GROUP BY 1, 2, 3, 4, 5;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER report_wait_day_delete ON report_visit;
      DROP TRIGGER report_wait_day_update ON report_visit;
      DROP TRIGGER report_wait_day_insert ON report_visit;
      DROP FUNCTION report_wait_day_on_delete();
      DROP FUNCTION report_wait_day_on_update();
      DROP FUNCTION report_wait_day_on_insert();
      DROP FUNCTION report_wait_day_sql(text);
      DROP TABLE report_wait_day;
    `);
  }
}
