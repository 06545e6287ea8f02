import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Optimistic concurrency on pathway drafts (issue 15, defect 12). Every row of a pathway gets a
 * revision, unique within the pathway and only ever growing: a new draft, and every change of a draft's
 * definition, takes the pathway's highest revision + 1 (set here, by the database, so no writer can
 * reuse one). A published version keeps the revision it was published from, which is what the
 * administrator reviewed. The api's ETag of a draft is its revision.
 */
export class PathwayDraftRevision1764064800001 implements MigrationInterface {
  name = 'PathwayDraftRevision1764064800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE pathway_version ADD COLUMN revision integer;
      -- Existing rows: numbered in version order, the open draft last.
      UPDATE pathway_version v SET revision = n.rn
        FROM (SELECT id, row_number() OVER (PARTITION BY pathway_key ORDER BY version NULLS LAST, created_at) AS rn FROM pathway_version) n
       WHERE n.id = v.id;
      ALTER TABLE pathway_version ALTER COLUMN revision SET NOT NULL,
        ADD CONSTRAINT pathway_version_revision_positive CHECK (revision > 0),
        ADD CONSTRAINT pathway_version_revision_unique UNIQUE (pathway_key, revision);

      CREATE FUNCTION pathway_version_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR (NEW.status = 'draft' AND NEW.definition IS DISTINCT FROM OLD.definition) THEN
          NEW.revision := (SELECT coalesce(max(revision), 0) + 1 FROM pathway_version WHERE pathway_key = NEW.pathway_key);
        ELSIF NEW.revision IS DISTINCT FROM OLD.revision THEN
          RAISE EXCEPTION 'the revision of a pathway version is set by the database' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER pathway_version_revision BEFORE INSERT OR UPDATE ON pathway_version
        FOR EACH ROW EXECUTE FUNCTION pathway_version_revision();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER pathway_version_revision ON pathway_version;
      DROP FUNCTION pathway_version_revision();
      ALTER TABLE pathway_version DROP COLUMN revision;
    `);
  }
}
