/** The one typed client of the api (`/api/v1`); errors arrive as ApiFailure with the contract's details. */
export interface Text {
  sv: string;
  en: string;
}
export type Role = 'nurse' | 'specialist' | 'admin';
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  healthCentreId: string | null;
  clinicId: string | null;
  regionId: string;
}
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
let onUnauthorized: () => void = () => undefined;

export const session = {
  get token() {
    return token;
  },
  set(t: string | null) {
    token = t;
    if (t) sessionStorage.setItem('token', t);
    else sessionStorage.removeItem('token');
  },
  onUnauthorized(f: () => void) {
    onUnauthorized = f;
  },
};

export async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login') onUnauthorized();
    throw new ApiFailure(res.status, data?.message ?? res.statusText, data?.details ?? [], data ?? {});
  }
  return data as T;
}

export interface Question {
  id: string;
  type: 'integer' | 'decimal' | 'boolean' | 'choice' | 'text';
  label: Text;
  help?: Text;
  min?: number;
  max?: number;
  options?: Array<{ value: string; label: Text }>;
  maxLength?: number;
  required: boolean;
  shownWhen?: unknown;
  prefill?: 'patient.ageYears';
}
export interface Category {
  key: string;
  label: Text;
  order: number;
  dueInDays: number | null;
  bookable: boolean;
  instruction?: Text;
}
export interface PathwayDefinition {
  key: string;
  version: number;
  title: Text;
  questions: Question[];
  categories: Category[];
  [more: string]: unknown;
}
/** The preview of answers that may be incomplete (POST /pathways/{key}/evaluate). */
export interface Evaluation {
  /** Every shown required question is answered. */
  complete: boolean;
  /** The answers given decide the category, whatever the open questions will say. */
  decided: boolean;
  /** The outcome when complete or decided (the case can be sent); null otherwise. */
  category: string | null;
  dueInDays: number | null;
  score: number;
  /** Decided so far. */
  reasons: Array<{ ruleId: string; text: Text }>;
  bookable: boolean;
  instruction?: Text;
  /** Unanswered questions whose answer could still change the outcome. */
  stillMatter: string[];
  missing: string[];
}
export interface Patient {
  id: string;
  personnummer: string;
  name: string;
  healthCentreId: string;
  ageYears: number;
}
export interface TriageCase {
  id: string;
  patientId: string;
  patientName?: string;
  pathwayKey: string;
  category: string;
  dueDate: string | null;
  overdue: boolean;
  score: number;
  reasons: Array<{ ruleId: string; text: Text }>;
  status: string;
  instruction?: Text;
  triagedAt: string;
}
export interface Slot {
  id: string;
  start: string;
  end: string;
  healthCentreId: string;
  specialist: { id: string; displayName: string };
  mode: string;
}
export interface QueueItem {
  rank: number;
  caseId: string;
  category: string;
  dueDate: string;
  overdue: boolean;
  score: number;
  reasons: Array<{ ruleId: string; text: Text }>;
  flags: string[];
  patient: { id: string; name: string; age: number };
  healthCentre: { id: string; name: string };
  triagedAt: string;
}
export interface VisitSummary {
  id: string;
  status: string;
  start: string;
  patient: { id: string; name: string };
  category: string;
  healthCentre: { id: string; name: string };
}
