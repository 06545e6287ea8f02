import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 19: specialties as data, and pathways rolled out centre by centre.
 * - `specialty`: the specialties with their labels and the profession that practises them (texts that
 *   used to be written into the code). Clinics name one; specialists have one or more (`user_specialty`,
 *   their clinic's by default). Existing clinics whose free-text specialty is not a known key become
 *   rheumatology, the only area the product served until now.
 * - `pathway_rollout`: per pathway and health centre `planned`, `training`, `live` or `paused`, with the
 *   date it went live. No row is `planned`.
 * - `pathway_training`: who was trained on which pathway (version, when, how, by whom); append-only.
 * - `pathway_training_setting`: a region's pass mark for a pathway's training vignettes.
 * The upgrade keeps a running installation working: every published pathway becomes live at every
 * centre of each region that may use it, and every nurse of such a region is recorded as trained on it.
 */
export class SpecialtiesAndRollout1764100800000 implements MigrationInterface {
  name = 'SpecialtiesAndRollout1764100800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE specialty (
        key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_-]{0,62}$'),
        label jsonb NOT NULL CHECK (jsonb_typeof(label->'sv') = 'string' AND jsonb_typeof(label->'en') = 'string'),
        profession jsonb NOT NULL CHECK (jsonb_typeof(profession->'sv') = 'string' AND jsonb_typeof(profession->'en') = 'string')
      );
      INSERT INTO specialty (key, label, profession) VALUES
        ('rheumatology', '{"sv": "Reumatologi", "en": "Rheumatology"}', '{"sv": "Reumatolog", "en": "Rheumatologist"}'),
        ('dermatology', '{"sv": "Hudsjukvård", "en": "Dermatology"}', '{"sv": "Hudläkare", "en": "Dermatologist"}'),
        ('orthopaedics', '{"sv": "Ortopedi", "en": "Orthopaedics"}', '{"sv": "Ortoped", "en": "Orthopaedic surgeon"}'),
        ('neurology', '{"sv": "Neurologi", "en": "Neurology"}', '{"sv": "Neurolog", "en": "Neurologist"}');

      UPDATE clinic SET specialty = 'rheumatology' WHERE specialty NOT IN (SELECT key FROM specialty);
      ALTER TABLE clinic ADD CONSTRAINT clinic_specialty_fkey FOREIGN KEY (specialty) REFERENCES specialty(key);

      CREATE TABLE user_specialty (
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        specialty_key text NOT NULL REFERENCES specialty(key),
        PRIMARY KEY (user_id, specialty_key)
      );
      INSERT INTO user_specialty (user_id, specialty_key)
        SELECT u.id, c.specialty FROM app_user u JOIN clinic c ON c.id = u.clinic_id WHERE u.role = 'specialist';
      -- A specialist created without a specialty has her clinic's (every way users are created keeps working).
      CREATE FUNCTION app_user_default_specialty() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.role = 'specialist' AND NOT EXISTS (SELECT 1 FROM user_specialty WHERE user_id = NEW.id) THEN
          INSERT INTO user_specialty (user_id, specialty_key) SELECT NEW.id, c.specialty FROM clinic c WHERE c.id = NEW.clinic_id;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER app_user_default_specialty AFTER INSERT ON app_user
        FOR EACH ROW EXECUTE FUNCTION app_user_default_specialty();

      CREATE TABLE pathway_rollout (
        pathway_key text NOT NULL REFERENCES pathway(key),
        health_centre_id uuid NOT NULL REFERENCES health_centre(id),
        state text NOT NULL CHECK (state IN ('planned', 'training', 'live', 'paused')),
        -- The day it went live (kept while paused); a live centre always has one.
        live_from date,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id),
        PRIMARY KEY (pathway_key, health_centre_id),
        CONSTRAINT pathway_rollout_live_has_date CHECK (state <> 'live' OR live_from IS NOT NULL)
      );
      CREATE INDEX pathway_rollout_centre ON pathway_rollout (health_centre_id);

      CREATE TABLE pathway_training (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pathway_key text NOT NULL REFERENCES pathway(key),
        user_id uuid NOT NULL REFERENCES app_user(id),
        -- The published version trained on (NULL: recorded by the upgrade without a version at hand).
        pathway_version integer,
        method text NOT NULL CHECK (method IN ('recorded', 'vignettes', 'upgrade')),
        -- vignettes: the share answered right.
        score numeric(5,4) CHECK (score >= 0 AND score <= 1),
        recorded_by uuid REFERENCES app_user(id),
        trained_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pathway_training_recorded_by CHECK ((method = 'recorded') = (recorded_by IS NOT NULL)),
        CONSTRAINT pathway_training_scored CHECK ((method = 'vignettes') = (score IS NOT NULL))
      );
      CREATE INDEX pathway_training_user ON pathway_training (user_id, pathway_key, trained_at DESC);
      CREATE INDEX pathway_training_pathway ON pathway_training (pathway_key, trained_at DESC);
      CREATE FUNCTION pathway_training_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'pathway_training is a record of what happened: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER pathway_training_append_only BEFORE UPDATE OR DELETE ON pathway_training
        FOR EACH ROW EXECUTE FUNCTION pathway_training_is_append_only();

      CREATE TABLE pathway_training_setting (
        pathway_key text NOT NULL REFERENCES pathway(key),
        region_id uuid NOT NULL REFERENCES region(id),
        pass_share numeric(5,4) NOT NULL CHECK (pass_share > 0 AND pass_share <= 1),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id),
        PRIMARY KEY (pathway_key, region_id)
      );

      -- The upgrade: what was usable stays usable.
      INSERT INTO pathway_rollout (pathway_key, health_centre_id, state, live_from)
      SELECT p.key, h.id, 'live',
             coalesce((SELECT min(v.published_at AT TIME ZONE 'Europe/Stockholm')::date FROM pathway_version v WHERE v.pathway_key = p.key),
                      (now() AT TIME ZONE 'Europe/Stockholm')::date)
        FROM pathway p
        JOIN health_centre h ON p.owner_region_id IS NULL OR p.owner_region_id = h.region_id
          OR EXISTS (SELECT 1 FROM pathway_adoption pa WHERE pa.region_id = h.region_id AND pa.pathway_key = p.key)
       WHERE EXISTS (SELECT 1 FROM pathway_version v WHERE v.pathway_key = p.key AND v.status = 'published');
      INSERT INTO pathway_training (pathway_key, user_id, pathway_version, method)
      SELECT p.key, u.id, (SELECT v.version FROM pathway_version v WHERE v.pathway_key = p.key AND v.status = 'published'), 'upgrade'
        FROM pathway p
        JOIN app_user u ON u.role = 'nurse' AND (p.owner_region_id IS NULL OR p.owner_region_id = u.region_id
          OR EXISTS (SELECT 1 FROM pathway_adoption pa WHERE pa.region_id = u.region_id AND pa.pathway_key = p.key))
       WHERE EXISTS (SELECT 1 FROM pathway_version v WHERE v.pathway_key = p.key AND v.status = 'published');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE pathway_training_setting;
      DROP TABLE pathway_training;
      DROP FUNCTION pathway_training_is_append_only();
      DROP TABLE pathway_rollout;
      DROP TRIGGER app_user_default_specialty ON app_user;
      DROP FUNCTION app_user_default_specialty();
      DROP TABLE user_specialty;
      ALTER TABLE clinic DROP CONSTRAINT clinic_specialty_fkey;
      DROP TABLE specialty;
    `);
  }
}
