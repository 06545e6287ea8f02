import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { ApiError, FieldProblem, PG_EXCLUSION_VIOLATION, PG_INVALID_TEXT, PG_UNIQUE_VIOLATION, pgErrorCode } from './api-error';

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
      return { field: [prefix, ...path, issue.keys.join(',')].filter(Boolean).join('.'), reason: 'unknown field' };
    }
    return { field: [prefix, ...path].filter(Boolean).join('.') || '(body)', reason: issue.message };
  });
}

interface Body {
  statusCode: number;
  error: string;
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
      this.logger.error({ err: exception, route: request.routeOptions?.url ?? 'unmatched' }, 'unhandled error');
    }
    if (reply.sent) return;
    if (typeof body.retryAfterSeconds === 'number') reply.header('Retry-After', String(body.retryAfterSeconds));
    // Errors raised before the request logger ran (refused at the edge) still get an id to quote.
    if (!reply.getHeader('x-request-id')) reply.header('x-request-id', randomUUID());
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
  }

  private toBody(exception: unknown): Body {
    if (exception instanceof ApiError) {
      return this.body(exception.status, exception.message, exception.details, exception.extra);
    }
    if (exception instanceof ZodValidationException) {
      const zodError = exception.getZodError();
      const details = zodError instanceof ZodError ? zodIssuesToDetails(zodError) : undefined;
      return this.body(HttpStatus.BAD_REQUEST, 'The request body does not have the expected shape', details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message = exception.message;
      if (typeof response === 'object' && response && 'message' in response) {
        const m = (response as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      // Fastify's refusals while reading a body arrive here as HttpExceptions; say plainly what to send.
      if (status === 400 && /JSON/i.test(message)) message = 'Malformed JSON in request body';
      if (status === 413) message = 'Request body too large';
      if (status === 415) message = 'Unsupported Content-Type: send application/json';
      return this.body(status, message);
    }
    // Text the database cannot hold (the edge refuses NUL characters; this catches what slips by).
    if (pgErrorCode(exception) === PG_INVALID_TEXT) return this.body(400, 'The request contains text that cannot be stored');
    const code = pgErrorCode(exception);
    if (code === PG_UNIQUE_VIOLATION || code === PG_EXCLUSION_VIOLATION) {
      return this.body(HttpStatus.CONFLICT, 'The change conflicts with existing data');
    }
    return this.body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }

  private body(status: number, message: string, details?: FieldProblem[], extra?: Record<string, unknown>): Body {
    const body: Body = { statusCode: status, error: REASON_PHRASES[status] ?? 'Error', message };
    if (details && details.length > 0) body.details = details;
    if (extra) Object.assign(body, extra);
    return body;
  }
}
