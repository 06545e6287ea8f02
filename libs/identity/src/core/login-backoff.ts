/**
 * Back-off for failed sign-ins: no account is ever locked. The first `freeFailures` failures cost
 * nothing; after that each failure doubles the wait before the next attempt, from `baseSeconds` up to
 * `maxSeconds`. Pure: the caller reads the counts from the database.
 */
export interface BackoffPolicy {
  freeFailures: number;
  baseSeconds: number;
  maxSeconds: number;
}

/** Whole seconds to wait before the next attempt (0: go ahead). */
export function backoffSeconds(failures: number, secondsSinceLastFailure: number, policy: BackoffPolicy): number {
  if (failures < policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures, 30);
  const delay = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** exponent);
  return Math.max(0, Math.ceil(delay - secondsSinceLastFailure));
}
