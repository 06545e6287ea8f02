import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Diagnosis pathways as data: one row per pathway, its versions (drafts are the only editable ones). */
export class Pathways1764032400000 implements MigrationInterface {
  name = 'Pathways1764032400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pathway (
        key text PRIMARY KEY CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        -- NULL: shipped with the product, available in every region.
        owner_region_id uuid REFERENCES region(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES app_user(id)
      );
      CREATE TABLE pathway_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pathway_key text NOT NULL REFERENCES pathway(key),
        version integer CHECK (version > 0),
        status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id),
        published_at timestamptz,
        published_by uuid REFERENCES app_user(id),
        CONSTRAINT pathway_version_numbered_unless_draft CHECK ((status = 'draft') = (version IS NULL)),
        CONSTRAINT pathway_version_unique UNIQUE (pathway_key, version)
      );
      CREATE UNIQUE INDEX pathway_one_draft ON pathway_version (pathway_key) WHERE status = 'draft';
      CREATE UNIQUE INDEX pathway_one_published ON pathway_version (pathway_key) WHERE status = 'published';
      CREATE FUNCTION pathway_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' AND (NEW.definition IS DISTINCT FROM OLD.definition OR NEW.version IS DISTINCT FROM OLD.version) THEN
          RAISE EXCEPTION 'pathway % version % is published and immutable', OLD.pathway_key, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.status = 'retired' AND NEW.status <> 'retired' THEN
          RAISE EXCEPTION 'a retired pathway version stays retired' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER pathway_version_immutable BEFORE UPDATE ON pathway_version
        FOR EACH ROW EXECUTE FUNCTION pathway_version_immutable();
      CREATE FUNCTION pathway_version_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'published pathway versions are kept for ever' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END $$;
      CREATE TRIGGER pathway_version_no_delete BEFORE DELETE ON pathway_version
        FOR EACH ROW EXECUTE FUNCTION pathway_version_no_delete();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE pathway_version;
      DROP FUNCTION pathway_version_immutable();
      DROP FUNCTION pathway_version_no_delete();
      DROP TABLE pathway;
    `);
  }
}
