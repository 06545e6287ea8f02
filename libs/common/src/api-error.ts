import { HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * The one error type features throw. The filter turns it into the contract's JSON:
 * `{ statusCode, error, message, details?, ...extra }`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: HttpStatus,
    message: string,
    readonly details?: FieldProblem[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }

  static badRequest(message: string, details?: FieldProblem[]): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, message, details);
  }
  static unauthorized(message = 'Sign-in required'): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, message);
  }
  static forbidden(message = 'Your role does not allow this'): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, message);
  }
  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, `${what} not found`);
  }
  static conflict(message: string, extra?: Record<string, unknown>, details?: FieldProblem[]): ApiError {
    return new ApiError(HttpStatus.CONFLICT, message, details, extra);
  }
  static invalid(message: string, details: FieldProblem[], extra?: Record<string, unknown>): ApiError {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, message, details, extra);
  }
  static unsupportedMediaType(message: string): ApiError {
    return new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, message);
  }
  static tooManyRequests(message: string, retryAfterSeconds: number): ApiError {
    return new ApiError(HttpStatus.TOO_MANY_REQUESTS, message, undefined, { retryAfterSeconds });
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
