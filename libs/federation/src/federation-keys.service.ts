import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { AuditService } from '@app/audit';
import { rowsOf } from '@app/common';
import { RequestContext } from '@app/identity';
import { KeyPair, newKeyPair } from './core';
import type { PublicJwk } from './federation.responses';

/** How long a retired key stays in the JWKS, so messages signed just before a rotation still verify. */
const RETIRED_KEY_PUBLISHED_HOURS = 24;

/**
 * This installation's identity (a uuid made once) and its signing keys: one current key signs, the
 * retired ones stay published for a day. Private keys never leave the database or this class.
 */
@Injectable()
export class FederationKeys implements OnApplicationBootstrap {
  private installation: string | undefined;
  private current: { at: number; key: KeyPair } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The id and the first key exist from start-up, so that no request (a refused one least of all) writes them. */
  async onApplicationBootstrap(): Promise<void> {
    await this.installationId();
    await this.signingKey();
  }

  async installationId(): Promise<string> {
    if (this.installation) return this.installation;
    await this.dataSource.query(
      `INSERT INTO app_setting (key, value) VALUES ('federation_installation_id', gen_random_uuid()::text) ON CONFLICT (key) DO NOTHING`,
    );
    const [row] = await this.dataSource.query(`SELECT value FROM app_setting WHERE key = 'federation_installation_id'`);
    this.installation = row.value as string;
    return this.installation;
  }

  /** The key that signs now (cached a few seconds: a rotation by another instance is seen at once enough). */
  async signingKey(): Promise<KeyPair> {
    if (this.current && Date.now() - this.current.at < 5_000) return this.current.key;
    const key = await this.dataSource.transaction(async (m) => {
      const [row] = await m.query('SELECT kid, private_jwk, public_jwk FROM federation_key WHERE retired_at IS NULL');
      if (row) return { kid: row.kid, privateJwk: row.private_jwk, publicJwk: row.public_jwk } as KeyPair;
      // The first use makes the first key; instances starting together agree through the lock.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('federation_key'))`);
      const [again] = await m.query('SELECT kid, private_jwk, public_jwk FROM federation_key WHERE retired_at IS NULL');
      if (again) return { kid: again.kid, privateJwk: again.private_jwk, publicJwk: again.public_jwk } as KeyPair;
      return this.insertKey(m);
    });
    this.current = { at: Date.now(), key };
    return key;
  }

  private async insertKey(m: EntityManager): Promise<KeyPair> {
    const key = await newKeyPair(randomUUID());
    await m.query('INSERT INTO federation_key (kid, private_jwk, public_jwk) VALUES ($1, $2, $3)', [
      key.kid,
      key.privateJwk,
      key.publicJwk,
    ]);
    return key;
  }

  async jwks(): Promise<{ installationId: string; keys: PublicJwk[] }> {
    await this.signingKey();
    const rows: Array<{ public_jwk: PublicJwk }> = await this.dataSource.query(
      `SELECT public_jwk FROM federation_key
        WHERE retired_at IS NULL OR retired_at > now() - make_interval(hours => $1) ORDER BY created_at DESC`,
      [RETIRED_KEY_PUBLISHED_HOURS],
    );
    return { installationId: await this.installationId(), keys: rows.map((r) => r.public_jwk) };
  }

  /** A new signing key; the old one is retired but stays published for a day. */
  async rotate(ctx: RequestContext): Promise<{ kid: string; retired: string[] }> {
    const result = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('federation_key'))`);
      const retired = await rowsOf<{ kid: string }>(
        m,
        'UPDATE federation_key SET retired_at = clock_timestamp() WHERE retired_at IS NULL RETURNING kid',
      );
      const key = await this.insertKey(m);
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'FederationKey',
        resourceId: key.kid,
        outcome: 'success',
        detail: { retired: retired.map((r) => r.kid) },
      });
      return { kid: key.kid, retired: retired.map((r) => r.kid) };
    });
    this.current = undefined;
    return result;
  }
}
