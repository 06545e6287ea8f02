import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 20: every publication of a region's pathway needs a second person's approval, not only in regions
 * that name reviewers (until now a region without reviewers published with one administrator).
 *
 * - `region.pathway_sign_off_by`: who approves the region's pathway drafts. `reviewers`: only the region's
 *   named reviewers (`pathway_reviewer`); `second_admin`: any active administrator of the region, and the
 *   named reviewers too. Never the draft's author or last editor (the four-eyes constraint of PathwaySignOff).
 * - A named reviewer who is a specialist approves pathways of her own specialties (or naming none): the
 *   demo's rheumatologist signs off rheumatology, not a dermatology pathway. Administrators approve any.
 * - `pathway_may_approve(key, specialty, user)`: the one definition of who may approve, used by the api
 *   and by the trigger below.
 * - The trigger refuses a draft becoming a version (published or scheduled) unless it was approved at its
 *   current revision, in every region. The shipped-pathway loader (the product's own templates, which
 *   nobody authors: its transaction-local `ledtriage.shipped_loader`) is let through as before; so the demo
 *   still publishes its shipped pathways. A row inserted directly as a version, never through a draft (the
 *   api never does that; only the loader and tests arranging data in SQL), is refused as before only where
 *   the region signs off by named reviewers.
 *
 * Existing data: regions that name reviewers sign off by them (`reviewers`), the others by a second
 * administrator (`second_admin`, also the default of new regions). Drafts already approved stay approved
 * (the approval is not checked again); a submitted draft stays submitted; a draft in editing stays in
 * editing and, where it used to be published by its author alone, now has to be submitted and approved by
 * another administrator first (publishing it answers 409 `not_approved`). Published versions are unchanged.
 */
export class PathwaySignOffRequired1764108000000 implements MigrationInterface {
  name = 'PathwaySignOffRequired1764108000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE region ADD COLUMN pathway_sign_off_by text NOT NULL DEFAULT 'second_admin'
        CONSTRAINT region_pathway_sign_off_by_check CHECK (pathway_sign_off_by IN ('reviewers', 'second_admin'));
      UPDATE region r SET pathway_sign_off_by = 'reviewers' WHERE EXISTS (SELECT 1 FROM pathway_reviewer pr WHERE pr.region_id = r.id);

      CREATE FUNCTION pathway_may_approve(p_key text, p_specialty text, p_user uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
          SELECT 1 FROM pathway p JOIN region g ON g.id = p.owner_region_id JOIN app_user u ON u.id = p_user AND u.region_id = g.id
           WHERE p.key = p_key AND u.active AND (
             (EXISTS (SELECT 1 FROM pathway_reviewer r WHERE r.region_id = g.id AND r.user_id = u.id)
               AND (u.role = 'admin' OR p_specialty IS NULL
                    OR EXISTS (SELECT 1 FROM user_specialty us WHERE us.user_id = u.id AND us.specialty_key = p_specialty)))
             OR (g.pathway_sign_off_by = 'second_admin' AND u.role = 'admin')))
      $$;

      CREATE OR REPLACE FUNCTION pathway_version_signoff() RETURNS trigger LANGUAGE plpgsql AS $$
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
        IF NEW.review_state = 'approved' AND (TG_OP = 'INSERT' OR OLD.review_state <> 'approved')
           AND NOT pathway_may_approve(NEW.pathway_key, NEW.definition->>'specialty', NEW.reviewed_by) THEN
          RAISE EXCEPTION 'only a reviewer of the region approves pathway %', NEW.pathway_key
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF current_setting('ledtriage.shipped_loader', true) = 'on' THEN
          RETURN NEW;
        END IF;
        IF NEW.status IN ('published', 'scheduled') AND (
             (TG_OP = 'UPDATE' AND OLD.status = 'draft')
             OR (TG_OP = 'INSERT' AND EXISTS (
               SELECT 1 FROM pathway p JOIN region g ON g.id = p.owner_region_id
                WHERE p.key = NEW.pathway_key AND g.pathway_sign_off_by = 'reviewers')))
           AND NOT (NEW.review_state = 'approved' AND NEW.reviewed_revision = NEW.revision) THEN
          RAISE EXCEPTION 'pathway % needs a reviewer''s approval of this revision before it is published', NEW.pathway_key
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
    `);
  }

  /** Back to PathwaySignOff's rule: only regions that name reviewers need an approval. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION pathway_version_signoff() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' AND NEW.effective_from IS DISTINCT FROM OLD.effective_from THEN
          RAISE EXCEPTION 'the effective date of pathway % version % is fixed', OLD.pathway_key, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.status = 'draft' AND TG_OP = 'UPDATE' AND NEW.definition IS DISTINCT FROM OLD.definition THEN
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
      DROP FUNCTION pathway_may_approve(text, text, uuid);
      ALTER TABLE region DROP COLUMN pathway_sign_off_by;
    `);
  }
}
