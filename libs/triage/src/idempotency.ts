import { createHash } from 'node:crypto';
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
