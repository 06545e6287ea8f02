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

/** POST …/publish naming the draft's current revision. */
export async function publishDraft(t: TestApp, token: string, key: string): Promise<HttpResponse> {
  const draft = await t.http('GET', `/pathways/${key}/draft`, { token });
  return t.http('POST', `/pathways/${key}/publish`, { token, body: { revision: draft.body?.revision ?? 1 } });
}
