import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');

const urlWithProtocols = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

/** An IPv4/IPv6 address or CIDR range, or one of proxy-addr's names (loopback, linklocal, uniquelocal). */
function isAddressOrCidr(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const iceUrl = z.string().regex(/^(stun|turns?):\S+$/);
const iceServerList = z.array(
  z.strictObject({ urls: z.union([iceUrl, z.array(iceUrl).min(1)]), username: z.string().optional(), credential: z.string().optional() }),
);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  DEMO_PASSWORD: z.string().min(1).default('demo'),
  DEMO_DATA: booleanString.optional(),
  LIVEKIT_URL: urlWithProtocols(['ws:', 'wss:', 'http:', 'https:']).optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).optional(),
  /** Proxies whose X-Forwarded-For is believed (client address for sign-in limits and the audit); none by default. */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const entries = (value ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      const bad = entries.filter((entry) => !isAddressOrCidr(entry));
      if (bad.length === 0) return entries;
      ctx.addIssue({ code: 'custom', message: `must be IP addresses or CIDR ranges separated by commas (not ${bad.join(', ')})` });
      return z.NEVER;
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(86400).default(900),
  /** A session ends when its browser has seen no use for this long (issue 18: a clinic day's pauses). */
  AUTH_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** A session ends this long after sign-in, however busy. */
  AUTH_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** The first wait after LOGIN_MAX_FAILURES failures of one username from one address; each further failure doubles it. */
  LOGIN_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(86400).default(30),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86400).default(900),
  /** Writes (POST, PUT, PATCH, DELETE) one signed-in user may make per clock minute; 0 turns the limit off. */
  WRITE_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(120),
  /** Previews (a pathway's live evaluation as the nurse types) per user and clock minute: they change nothing; 0 = off. */
  PREVIEW_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  /** Expensive list reads (calendar, case lists, inbox, audit log) per user and clock minute; 0 = off. */
  READ_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /**
   * The embedded video mode's STUN/TURN servers. None by default: no third party learns who meets
   * whom, and host candidates connect two browsers on one network; a region adds its own servers.
   */
  ICE_SERVERS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = undefined;
      }
      const servers = iceServerList.safeParse(parsed);
      if (servers.success) return servers.data;
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of RTCIceServer objects with stun:, turn: or turns: urls' });
      return z.NEVER;
    }),
  WEB_DIST_DIR: z.string().optional(),
  VISIT_JOIN_OPENS_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  NO_SHOW_AFTER_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  /** How long before a visit the patient is reminded (bookings made later than that get none). */
  VISIT_REMINDER_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  JOB_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  /** The address patients reach the api at: their links are `<PUBLIC_BASE_URL>/p/<token>` (issue 22). */
  PUBLIC_BASE_URL: urlWithProtocols(['http:', 'https:']).optional(),
  /** An HTTP SMS gateway: form-encoded from, to, message with basic auth. Unset: SMS notices are logged, not sent. */
  SMS_GATEWAY_URL: urlWithProtocols(['http:', 'https:']).optional(),
  SMS_GATEWAY_USER: z.string().min(1).optional(),
  SMS_GATEWAY_PASSWORD: z.string().min(1).optional(),
  /** The sender name or number the gateway shows (an alphanumeric sender is at most 11 characters). */
  SMS_SENDER: z
    .string()
    .regex(/^([A-Za-z0-9 ]{1,11}|\+?[0-9]{3,15})$/, 'must be up to 11 letters or digits, or a phone number')
    .default('Ledtriage'),
  /** SMTP for e-mail notices, e.g. smtp://user:pass@host:587 (smtps:// for implicit TLS). Unset: e-mail notices are logged. */
  SMTP_URL: urlWithProtocols(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Ledtriage <no-reply@localhost>'),
  /** Requests to the patients' public link pages per client address and minute; 0 = off. */
  PATIENT_LINK_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(30),
  /** The region's IdP (issue 18, #1): its issuer URL; https, or http on this machine's loopback (the tests' provider). */
  OIDC_ISSUER: z.string().refine(isIssuerUrl, 'must be an https:// URL (http:// only on 127.0.0.1, ::1 or localhost)').optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** The client secret the IdP gave us (client_secret_basic); unset: a public client, PKCE alone. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where the IdP sends the browser back; default `<PUBLIC_BASE_URL>/api/v1/auth/oidc/callback`. */
  OIDC_REDIRECT_URI: urlWithProtocols(['http:', 'https:']).optional(),
  /** The ID token claim that carries the user's HSA-id (Inera's IdP: employeeHsaId). */
  OIDC_HSA_ID_CLAIM: z.string().min(1).default('employeeHsaId'),
  /** Scopes asked for; the HSA-id claim must be among what they release. */
  OIDC_SCOPE: z
    .string()
    .regex(/(^|\s)openid(\s|$)/, 'must include openid')
    .default('openid'),
  /** Clock difference tolerated between the IdP and us when checking the ID token's exp, iat and nbf. */
  OIDC_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
  /** `off` refuses password sign-in (403): only the IdP signs people in. */
  PASSWORD_LOGIN: z.enum(['on', 'off']).default('on'),
});

/** An IdP's issuer: https, or plain http on the loopback only (a provider started by the tests). */
function isIssuerUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname));
  } catch {
    return false;
  }
}

/** Prefixes we own: a variable under one of them that we do not know is a typo, not someone else's setting. */
const OWNED_PREFIXES = [
  'DATABASE_',
  'DEMO_',
  'LIVEKIT_',
  'AUTH_',
  'LOGIN_',
  'ACCESS_TOKEN_',
  'VISIT_',
  'NO_SHOW_',
  'JOB_',
  'WRITE_',
  'PREVIEW_',
  'READ_',
  'TRUSTED_',
  'PUBLIC_',
  'SMS_',
  'SMTP_',
  'MAIL_',
  'PATIENT_',
  'OIDC_',
  'PASSWORD_',
];

