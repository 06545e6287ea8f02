import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@app/common';

/**
 * Optimistic concurrency on pathway drafts (issue 15, #12). A draft's ETag is its revision, a number
 * the database gives every new draft and every change of one (see migration PathwayDraftRevision).
 */
export function draftEtag(revision: number): string {
  return `"${revision}"`;
}

/** The revisions an If-Match header names: `"7"`, `"6", "7"` or a bare `7`. Weak tags and `*` name none. */
export function ifMatchRevisions(header: string): number[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .map((tag) => /^"?([1-9]\d{0,9})"?$/.exec(tag)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
}

export function preconditionRequired(field: string, reason: string): ApiError {
  return new ApiError(HttpStatus.PRECONDITION_REQUIRED, `${field} is required: ${reason}`, [{ field, reason: 'is required' }]);
}

/** The draft changed since the caller read it (or it was published): 412, naming the current revision. */
export function stale(field: string, current: number | null): ApiError {
  const reason =
    current === null
      ? 'the pathway has no draft any more (it was published or never saved); reload it'
      : `the draft is now at revision ${current}; reload it and apply your changes again`;
  return new ApiError(HttpStatus.PRECONDITION_FAILED, 'The draft has changed since you read it', [{ field, reason }], {
    currentRevision: current,
  });
}
