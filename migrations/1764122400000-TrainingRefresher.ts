import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 19, item 3: a nurse trained on an earlier version passes a short refresher (the vignettes that
 * changed) and is recorded as trained on the new version. The record says so: method `refresher`, scored
 * like a full attempt over the refresher's vignettes.
 */
export class TrainingRefresher1764122400000 implements MigrationInterface {
  name = 'TrainingRefresher1764122400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE pathway_training DROP CONSTRAINT pathway_training_method_check,
        ADD CONSTRAINT pathway_training_method_check CHECK (method IN ('recorded', 'vignettes', 'upgrade', 'refresher'));
      ALTER TABLE pathway_training DROP CONSTRAINT pathway_training_scored,
        ADD CONSTRAINT pathway_training_scored CHECK ((method IN ('vignettes', 'refresher')) = (score IS NOT NULL));
    `);
  }

  /** Refused while a refresher is on record (the records are append-only, and rewriting them would lie). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE pathway_training DROP CONSTRAINT pathway_training_scored,
        ADD CONSTRAINT pathway_training_scored CHECK ((method = 'vignettes') = (score IS NOT NULL));
      ALTER TABLE pathway_training DROP CONSTRAINT pathway_training_method_check,
        ADD CONSTRAINT pathway_training_method_check CHECK (method IN ('recorded', 'vignettes', 'upgrade'));
    `);
  }
}