export type AppConfig = Readonly<{
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  demoPassword: string;
  demoData: boolean;
  livekit: { url: string; apiKey: string; apiSecret: string } | undefined;
  redisUrl: string | undefined;
  /** Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: readonly string[];
  loginBackoffSeconds: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  authTokenSecret: string | undefined;
  accessTokenTtlSeconds: number;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  loginMaxFailures: number;
  loginWindowSeconds: number;
  writeRatePerMinute: number;
  previewRatePerMinute: number;
  readRatePerMinute: number;
  iceServers: Array<{ urls: string | string[]; username?: string; credential?: string }>;
  webDistDir: string | undefined;
  visitJoinOpensMinutes: number;
  visitReminderHours: number;
  noShowAfterMinutes: number;
  jobIntervalSeconds: number;
  /** Where patients' links point, without a trailing slash. */
  publicBaseUrl: string;
  sms: { url: string; user: string | undefined; password: string | undefined; sender: string } | undefined;
  smtp: { url: string; from: string } | undefined;
  mailFrom: string;
  patientLinkRatePerMinute: number;
  /** Sign-in through the region's IdP (OpenID Connect); undefined when not configured. */
  oidc: OidcConfig | undefined;
  /** False: password sign-in is refused (403). */
  passwordLogin: boolean;
}>;

export type OidcConfig = Readonly<{
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
  hsaIdClaim: string;
  scope: string;
  clockSkewSeconds: number;
}>;

/**
 * Connections per api instance when not configured: about twice the cores, the size at which
 * PostgreSQL does the most work (more backends than that contend for the same cores and index
 * pages). Measured in the triage bench on two cores: 20 connections cost 1.2-1.4 ms of database
 * CPU per submission, 6 cost 0.87-0.92 ms.
 */
export function defaultPoolSize(cores = availableParallelism()): number {
  return Math.min(20, Math.max(4, 2 * cores + 2));
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The one place that reads configuration from the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = new Set(Object.keys(envSchema.shape));
  const problems: string[] = [];
  for (const name of Object.keys(env)) {
    if (!known.has(name) && OWNED_PREFIXES.some((p) => name.startsWith(p))) {
      problems.push(`${name}: unknown setting`);
    }
  }
  const livekitSet = ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'].filter((n) => env[n]);
  if (livekitSet.length !== 0 && livekitSet.length !== 3) {
    problems.push('LIVEKIT_URL: LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set together');
  }
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || 'environment'}: ${issue.message}`);
  }
  if ((env.OIDC_ISSUER ? 1 : 0) + (env.OIDC_CLIENT_ID ? 1 : 0) === 1) {
    problems.push('OIDC_ISSUER: OIDC_ISSUER and OIDC_CLIENT_ID must be set together');
  }
  if (env.PASSWORD_LOGIN === 'off' && !env.OIDC_ISSUER) {
    problems.push('PASSWORD_LOGIN: off needs OIDC_ISSUER and OIDC_CLIENT_ID, or nobody can sign in');
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE ?? defaultPoolSize(),
    demoPassword: e.DEMO_PASSWORD,
    demoData: e.DEMO_DATA ?? e.DATABASE_URL === undefined,
    livekit:
      e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
        ? { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET }
        : undefined,
    redisUrl: e.REDIS_URL,
    trustedProxies: e.TRUSTED_PROXIES,
    loginBackoffSeconds: e.LOGIN_BACKOFF_SECONDS,
    logLevel: e.LOG_LEVEL,
    authTokenSecret: e.AUTH_TOKEN_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    sessionIdleSeconds: e.AUTH_SESSION_IDLE_MINUTES * 60,
    sessionAbsoluteSeconds: e.AUTH_SESSION_ABSOLUTE_HOURS * 3600,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
    writeRatePerMinute: e.WRITE_RATE_PER_MINUTE,
    previewRatePerMinute: e.PREVIEW_RATE_PER_MINUTE,
    readRatePerMinute: e.READ_RATE_PER_MINUTE,
    iceServers: e.ICE_SERVERS,
    webDistDir: e.WEB_DIST_DIR,
    visitJoinOpensMinutes: e.VISIT_JOIN_OPENS_MINUTES,
    visitReminderHours: e.VISIT_REMINDER_HOURS,
    noShowAfterMinutes: e.NO_SHOW_AFTER_MINUTES,
    jobIntervalSeconds: e.JOB_INTERVAL_SECONDS,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    sms: e.SMS_GATEWAY_URL
      ? { url: e.SMS_GATEWAY_URL, user: e.SMS_GATEWAY_USER, password: e.SMS_GATEWAY_PASSWORD, sender: e.SMS_SENDER }
      : undefined,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : undefined,
    mailFrom: e.MAIL_FROM,
    patientLinkRatePerMinute: e.PATIENT_LINK_RATE_PER_MINUTE,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID
        ? Object.freeze({
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            redirectUri:
              e.OIDC_REDIRECT_URI ?? `${(e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')}/api/v1/auth/oidc/callback`,
            hsaIdClaim: e.OIDC_HSA_ID_CLAIM,
            scope: e.OIDC_SCOPE,
            clockSkewSeconds: e.OIDC_CLOCK_SKEW_SECONDS,
          })
        : undefined,
    passwordLogin: e.PASSWORD_LOGIN === 'on',
  });
}
