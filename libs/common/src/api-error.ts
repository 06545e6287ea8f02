import { HttpStatus } from '@nestjs/common';
import { codeOfStatus, CONSTRAINT_ERRORS, type DetailCode, type ErrorCode } from './error-codes';

export interface FieldProblem {
  field: string;
  /** In English, for developers and logs; the client words `code` with `params` in the user's language. */
  reason: string;
  /** Why, as a code (issue 16, #4); the filter answers `invalid` for a detail that names none. */
  code?: DetailCode;
  params?: Record<string, string | number | boolean>;
}

/** What an error body carries beside the contract's fields: a specific `code`, and what the client needs to act. */
export interface ErrorExtra {
  code?: ErrorCode;
  [key: string]: unknown;
}

/**
 * The one error type features throw. The filter turns it into the contract's JSON:
 * `{ statusCode, error, code, message, details?, ...extra }`. `code` is the module's code when one is given,
 * otherwise the status's (`not_found`, `conflict`, ...).
 */
export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(
    readonly status: HttpStatus,
    message: string,
    readonly details?: FieldProblem[],
    readonly extra?: ErrorExtra,
  ) {
    super(message);
    this.code = extra?.code ?? codeOfStatus(status);
  }

  static badRequest(message: string, details?: FieldProblem[]): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, message, details);
  }
  static unauthorized(message = 'Sign-in required'): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, message);
  }
  static forbidden(message = 'Your role does not allow this', extra?: ErrorExtra): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, message, undefined, extra);
  }
  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, `${what} not found`);
  }
  static conflict(message: string, extra?: ErrorExtra, details?: FieldProblem[]): ApiError {
    return new ApiError(HttpStatus.CONFLICT, message, details, extra);
  }
  static invalid(message: string, details: FieldProblem[], extra?: ErrorExtra): ApiError {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, message, details, extra);
  }
  static unsupportedMediaType(message: string): ApiError {
    return new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, message);
  }
  static tooManyRequests(message: string, retryAfterSeconds: number): ApiError {
    return new ApiError(HttpStatus.TOO_MANY_REQUESTS, message, undefined, { retryAfterSeconds });
  }

  /** The refusal a violated named constraint stands for (CONSTRAINT_ERRORS), or undefined when it names none known. */
  static ofConstraint(error: unknown): ApiError | undefined {
    const known = CONSTRAINT_ERRORS[pgConstraint(error) ?? ''];
    if (!known) return undefined;
    const details = known.field ? [{ field: known.field, reason: known.message, code: 'conflict' as const }] : undefined;
    return new ApiError(known.status, known.message, details, { code: known.code });
  }
}

/** PostgreSQL SQLSTATE codes the services translate into 409s. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_EXCLUSION_VIOLATION = '23P01';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
/** Text the server's encoding cannot hold (e.g. a NUL character). */
export const PG_INVALID_TEXT = '22021';

export function pgErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  const e = error as { constraint?: unknown; driverError?: { constraint?: unknown } };
  const c = e?.driverError?.constraint ?? e?.constraint;
  return typeof c === 'string' ? c : undefined;
}
