import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A visit's two seats: the booked specialist's and one nurse's of the patient's centre, each taken by
 * the HTTP join (which checks the visit's rules); the signalling socket only attaches to a seat its
 * user holds. Existing visits start with empty seats: the next HTTP join fills them.
 */
export class VisitSeats1764072000000 implements MigrationInterface {
  name = 'VisitSeats1764072000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Lets a row name "a user of this health centre" with one foreign key (only nurses have a centre).
      ALTER TABLE app_user ADD CONSTRAINT app_user_id_centre UNIQUE (id, health_centre_id);
      ALTER TABLE visit
        ADD COLUMN centre_seat_user_id uuid,
        ADD COLUMN centre_seat_at timestamptz,
        ADD COLUMN specialist_seat_at timestamptz,
        ADD CONSTRAINT visit_centre_seat_user FOREIGN KEY (centre_seat_user_id, health_centre_id) REFERENCES app_user (id, health_centre_id),
        ADD CONSTRAINT visit_centre_seat_complete CHECK ((centre_seat_user_id IS NULL) = (centre_seat_at IS NULL));

      -- Seats are taken only while the visit can still be joined.
      CREATE FUNCTION visit_seat_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status NOT IN ('scheduled', 'waiting', 'in_progress') THEN
          RAISE EXCEPTION 'the seats of a % visit do not change', OLD.status USING ERRCODE = 'check_violation', CONSTRAINT = 'visit_seat_guard';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER visit_seat_guard BEFORE UPDATE OF centre_seat_user_id, centre_seat_at, specialist_seat_at ON visit
        FOR EACH ROW WHEN (OLD.centre_seat_user_id IS DISTINCT FROM NEW.centre_seat_user_id
                           OR OLD.centre_seat_at IS DISTINCT FROM NEW.centre_seat_at
                           OR OLD.specialist_seat_at IS DISTINCT FROM NEW.specialist_seat_at)
        EXECUTE FUNCTION visit_seat_guard();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER visit_seat_guard ON visit;
      DROP FUNCTION visit_seat_guard();
      ALTER TABLE visit
        DROP CONSTRAINT visit_centre_seat_complete,
        DROP CONSTRAINT visit_centre_seat_user,
        DROP COLUMN specialist_seat_at,
        DROP COLUMN centre_seat_at,
        DROP COLUMN centre_seat_user_id;
      ALTER TABLE app_user DROP CONSTRAINT app_user_id_centre;
    `);
  }
}
