import { useState } from 'react';
import { api, type Schemas } from '../api';
import { formatDateTime, useT } from '../i18n';
import { ErrorBox } from './ErrorBox';
import { Loaded, useLoad } from './useLoad';

/** What the feed shows: GET /calendar/feed, or what creating or renewing answered (with the path, shown once). */
type FeedInfo = Schemas['CalendarFeedInfo'] & Partial<Pick<Schemas['CalendarFeedCreated'], 'path'>>;

/**
 * The user's secret calendar feed URL, for subscribing from a calendar application. The server keeps
 * only a hash of it, so the URL is shown once, right after it is created or renewed.
 */
export function CalendarFeedLink() {
  const { t, lang } = useT();
  const load = useLoad(() => api<Schemas['CalendarFeedInfo']>('GET', '/calendar/feed'), []);
  // What renewing or revoking answered; until then what the server said.
  const [changed, setChanged] = useState<FeedInfo | null>(null);
  const info: FeedInfo | null = changed ?? load.data ?? null;
  const setInfo = setChanged;
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const url = info?.path ? `${window.location.origin}${info.path}` : null;
  const lastUsed = info?.lastUsedAt ? ` · ${t('feed_lastUsed')} ${formatDateTime(info.lastUsedAt, lang)}` : '';

  const renew = async () => {
    if (info?.active && !window.confirm(t('feed_renewConfirm'))) return;
    setError(null);
    setCopied(false);
    try {
      setInfo(await api<Schemas['CalendarFeedCreated']>('POST', '/calendar/feed'));
    } catch (e) {
      setError(e);
    }
  };
  const revoke = async () => {
    if (!window.confirm(t('feed_revokeConfirm'))) return;
    setError(null);
    try {
      await api('DELETE', '/calendar/feed');
      setInfo({ active: false, createdAt: null, lastUsedAt: null });
    } catch (e) {
      setError(e);
    }
  };
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin): the field is selected for Ctrl-C instead.
      (document.getElementById('calendar-feed-url') as HTMLInputElement | null)?.select();
    }
  };

  // Loading, or failed with a retry: never offered as "you have no calendar link".
  if (!info)
    return (
      <Loaded load={load} failed="loadFailed_feed">
        {() => null}
      </Loaded>
    );
  return (
    <details className="calendar-feed">
      <summary>{t('feed_heading')}</summary>
      <p className="muted">{t('feed_help')}</p>
      {url ? (
        <p>
          <label htmlFor="calendar-feed-url">{t('feed_url')}</label>{' '}
          <input id="calendar-feed-url" readOnly value={url} size={60} onFocus={(e) => e.currentTarget.select()} />{' '}
          <button type="button" onClick={copy}>
            {copied ? t('feed_copied') : t('feed_copy')}
          </button>
          <br />
          <span className="muted">{t('feed_shownOnce')}</span>
        </p>
      ) : (
        <p>{info.active ? `${t('feed_active')} ${formatDateTime(info.createdAt!, lang)}${lastUsed}.` : t('feed_none')}</p>
      )}
      <p>
        <button type="button" onClick={renew}>
          {info.active ? t('feed_renew') : t('feed_create')}
        </button>{' '}
        {info.active && (
          <button type="button" className="secondary" onClick={revoke}>
            {t('feed_revoke')}
          </button>
        )}
      </p>
      <ErrorBox error={error} />
    </details>
  );
}
