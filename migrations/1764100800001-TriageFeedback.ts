import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 19, item 4: the specialist's word on the triage, given with the answer (svar): whether the case
 * was the right one at the right urgency, optionally naming the rules that misled. One per case.
 * With the re-triages already in `triage_case.original_category` it gives each rule's override rate.
 */
export class TriageFeedback1764100800001 implements MigrationInterface {
  name = 'TriageFeedback1764100800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE triage_feedback (
        case_id uuid PRIMARY KEY REFERENCES triage_case(id),
        visit_outcome_id uuid NOT NULL UNIQUE REFERENCES visit_outcome(id),
        region_id uuid NOT NULL REFERENCES region(id),
        pathway_key text NOT NULL REFERENCES pathway(key),
        pathway_version integer NOT NULL,
        verdict text NOT NULL CHECK (verdict IN ('appropriate', 'should_have_stayed_in_primary_care', 'should_have_been_more_urgent',
                                                 'should_have_been_less_urgent')),
        rule_ids text[] NOT NULL DEFAULT '{}',
        author_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- A triage that was right misled through no rule.
        CONSTRAINT triage_feedback_rules_only_when_wrong CHECK (verdict <> 'appropriate' OR cardinality(rule_ids) = 0)
      );
      CREATE INDEX triage_feedback_pathway ON triage_feedback (pathway_key, region_id, created_at);
      -- The per-rule statistics read a pathway's cases of a region.
      CREATE INDEX IF NOT EXISTS triage_case_pathway_region ON triage_case (pathway_key, region_id, triaged_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS triage_case_pathway_region;
      DROP TABLE triage_feedback;
    `);
  }
}
