/**
 * Why an OpenID Connect sign-in was refused (issue 18, #1). The code travels to the web app's refusal
 * page (`#/sign-in-refused?reason=<code>`), which says it in Swedish and English; no token is issued.
 */
export const OIDC_REFUSALS = [
  /** No state, an unknown or spent one (a replayed callback), one started in another browser, or one too old. */
  'state',
  /** The IdP answered with an error instead of a code (the user cancelled, or the IdP refused her). */
  'idp_refused',
  /** The IdP's token endpoint refused the code: spent already (replayed), expired, or the PKCE verifier did not match. */
  'code_rejected',
  /** The ID token or the authorization response names another issuer than the configured IdP. */
  'issuer',
  /** The ID token is not meant for this client (aud or azp). */
  'audience',
  /** The ID token has expired, or its times are off by more than the allowed clock skew. */
  'expired',
  /** The ID token's nonce is not this sign-in's: an ID token replayed from another sign-in. */
  'nonce',
  /** Anything else wrong with the IdP's answers. */
  'invalid_response',
  /** The IdP could not be reached. */
  'idp_unavailable',
  /** The ID token carries no HSA-id in the configured claim. */
  'no_hsa_id',
  /** No user of ours has this HSA-id: the region's administrator must add her first. */
  'unknown_hsa_id',
  /** The user with this HSA-id is deactivated. */
  'deactivated',
] as const;
export type OidcRefusal = (typeof OIDC_REFUSALS)[number];

/** What the log and the audit row say, in English. */
export const REFUSAL_TEXT: Record<OidcRefusal, string> = {
  state: 'the sign-in was not started in this browser, was already completed, or is too old',
  idp_refused: 'the identity provider refused the sign-in',
  code_rejected: 'the identity provider refused the authorization code (already used, expired or not ours)',
  issuer: 'the answer came from another issuer than the configured identity provider',
  audience: 'the ID token was issued for another client',
  expired: 'the ID token has expired or its times are outside the allowed clock skew',
  nonce: 'the ID token belongs to another sign-in (nonce)',
  invalid_response: "the identity provider's answer could not be validated",
  idp_unavailable: 'the identity provider could not be reached',
  no_hsa_id: 'the ID token carries no HSA-id',
  unknown_hsa_id: 'no user has this HSA-id',
  deactivated: 'the user with this HSA-id is deactivated',
};

type Coded = { name?: string; code?: string; message?: string; cause?: unknown };

/**
 * An openid-client (oauth4webapi) error as a refusal. Claim comparisons carry the claim's name in
 * the cause (`{ claim: 'iss' | 'aud' | 'azp' | 'nonce' }`); timestamp checks are one code.
 */
export function refusalOf(error: unknown): OidcRefusal {
  const e = (error ?? {}) as Coded;
  if (e.name === 'AuthorizationResponseError') return 'idp_refused';
  if (e.name === 'ResponseBodyError') return 'code_rejected';
  const inner = (e.cause ?? {}) as Coded;
  const detail = (inner.cause ?? {}) as { claim?: string; attribute?: string };
  switch (e.code) {
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return 'expired';
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      if (detail.claim === 'iss') return 'issuer';
      if (detail.claim === 'aud' || detail.claim === 'azp') return 'audience';
      if (detail.claim === 'nonce') return 'nonce';
      return 'invalid_response';
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      return detail.attribute === 'issuer' ? 'issuer' : 'invalid_response';
    case 'OAUTH_INVALID_RESPONSE':
      return /"iss"/.test(inner.message ?? e.message ?? '') ? 'issuer' : 'invalid_response';
    default:
      break;
  }
  if (e.name === 'TypeError' && /fetch failed/i.test(e.message ?? '')) return 'idp_unavailable';
  if (e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || e.code === 'OAUTH_RESPONSE_IS_NOT_JSON') return 'idp_unavailable';
  return 'invalid_response';
}
