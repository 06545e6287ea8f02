import type { components } from './api-schema';

/**
 * The one typed client of the api (`/api/v1`); errors arrive as ApiFailure with the contract's details.
 * What the server sends is typed by its OpenAPI document (api-schema.ts, generated from docs/openapi.json):
 * a server change that breaks a page fails the web's typecheck (issue 16 #5).
 */
export type Schemas = components['schemas'];

export interface Text {
  sv: string;
  en: string;
}
export type Role = Schemas['Role'];
export type User = Schemas['User'];
/** POST /auth/login and /auth/password. */
export type SignIn = Schemas['SignIn'];
export type HealthCentre = Schemas['HealthCentre'];
export type Clinic = Schemas['Clinic'];
export interface FieldProblem {
  field: string;
  reason: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let token: string | null = sessionStorage.getItem('token');
let expiresAt: number = Number(sessionStorage.getItem('tokenExpiresAt') ?? 0);
let onUnauthorized: () => void = () => undefined;
const renewedListeners = new Set<(token: string) => void>();
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<string | null> | null = null;

// The idle timeout is about the person, not the tab: the refresh tells the server how long since the last input.
let lastInput = Date.now();
for (const event of ['pointerdown', 'keydown', 'wheel', 'touchstart']) {
  addEventListener(event, () => (lastInput = Date.now()), { capture: true, passive: true });
}

/**
 * The access token lives in memory (and this tab's sessionStorage); the session's refresh token is an
 * httpOnly cookie the page cannot read, sent only to /auth/refresh. The token is renewed a little before
 * it expires, and a request that meets an expired token is renewed and sent again (issue 18, #3, #4).
 */
export const session = {
  get token() {
    return token;
  },
  get expiresAt() {
    return expiresAt;
  },
  set(t: string | null, expires?: string) {
    token = t;
    expiresAt = t && expires ? Date.parse(expires) : 0;
    clearTimeout(renewTimer);
    if (t) {
      sessionStorage.setItem('token', t);
      sessionStorage.setItem('tokenExpiresAt', String(expiresAt));
      scheduleRenewal();
    } else {
      sessionStorage.removeItem('token');
      sessionStorage.removeItem('tokenExpiresAt');
    }
  },
  onUnauthorized(f: () => void) {
    onUnauthorized = f;
  },
  /** Called with every renewed token (the socket hands it on to the server). */
  onRenewed(f: (token: string) => void): () => void {
    renewedListeners.add(f);
    return () => renewedListeners.delete(f);
  },
  /** After a reload: this tab's token if still good, else a new one from the session cookie; null when signed out. */
  async restore(): Promise<string | null> {
    if (token && expiresAt > Date.now() + 1000) {
      scheduleRenewal();
      return token;
    }
    return renew();
  },
  renew: () => renew(),
};

function scheduleRenewal(): void {
  clearTimeout(renewTimer);
  if (!expiresAt) return;
  const left = expiresAt - Date.now();
  // A minute early for the usual 15-minute token, a third of it early for a short one.
  renewTimer = setTimeout(() => void renew(), Math.max(500, left - Math.min(60_000, left / 3)));
}

/** One renewal at a time in this tab, and across the browser's tabs (they share the cookie, which each use spends). */
function renew(): Promise<string | null> {
  if (!renewing) {
    const locked = navigator.locks ? navigator.locks.request('ledtriage-refresh', () => refreshNow()) : refreshNow();
    const run = locked as Promise<string | null>;
    renewing = run.finally(() => (renewing = null));
  }
  return renewing;
}

async function refreshNow(): Promise<string | null> {
  try {
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-ledtriage-refresh': '1' },
      body: JSON.stringify({ idleSeconds: Math.floor((Date.now() - lastInput) / 1000) }),
    });
    if (!res.ok) {
      if (res.status === 401) session.set(null);
      return null;
    }
    const body = (await res.json()) as { accessToken: string; expiresAt: string };
    session.set(body.accessToken, body.expiresAt);
    for (const f of renewedListeners) f(body.accessToken);
    return body.accessToken;
  } catch {
    // Offline for a moment: try again shortly, the token may still have time left.
    if (token) renewTimer = setTimeout(() => void renew(), 5000);
    return null;
  }
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const send = () =>
    fetch(`/api/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let res = await send();
  // An expired token is renewed and the request sent again, so nothing the user sent is lost to the expiry.
  if (res.status === 401 && !path.startsWith('/auth/login') && (await renew())) res = await send();
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login') onUnauthorized();
    throw new ApiFailure(res.status, data?.message ?? res.statusText, data?.details ?? [], data ?? {});
  }
  return data as T;
}

/** A published pathway's definition (GET /pathways/{key}). */
export type PathwayDefinition = Schemas['PublishedPathway'];
export type Question = PathwayDefinition['questions'][number];
export type Category = PathwayDefinition['categories'][number];
/** The preview of answers that may be incomplete (POST /pathways/{key}/evaluate). */
export type Evaluation = Schemas['PathwayAssessment'];
export type Patient = Schemas['Patient'];
/** A triage case (POST /triage-cases, GET /triage-cases/{id}; the list adds its booking: ListedTriageCase). */
export type TriageCase = Schemas['TriageCase'];
export type ListedTriageCase = Schemas['ListedTriageCase'];
/** A free or booked time of a clinic session (GET /slots). */
export type Slot = Schemas['Slot'];
/** One case of a pathway's ranked queue (GET /queue: a QueuePage). */
export type QueueItem = Schemas['QueueItem'];
export type QueuePage = Schemas['QueuePage'];
/** A visit in the lists (GET /visits). */
export type VisitSummary = Schemas['ListedVisit'];
/** One visit with its case, patient and people (GET /visits/{id}). */
export type Visit = Schemas['Visit'];
