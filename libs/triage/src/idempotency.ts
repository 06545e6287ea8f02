import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ApiError } from '@app/common';

/** Stable JSON (sorted keys), so the same body hashes alike whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export function checkIdempotencyKey(key: string | undefined): string {
  if (!key || key.trim().length === 0) {
    throw ApiError.badRequest('The Idempotency-Key header is required', [{ field: 'Idempotency-Key', reason: 'missing' }]);
  }
  if (key.length > 200) {
    throw ApiError.badRequest('The Idempotency-Key header is too long', [{ field: 'Idempotency-Key', reason: 'at most 200 characters' }]);
  }
  return key;
}

export type Replay = { status: number; body: unknown };

/**
 * Inside the caller's transaction: holds the key for the transaction's life (a concurrent request
 * with the same key gets 409), and returns the stored response when the key was used before.
 * The record is written in the same transaction as the work, so a crash leaves neither.
 */
export async function claimIdempotencyKey(m: EntityManager, userId: string, key: string, hash: string): Promise<Replay | null> {
  const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) AS locked', [userId, key]);
  if (!locked) throw ApiError.conflict('A request with this Idempotency-Key is still in progress; retry shortly');
  const rows: Array<{ request_hash: string; response_status: number; response_body: unknown }> = await m.query(
    'SELECT request_hash, response_status, response_body FROM idempotency_record WHERE user_id = $1 AND key = $2',
    [userId, key],
  );
  const previous = rows[0];
  if (!previous) return null;
  if (previous.request_hash !== hash) {
    throw ApiError.invalid('This Idempotency-Key was used with a different request body', [
      { field: 'Idempotency-Key', reason: 'already used for another request' },
    ]);
  }
  return { status: 200, body: previous.response_body };
}

export async function storeIdempotentResponse(m: EntityManager, userId: string, key: string, hash: string, status: number, body: unknown) {
  await m.query(
    'INSERT INTO idempotency_record (user_id, key, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4, $5)',
    [userId, key, hash, status, JSON.stringify(body)],
  );
}
