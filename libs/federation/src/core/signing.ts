import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

/** ES256 (ECDSA P-256 with SHA-256): widely supported, small signatures. */
export const FEDERATION_ALG = 'ES256';
export const FEDERATION_TYP = 'ledtriage-federation+jwt';
/** A message is refused when signed longer ago than this (a delayed or captured message)… */
export const MAX_MESSAGE_AGE_SECONDS = 300;
/** …or when it claims to be signed in the future beyond this clock difference. */
export const MAX_CLOCK_SKEW_SECONDS = 30;

export const MESSAGE_KINDS = ['referral', 'received', 'accept', 'reject', 'request-completion', 'complete', 'answer', 'news'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What a signed message carries besides the JWT's own iss (sender installation), aud, jti (message id) and iat. */
export const MessageBodySchema = z.strictObject({
  kind: z.enum(MESSAGE_KINDS),
  referralId: z.uuid().optional(),
  /** The sending region's name, for the receiver's audit and screens. */
  fromRegion: z.string().min(1).max(200),
  body: z.record(z.string(), z.unknown()),
});
export type MessageBody = z.infer<typeof MessageBodySchema>;

export interface KeyPair {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function newKeyPair(kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(FEDERATION_ALG, { extractable: true });
  const common = { kid, alg: FEDERATION_ALG, use: 'sig' };
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), ...common }, publicJwk: { ...(await exportJWK(publicKey)), ...common } };
}

/** A public key as a partner may publish it: an EC P-256 signing key with a kid and nothing private. */
export const PublicJwkSchema = z.looseObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1).max(200),
  y: z.string().min(1).max(200),
  kid: z.string().min(1).max(200),
  d: z.never({ message: 'a published key must not hold its private part' }).optional(),
});
export const JwksSchema = z.looseObject({
  installationId: z.uuid(),
  keys: z.array(PublicJwkSchema).min(1).max(20),
});
export type Jwks = z.infer<typeof JwksSchema>;

export async function signMessage(
  key: Pick<KeyPair, 'kid' | 'privateJwk'>,
  claims: { iss: string; aud: string; jti: string; iat?: number },
  message: MessageBody,
): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, FEDERATION_ALG);
  return new SignJWT({ msg: message })
    .setProtectedHeader({ alg: FEDERATION_ALG, kid: key.kid, typ: FEDERATION_TYP })
    .setIssuer(claims.iss)
    .setAudience(claims.aud)
    .setJti(claims.jti)
    .setIssuedAt(claims.iat ?? Math.floor(Date.now() / 1000))
    .sign(privateKey);
}

/** Who claims to have sent it, before anything is trusted: the key to look up. */
export type Unverified = { ok: true; iss: string; kid: string; jti: string | null } | { ok: false; reason: string };

export function peek(jws: string): Unverified {
  try {
    const header = decodeProtectedHeader(jws);
    const claims = decodeJwt(jws);
    if (header.alg !== FEDERATION_ALG) return { ok: false, reason: `the algorithm must be ${FEDERATION_ALG}` };
    if (typeof header.kid !== 'string' || !header.kid) return { ok: false, reason: 'the header names no key (kid)' };
    if (typeof claims.iss !== 'string' || !z.uuid().safeParse(claims.iss).success) {
      return { ok: false, reason: 'the sender (iss) is not an installation id' };
    }
    return { ok: true, iss: claims.iss, kid: header.kid, jti: typeof claims.jti === 'string' ? claims.jti : null };
  } catch {
    return { ok: false, reason: 'not a compact JWS' };
  }
}

export type Verified =
  | { ok: true; messageId: string; issuedAt: number; message: MessageBody }
  | { ok: false; reason: 'signature' | 'stale' | 'future' | 'audience' | 'malformed'; detail: string };

/** Checks signature, audience and age; the caller checks the sender and the message id. */
export async function verifyMessage(
  jws: string,
  publicJwk: JWK,
  expected: { iss: string; aud: string },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<Verified> {
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(publicJwk, FEDERATION_ALG);
    // Time is checked below, against our own rule (age and skew), not jose's.
    const options = { algorithms: [FEDERATION_ALG], typ: FEDERATION_TYP, currentDate: new Date(nowSeconds * 1000) };
    ({ payload } = await jwtVerify(jws, key, options));
  } catch (e) {
    return { ok: false, reason: 'signature', detail: (e as { code?: string }).code ?? 'signature check failed' };
  }
  if (payload.iss !== expected.iss) return { ok: false, reason: 'signature', detail: 'the issuer does not match the key' };
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.includes(expected.aud)) return { ok: false, reason: 'audience', detail: 'the message is addressed to another installation' };
  const jti = payload.jti;
  if (typeof jti !== 'string' || !z.uuid().safeParse(jti).success) {
    return { ok: false, reason: 'malformed', detail: 'the message id (jti) must be a uuid' };
  }
  const iat = payload.iat;
  if (typeof iat !== 'number') return { ok: false, reason: 'malformed', detail: 'the message has no signing time (iat)' };
  const age = freshness(iat, nowSeconds);
  if (age) {
    const detail = age === 'stale' ? `signed more than ${MAX_MESSAGE_AGE_SECONDS} s ago` : 'signed in the future';
    return { ok: false, reason: age, detail };
  }
  const parsed = MessageBodySchema.safeParse(payload.msg);
  if (!parsed.success) {
    return { ok: false, reason: 'malformed', detail: parsed.error.issues.map((i) => `msg.${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  return { ok: true, messageId: jti, issuedAt: iat, message: parsed.data };
}

export function freshness(issuedAtSeconds: number, nowSeconds: number): 'stale' | 'future' | null {
  if (issuedAtSeconds < nowSeconds - MAX_MESSAGE_AGE_SECONDS) return 'stale';
  if (issuedAtSeconds > nowSeconds + MAX_CLOCK_SKEW_SECONDS) return 'future';
  return null;
}
