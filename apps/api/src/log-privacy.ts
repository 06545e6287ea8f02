/**
 * What the logs may say about a request or an error: never a personnummer, a name or a phone number
 * (patientdatalagen; logs are read by people and systems outside care). Query strings are dropped,
 * path segments that are not route words or ids are masked, and database errors keep their code and
 * statement but lose their message, detail and parameters (PostgreSQL puts the values there).
 */

const REDACTED = '[redacted]';

/** Route words, uuids, pathway keys and small numbers; anything else in a path may be a person's data. */
const SAFE_SEGMENT = /^[a-z0-9._~-]{0,64}$/;
/** Six or more digits in a row, with the separators people type (a personnummer or a phone number). */
const LONG_NUMBER = /\+?\d(?:[\s\-+()]?\d){5,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Masks personnummer- and phone-like digit runs in free text (error messages, stacks, user agents). */
export function maskNumbers(text: string): string {
  return text.replace(LONG_NUMBER, REDACTED);
}

/** The path of a URL without its query string, each segment kept only when it cannot be personal data. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return path
    .split('/')
    .map((segment) => (UUID.test(segment) || (SAFE_SEGMENT.test(segment) && !/\d{6}/.test(segment)) ? segment : REDACTED))
    .join('/');
}

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
}

/** Headers worth a log line; authorization, cookies, referers (full URLs) and the rest are left out. */
const LOGGED_HEADERS = ['content-type', 'content-length', 'user-agent', 'x-forwarded-for'];

export function requestForLog(req: SerializedRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const name of LOGGED_HEADERS) {
    const value = req.headers?.[name];
    if (typeof value === 'string') headers[name] = maskNumbers(value.slice(0, 300));
  }
  return { id: req.id, method: req.method, url: safeUrl(req.url), headers, remoteAddress: req.remoteAddress };
}

interface SerializedError {
  type?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  [key: string]: unknown;
}

/** Fields of a PostgreSQL error that name the schema, never the data. */
const DB_ERROR_FIELDS = ['code', 'constraint', 'table', 'column', 'schema', 'routine', 'severity'] as const;

export function errorForLog(err: SerializedError): Record<string, unknown> {
  const driver = (err.driverError ?? err) as Record<string, unknown>;
  const isDatabaseError = typeof driver.code === 'string' && /^[0-9A-Z]{5}$/.test(driver.code);
  const stackFrames =
    typeof err.stack === 'string'
      ? err.stack
          .split('\n')
          .filter((l) => /^\s+at /.test(l))
          .join('\n')
      : undefined;
  if (isDatabaseError) {
    const out: Record<string, unknown> = { type: err.type, message: `database error ${driver.code as string}` };
    for (const field of DB_ERROR_FIELDS) if (typeof driver[field] === 'string') out[field] = driver[field];
    // The statement has placeholders ($1 ...), its values are in the parameters, which stay out.
    if (typeof err.query === 'string') out.query = maskNumbers(err.query.slice(0, 2000));
    if (stackFrames) out.stack = maskNumbers(stackFrames);
    return out;
  }
  const out: Record<string, unknown> = { type: err.type, message: maskNumbers(String(err.message ?? '')) };
  if (typeof err.code === 'string' || typeof err.code === 'number') out.code = err.code;
  if (typeof err.status === 'number') out.status = err.status;
  if (typeof err.stack === 'string') out.stack = maskNumbers(err.stack);
  return out;
}
