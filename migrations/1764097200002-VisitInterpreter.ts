import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An interpreter booked for a visit (issue 22): the language, and the one-time link's SHA-256 with the
 * window it is valid in; `used_at` is its one use. One interpreter per visit; booking again replaces the link.
 */
export class VisitInterpreter1764097200002 implements MigrationInterface {
  name = 'VisitInterpreter1764097200002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE visit_interpreter (
        visit_id uuid PRIMARY KEY REFERENCES visit(id),
        language text NOT NULL CONSTRAINT visit_interpreter_language_iso639_1 CHECK (language ~ '^[a-z]{2}$'),
        token_sha256 bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
        valid_from timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        booked_by uuid NOT NULL REFERENCES app_user(id),
        booked_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        CONSTRAINT visit_interpreter_window CHECK (valid_until > valid_from)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE visit_interpreter`);
  }
}
