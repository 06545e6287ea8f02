import { login, secondAdmin } from './factories';
import type { HttpResponse, TestApp } from './test-app';

/**
 * Draft saves and publishing as the editor does them (issue 15, #12): a save names the ETag it edited
 * (If-Match), a publish names the draft revision it reviewed.
 */
export async function draftRevision(t: TestApp, token: string, key: string): Promise<number> {
  const draft = await t.http('GET', `/pathways/${key}/draft`, { token });
  if (draft.status === 200) return draft.body.revision as number;
  // No draft open: a new one starts from the published version.
  const published = await t.http('GET', `/pathways/${key}`, { token });
  if (published.status !== 200) throw new Error(`no draft and no published version of ${key}: ${published.status}`);
  return published.body.revision as number;
}

/** PUT …/draft with If-Match set to the current revision. */
export async function saveDraft(t: TestApp, token: string, key: string, body: unknown): Promise<HttpResponse> {
  const revision = await draftRevision(t, token, key);
  return t.http('PUT', `/pathways/${key}/draft`, { token, body, headers: { 'if-match': `"${revision}"` } });
}

export interface PublishOptions {
  /** The token of whoever approves the draft; by default a second administrator of the pathway's region (created once). */
  approver?: string;
  /** More of the publish body, e.g. `{ effectiveFrom }`. */
  body?: Record<string, unknown>;
}

/** A test app, or another installation a test starts (test/support/second-installation.ts). */
type Api = Pick<TestApp, 'http' | 'db'>;

const approverTokens = new WeakMap<Api, Map<string, string>>();

/**
 * Publishes the draft as the editor and a second person do it (issue 20: every publication is signed off):
 * the author (`token`) submits it, the approver approves it, the author publishes it naming the draft's current
 * revision. A draft already submitted is only approved, one approved at its current revision only published.
 * A refusal of the submit (no draft, another region's pathway, ...) is returned as it is, so a test can check it;
 * a refused approval throws, naming it (pass `{ approver }` where the region signs off by named reviewers).
 */
export async function publishDraft(t: Api, token: string, key: string, options: PublishOptions = {}): Promise<HttpResponse> {
  const publish = (revision: number) => t.http('POST', `/pathways/${key}/publish`, { token, body: { revision, ...options.body } });
  const draft = await t.http('GET', `/pathways/${key}/draft`, { token });
  if (draft.status !== 200) return publish(1);
  const review = draft.body.review as { reviewState: string; reviewedRevision: number | null; author: { userId: string } | null };
  const revision = draft.body.revision as number;
  if (review.reviewState === 'approved' && review.reviewedRevision === revision) return publish(revision);
  // The approver exists before the submit, which refuses a draft nobody but its author could approve.
  const me = (await t.http('GET', '/auth/me', { token })).body as { id?: string };
  const approver = options.approver ?? (await secondAdminToken(t, key, [review.author?.userId ?? null, me.id ?? null]));
  if (review.reviewState !== 'submitted') {
    const submitted = await t.http('POST', `/pathways/${key}/draft/submit`, { token, body: { comment: 'Test: granska' } });
    if (submitted.status !== 200) return submitted;
  }
  const approved = await t.http('POST', `/pathways/${key}/draft/approve`, { token: approver, body: {} });
  if (approved.status !== 200) {
    throw new Error(`publishDraft: approving ${key} answered ${approved.status} ${JSON.stringify(approved.body)}; pass { approver }`);
  }
  return publish(revision);
}

/** A signed-in second administrator of the pathway's region who is not its author (see factories' `secondAdmin`). */
async function secondAdminToken(t: Api, key: string, authors: Array<string | null>): Promise<string> {
  const {
    rows: [pathway],
  } = await t.db.query('SELECT owner_region_id AS region FROM pathway WHERE key = $1', [key]);
  if (!pathway?.region) throw new Error(`publishDraft: ${key} has no owner region`);
  const user = await secondAdmin(t.db, pathway.region as string, authors);
  const cache = approverTokens.get(t) ?? new Map<string, string>();
  approverTokens.set(t, cache);
  const token = cache.get(user.id) ?? (await login(t as TestApp, user.username));
  cache.set(user.id, token);
  return token;
}
