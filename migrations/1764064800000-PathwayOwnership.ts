import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Shipped pathways (owner_region_id IS NULL) become read-only templates (issue 15, defect 1): no region
 * drafts or publishes them; only the shipped-pathway loader, which sets the transaction-local
 * `ledtriage.shipped_loader = 'on'`, adds their versions. The owner of a pathway never changes.
 *
 * Existing data: every version stays (cases keep the version that triaged them). Work a region did on
 * a template is kept as a draft of a pathway of its own, `<key>-<region code>`: the shared open draft goes
 * to the region of its last editor, and a region that published a template version (and has no open
 * draft there) gets its latest published one as the draft. The loader then republishes the shipped
 * definition as the template's next version on start-up, so a region's edit no longer reaches others.
 */
export class PathwayOwnership1764064800000 implements MigrationInterface {
  name = 'PathwayOwnership1764064800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TEMPORARY TABLE template_work ON COMMIT DROP AS
        WITH work AS (
          SELECT v.pathway_key, u.region_id, v.definition, 0 AS rank, v.updated_at AS at
            FROM pathway_version v JOIN pathway p ON p.key = v.pathway_key AND p.owner_region_id IS NULL
            JOIN app_user u ON u.id = v.updated_by
           WHERE v.status = 'draft'
          UNION ALL
          SELECT v.pathway_key, u.region_id, v.definition, 1, v.published_at
            FROM pathway_version v JOIN pathway p ON p.key = v.pathway_key AND p.owner_region_id IS NULL
            JOIN app_user u ON u.id = v.published_by
           WHERE v.status <> 'draft'
        )
        SELECT DISTINCT ON (w.pathway_key, w.region_id)
               w.pathway_key, w.region_id,
               w.pathway_key || '-' || coalesce(nullif(trim(both '-' FROM regexp_replace(lower(r.code), '[^a-z0-9]+', '-', 'g')), ''),
                                                left(replace(r.id::text, '-', ''), 8)) AS copy_key,
               w.definition
          FROM work w JOIN region r ON r.id = w.region_id
         ORDER BY w.pathway_key, w.region_id, w.rank, w.at DESC;
      INSERT INTO pathway (key, owner_region_id)
        SELECT copy_key, region_id FROM template_work ON CONFLICT (key) DO NOTHING;
      INSERT INTO pathway_version (pathway_key, status, definition)
        SELECT w.copy_key, 'draft', jsonb_set(w.definition, '{key}', to_jsonb(w.copy_key))
          FROM template_work w JOIN pathway p ON p.key = w.copy_key AND p.owner_region_id = w.region_id
         WHERE NOT EXISTS (SELECT 1 FROM pathway_version d WHERE d.pathway_key = w.copy_key AND d.status = 'draft');
      DELETE FROM pathway_version v USING pathway p
       WHERE p.key = v.pathway_key AND p.owner_region_id IS NULL AND v.status = 'draft';

      CREATE FUNCTION pathway_template_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('ledtriage.shipped_loader', true) = 'on' THEN
          RETURN NEW;
        END IF;
        IF TG_TABLE_NAME = 'pathway' THEN
          IF TG_OP = 'INSERT' AND NEW.owner_region_id IS NULL THEN
            RAISE EXCEPTION 'a pathway without an owner region is shipped with the product; a region''s pathway names its owner'
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF TG_OP = 'UPDATE' AND NEW.owner_region_id IS DISTINCT FROM OLD.owner_region_id THEN
            RAISE EXCEPTION 'the owner region of pathway % does not change', OLD.key USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END IF;
        IF NEW.status IN ('draft', 'published')
           AND (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status OR NEW.pathway_key IS DISTINCT FROM OLD.pathway_key
                OR NEW.definition IS DISTINCT FROM OLD.definition)
           AND EXISTS (SELECT 1 FROM pathway p WHERE p.key = NEW.pathway_key AND p.owner_region_id IS NULL) THEN
          RAISE EXCEPTION 'pathway % is a shipped template: copy it to change it', NEW.pathway_key
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER pathway_template_guard BEFORE INSERT OR UPDATE ON pathway
        FOR EACH ROW EXECUTE FUNCTION pathway_template_guard();
      CREATE TRIGGER pathway_version_template_guard BEFORE INSERT OR UPDATE ON pathway_version
        FOR EACH ROW EXECUTE FUNCTION pathway_template_guard();
    `);
  }

  /** The guard goes; the copies made from template work stay (they are the regions' own pathways now). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER pathway_version_template_guard ON pathway_version;
      DROP TRIGGER pathway_template_guard ON pathway;
      DROP FUNCTION pathway_template_guard();
    `);
  }
}
