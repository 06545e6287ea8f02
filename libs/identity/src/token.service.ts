import { createSecretKey, randomBytes } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';

export interface AccessTokenClaims {
  sub: string;
  /** The user's token version when issued; a bump revokes the token. */
  ver: number;
  /** The session the token belongs to (issue 18): ending the session ends the token at once. */
  sid: string;
}

/**
 * Issues and verifies the api's own short-lived access tokens. Every way in (password today, a
 * region's OIDC provider tomorrow) ends here, so features only ever see these tokens.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private jwt!: JwtService;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    // Shared through the database when not configured, so every api instance signs alike.
    let secret = this.config.authTokenSecret;
    if (!secret) {
      await this.dataSource.query(`INSERT INTO app_setting (key, value) VALUES ('auth_token_secret', $1) ON CONFLICT (key) DO NOTHING`, [
        randomBytes(48).toString('base64url'),
      ]);
      const rows: Array<{ value: string }> = await this.dataSource.query(`SELECT value FROM app_setting WHERE key = 'auth_token_secret'`);
      secret = rows[0]!.value;
    }
    // A ready KeyObject: given a string, jsonwebtoken first tries (and fails) to read it as a PEM public
    // key on every verify, which cost a tenth of the api's CPU under load.
    const key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.jwt = new JwtService({
      privateKey: key,
      publicKey: key,
      signOptions: { algorithm: 'HS256', expiresIn: this.config.accessTokenTtlSeconds, issuer: 'ledtriage' },
      verifyOptions: { algorithms: ['HS256'], issuer: 'ledtriage' },
    });
  }

  issue(claims: AccessTokenClaims): { accessToken: string; expiresAt: Date } {
    const accessToken = this.jwt.sign({ ...claims });
    const expiresAt = new Date(Date.now() + this.config.accessTokenTtlSeconds * 1000);
    return { accessToken, expiresAt };
  }

  // Tokens whose signature has been checked, until they expire: the same token comes with every
  // request of a session, and the HMAC check was 3 % of the api thread. Only a verified token gets
  // in, keyed by its exact text, so a forged one cannot; revocation is checked on the user row anyway.
  private readonly verified = new Map<string, AccessTokenClaims & { exp: number }>();

  /** The claims and expiry of a valid token, or null for anything else. */
  verify(token: string): (AccessTokenClaims & { exp: number }) | null {
    const known = this.verified.get(token);
    if (known) {
      if (Math.floor(Date.now() / 1000) < known.exp) return known;
      this.verified.delete(token);
      return null;
    }
    try {
      const payload = this.jwt.verify<AccessTokenClaims & { exp: number }>(token);
      // Claims go to the database as a uuid and an integer: anything else is not our token (a 500 before).
      if (!isUuid(payload.sub) || !isInt32(payload.ver) || !isUuid(payload.sid) || typeof payload.exp !== 'number') return null;
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, payload);
      return payload;
    } catch {
      return null;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
const isInt32 = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2_147_483_647;
