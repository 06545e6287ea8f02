import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * OpenID Connect sign-in (issue 18, #1): what a sign-in sent to the IdP must be met with on its way
 * back (state, nonce, PKCE verifier), kept server-side and spent once. Only the state's SHA-256 is the
 * key, and the row is bound to the browser that started it by the SHA-256 of a cookie it alone holds.
 */
export class OidcLoginStates1764104400000 implements MigrationInterface {
  name = 'OidcLoginStates1764104400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oidc_login_state (
        state_sha256 bytea PRIMARY KEY CHECK (length(state_sha256) = 32),
        browser_sha256 bytea NOT NULL CHECK (length(browser_sha256) = 32),
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX oidc_login_state_expiry ON oidc_login_state (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE oidc_login_state');
  }
}
