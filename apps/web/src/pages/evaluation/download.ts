import { ApiFailure, session } from '../../api';

/**
 * Downloads what an api route answers as a file (the CSV or JSON of a report or an evaluation): fetched with
 * the session's token and the media type asked for, saved under the name the server gives or `fallbackName`.
 */
export async function downloadFile(path: string, accept: string, fallbackName: string): Promise<void> {
  const res = await fetch(`/api/v1${path}`, {
    headers: { accept, ...(session.token ? { authorization: `Bearer ${session.token}` } : {}) },
  });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new ApiFailure(res.status, body.message ?? res.statusText, body.details ?? [], body);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
