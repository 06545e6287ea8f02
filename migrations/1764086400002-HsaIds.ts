import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * HSA-ids (issue 18, #2): the national catalogue's id of a person and of a care unit, on users, health
 * centres and clinics. Every audit row carries the actor's and the care unit's HSA-id as they were
 * when it was written (HSLF-FS 2016:40), filled in by a trigger so no writer of audit rows can leave
 * them out. Format: SE, the ten-digit organisation number, a dash, up to 31 letters or digits.
 */
export class HsaIds1764086400002 implements MigrationInterface {
  name = 'HsaIds1764086400002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN hsa_id text UNIQUE CHECK (hsa_id ~ '^SE[0-9]{10}-[A-Za-z0-9]{1,31}$');
      ALTER TABLE health_centre ADD COLUMN hsa_id text UNIQUE CHECK (hsa_id ~ '^SE[0-9]{10}-[A-Za-z0-9]{1,31}$');
      ALTER TABLE clinic ADD COLUMN hsa_id text UNIQUE CHECK (hsa_id ~ '^SE[0-9]{10}-[A-Za-z0-9]{1,31}$');
      ALTER TABLE audit_event ADD COLUMN actor_hsa_id text, ADD COLUMN care_unit_hsa_id text;
      CREATE FUNCTION audit_event_hsa_ids() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.actor_hsa_id IS NULL AND NEW.actor_user_id IS NOT NULL THEN
          SELECT hsa_id INTO NEW.actor_hsa_id FROM app_user WHERE id = NEW.actor_user_id;
        END IF;
        IF NEW.care_unit_hsa_id IS NULL AND NEW.care_unit_id IS NOT NULL THEN
          IF NEW.care_unit_type = 'health_centre' THEN
            SELECT hsa_id INTO NEW.care_unit_hsa_id FROM health_centre WHERE id = NEW.care_unit_id;
          ELSIF NEW.care_unit_type = 'clinic' THEN
            SELECT hsa_id INTO NEW.care_unit_hsa_id FROM clinic WHERE id = NEW.care_unit_id;
          END IF;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_event_hsa_ids BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_hsa_ids();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_event_hsa_ids ON audit_event;
      DROP FUNCTION audit_event_hsa_ids();
      ALTER TABLE audit_event DROP COLUMN actor_hsa_id, DROP COLUMN care_unit_hsa_id;
      ALTER TABLE clinic DROP COLUMN hsa_id;
      ALTER TABLE health_centre DROP COLUMN hsa_id;
      ALTER TABLE app_user DROP COLUMN hsa_id;
    `);
  }
}
