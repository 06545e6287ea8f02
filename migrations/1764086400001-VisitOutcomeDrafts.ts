import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The specialist's unsent answer (svar), kept on the server while she types (issue 18, #4): another
 * device, a crash or an expired session does not lose it. One draft per visit, by its author; it goes
 * when the answer is sent. Bounded, and always a JSON object.
 */
export class VisitOutcomeDrafts1764086400001 implements MigrationInterface {
  name = 'VisitOutcomeDrafts1764086400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE visit_outcome_draft (
        visit_id uuid PRIMARY KEY REFERENCES visit(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES app_user(id),
        draft jsonb NOT NULL CHECK (jsonb_typeof(draft) = 'object' AND octet_length(draft::text) <= 65536),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE visit_outcome_draft');
  }
}
