import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 19, item 1: the plans of the specialist's answer are part of the pathway definition
 * (`answerPlans`, the four of before by default), so the answer's plan is any key a pathway names.
 * The fixed list goes; the plan keeps the shape of a definition's key (snake_case). The service
 * checks it against the plans of the case's pathway version before it is stored.
 */
export class AnswerPlansAsData1764115200000 implements MigrationInterface {
  name = 'AnswerPlansAsData1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visit_outcome DROP CONSTRAINT IF EXISTS visit_outcome_plan_check;
      ALTER TABLE visit_outcome ADD CONSTRAINT visit_outcome_plan_key CHECK (plan ~ '^[a-z][a-z0-9_]{0,62}$');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // NOT VALID: answers given with a pathway's own plans stay; new ones are held to the four again.
    await q.query(`
      ALTER TABLE visit_outcome DROP CONSTRAINT IF EXISTS visit_outcome_plan_key;
      ALTER TABLE visit_outcome ADD CONSTRAINT visit_outcome_plan_check
        CHECK (plan IN ('follow_up_remote', 'follow_up_primary_care', 'hospital_referral', 'discharged')) NOT VALID;
    `);
  }
}
