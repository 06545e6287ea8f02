import { type DependencyList, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure } from '../api';
import { type Key, useT } from '../i18n';

/** A read from the api as the screen sees it: not yet known, known, or failed (never "empty" unless it is). */
export interface Load<T> {
  data: T | undefined;
  error: Error | null;
  /** A request is in flight (the first one, or a refresh while older data is shown). */
  loading: boolean;
  reload: () => void;
}

/**
 * The one way a screen reads a list or a record: explicit loading and error states, and only the latest
 * request's answer is kept, so a slow old answer never overwrites a newer one (a socket event and a filter
 * change can race). `fetcher` runs again when `deps` change and on `reload()`.
 */
export function useLoad<T>(fetcher: () => Promise<T>, deps: DependencyList): Load<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const latest = useRef(0);
  const run = useCallback(fetcher, deps);
  const reload = useCallback(() => {
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => id === latest.current && setState({ data, error: null, loading: false }),
      // A failed refresh drops what was shown: stale rows under an error would look current.
      (e: unknown) => {
        if (id !== latest.current) return;
        setState({ data: undefined, error: e instanceof Error ? e : new Error(String(e)), loading: false });
      },
    );
  }, [run]);
  useEffect(() => {
    reload();
    // A request that answers after the screen is gone is ignored.
    return () => {
      latest.current++;
    };
  }, [reload]);
  return { ...state, reload };
}

/** Why a read failed, in the user's words: no contact, no permission, or the server's own message. */
export function failureText(error: unknown, t: (k: Key) => string): string {
  if (!(error instanceof ApiFailure)) return t('loadNoContact');
  if (error.status === 401 || error.status === 403) return t('loadForbidden');
  if (error.status >= 500) return t('loadServerError');
  return error.message;
}

/** The error box of a read that failed: what could not be read, why, and a retry. */
export function LoadError({ what, error, onRetry }: { what: Key; error: unknown; onRetry: () => void }) {
  const { t } = useT();
  return (
    <div className="error" role="alert" data-testid="load-error">
      <strong>{t(what)}</strong> {failureText(error, t)}{' '}
      <button type="button" className="secondary" onClick={onRetry}>
        {t('retry')}
      </button>
    </div>
  );
}

/**
 * Renders a read in its three states: loading, failed (`failed` names what, with a retry), or the data;
 * `empty` is shown only when the read succeeded and `isEmpty` says so.
 */
export function Loaded<T>({
  load,
  failed,
  empty,
  isEmpty = (d) => Array.isArray(d) && d.length === 0,
  children,
}: {
  load: Load<T>;
  failed: Key;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { t } = useT();
  if (load.error) return <LoadError what={failed} error={load.error} onRetry={load.reload} />;
  if (load.data === undefined) {
    return (
      <p className="muted" role="status" data-testid="loading">
        {t('loading')}
      </p>
    );
  }
  if (empty !== undefined && isEmpty(load.data)) return <>{empty}</>;
  return <>{children(load.data)}</>;
}
