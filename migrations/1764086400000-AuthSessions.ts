import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sessions (issue 18, #3): a sign-in opens a session with an idle and an absolute deadline; its
 * refresh tokens rotate on every use and only their SHA-256 is stored. A spent token presented again
 * ends the whole session (it was copied). Access tokens name their session, so ending it ends them.
 */
export class AuthSessions1764086400000 implements MigrationInterface {
  name = 'AuthSessions1764086400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('password', 'oidc')),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_refreshed_at timestamptz NOT NULL DEFAULT now(),
        idle_expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        end_reason text CHECK (end_reason IN ('logout', 'logout_everywhere', 'reuse', 'admin', 'idle', 'absolute', 'revoked')),
        client_ip text,
        CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
        CHECK (idle_expires_at <= absolute_expires_at AND absolute_expires_at > created_at)
      );
      CREATE INDEX auth_session_live_by_user ON auth_session (user_id) WHERE ended_at IS NULL;
      CREATE TABLE refresh_token (
        token_sha256 bytea PRIMARY KEY CHECK (length(token_sha256) = 32),
        session_id uuid NOT NULL REFERENCES auth_session(id) ON DELETE CASCADE,
        issued_at timestamptz NOT NULL DEFAULT now(),
        spent_at timestamptz
      );
      CREATE INDEX refresh_token_session ON refresh_token (session_id);
      -- At most one unspent token per session: rotation spends the old one in the same transaction.
      CREATE UNIQUE INDEX refresh_token_one_live ON refresh_token (session_id) WHERE spent_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE refresh_token; DROP TABLE auth_session');
  }
}
