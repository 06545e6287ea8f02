import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodSerializationException, ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { ApiError, ErrorExtra, FieldProblem, PG_EXCLUSION_VIOLATION, PG_INVALID_TEXT, PG_UNIQUE_VIOLATION, pgErrorCode } from './api-error';
import { codeOfStatus, DetailCode, ErrorCode } from './error-codes';

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function zodIssuesToDetails(error: ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return { field: [prefix, ...path, issue.keys.join(',')].filter(Boolean).join('.'), reason: 'unknown field', code: 'unknown_field' };
    }
    return { field: [prefix, ...path].filter(Boolean).join('.') || '(body)', reason: issue.message, ...detailCodeOf(issue) };
  });
}

/** A zod issue as a detail code and the parameters the client needs to word it. */
function detailCodeOf(issue: ZodError['issues'][number]): { code: DetailCode; params?: FieldProblem['params'] } {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? { code: 'required' } : { code: 'invalid_type', params: { expected: issue.expected } };
    case 'too_small':
    case 'too_big': {
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const inclusive = issue.inclusive !== false;
      if (issue.origin === 'string') return { code: issue.code === 'too_small' ? 'too_short' : 'too_long', params: { limit } };
      return { code: issue.code, params: { limit, inclusive, origin: issue.origin } };
    }
    case 'invalid_format':
      return { code: 'invalid_format', params: { format: issue.format } };
    case 'invalid_value':
      return { code: 'not_in_options', params: { values: issue.values.map(String).join(', ') } };
    case 'not_multiple_of':
      return { code: 'not_integer' };
    default:
      return { code: 'invalid' };
  }
}

/** A key that names a field of the schema; a record's key may be data, so anything else is masked. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** A response schema's issues as their paths and codes only: zod's messages and inputs may carry the values. */
export function responseIssuesForLog(error: unknown): { path: string; code: string; expected?: string }[] {
  if (!(error instanceof ZodError)) return [];
  return error.issues.slice(0, 20).map((issue) => ({
    path:
      issue.path.map((s) => (typeof s === 'number' || (typeof s === 'string' && FIELD_NAME.test(s)) ? String(s) : '[key]')).join('.') ||
      '(root)',
    code: issue.code,
    ...(issue.code === 'invalid_type' ? { expected: issue.expected } : {}),
  }));
}

interface Body {
  statusCode: number;
  error: string;
  code: ErrorCode;
  message: string;
  details?: FieldProblem[];
  [extra: string]: unknown;
}

/** Maps every error to the contract's JSON shape; nothing else writes error bodies, and no stack trace leaves. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      // The route's pattern, not its URL: a URL may carry what the logs must not (#15.5); the error serializer redacts the rest.
      const route = request.routeOptions?.url ?? 'unmatched';
      if (exception instanceof ZodSerializationException) {
        // The answer did not match the route's declared schema: where and how, never the values (patient data).
        this.logger.error(
          { err: exception, route, issues: responseIssuesForLog(exception.getZodError()) },
          'response does not match its schema',
        );
      } else {
        this.logger.error({ err: exception, route }, 'unhandled error');
      }
    }
    if (reply.sent) return;
    if (typeof body.retryAfterSeconds === 'number') reply.header('Retry-After', String(body.retryAfterSeconds));
    // Errors raised before the request logger ran (refused at the edge) still get an id to quote.
    if (!reply.getHeader('x-request-id')) reply.header('x-request-id', randomUUID());
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
  }

  private toBody(exception: unknown): Body {
    if (exception instanceof ApiError) {
      return this.body(exception.status, exception.message, exception.details, { ...exception.extra, code: exception.code });
    }
    if (exception instanceof ZodValidationException) {
      const zodError = exception.getZodError();
      const details = zodError instanceof ZodError ? zodIssuesToDetails(zodError) : undefined;
      return this.body(HttpStatus.BAD_REQUEST, 'The request body does not have the expected shape', details, { code: 'invalid_body' });
    }
    // A response that breaks its own contract is the server's fault: the client learns only that.
    if (exception instanceof ZodSerializationException) return this.body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message = exception.message;
      if (typeof response === 'object' && response && 'message' in response) {
        const m = (response as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      // Fastify's refusals while reading a body arrive here as HttpExceptions; say plainly what to send.
      if (status === 413) message = 'Request body too large';
      if (status === 415) message = 'Unsupported Content-Type: send application/json';
      if (status === 400 && /JSON/i.test(message))
        return this.body(status, 'Malformed JSON in request body', undefined, { code: 'malformed_json' });
      return this.body(status, message);
    }
    // Text the database cannot hold (the edge refuses NUL characters; this catches what slips by).
    if (pgErrorCode(exception) === PG_INVALID_TEXT) {
      return this.body(400, 'The request contains text that cannot be stored', undefined, { code: 'text_not_storable' });
    }
    // A named invariant the database holds, that no service translated: the table says what it means.
    const constraint = ApiError.ofConstraint(exception);
    if (constraint) return this.toBody(constraint);
    const code = pgErrorCode(exception);
    if (code === PG_UNIQUE_VIOLATION || code === PG_EXCLUSION_VIOLATION) {
      return this.body(HttpStatus.CONFLICT, 'The change conflicts with existing data');
    }
    return this.body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }

  private body(status: number, message: string, details?: FieldProblem[], extra?: ErrorExtra): Body {
    const body: Body = { statusCode: status, error: REASON_PHRASES[status] ?? 'Error', code: extra?.code ?? codeOfStatus(status), message };
    if (details && details.length > 0) body.details = details.map((d) => ({ ...d, code: d.code ?? 'invalid' }));
    if (extra) Object.assign(body, extra, { code: body.code });
    return body;
  }
}
