import { useEffect, useState } from 'react';
import type { Schemas } from '../api';
import { formatDateTime, type Key, type Lang, translate } from '../i18n';
import '../patient-link.css';

/**
 * The patient's own page, `/p/<token>` (issue 22): no sign-in, the link is the credential. Swedish first,
 * large text, one question at a time: confirm, cancel, or another time. It shows the time, the place and
 * what to bring, nothing else.
 */
type LinkView = Schemas['PatientLinkVisit'];
type FreeTime = Schemas['PatientLinkTime'];

class LinkError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function call<T>(token: string, method: 'GET' | 'POST', suffix = '', body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1/p/${encodeURIComponent(token)}${suffix}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    // The token is in the path: never send it on as a referrer.
    referrerPolicy: 'no-referrer',
  });
  if (!res.ok) throw new LinkError(res.status);
  return (await res.json()) as T;
}

export function PatientLinkPage({ token }: { token: string }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('lang') === 'en' ? 'en' : 'sv'));
  const t = (key: Key) => translate(lang, key);
  const [view, setView] = useState<LinkView | null>(null);
  const [error, setError] = useState<Key | null>(null);
  const [step, setStep] = useState<'main' | 'cancel' | 'times' | 'wish'>('main');
  const [times, setTimes] = useState<FreeTime[] | null>(null);
  const [message, setMessage] = useState<Key | null>(null);
  const [wish, setWish] = useState('');
  const [busy, setBusy] = useState(false);
  // Reading the link again after a failure (a retry button, issue 17).
  const [attempt, setAttempt] = useState(0);

  const setLang = (l: Lang) => {
    localStorage.setItem('lang', l);
    document.documentElement.lang = l;
    setLangState(l);
  };
  const byStatus: Record<number, Key> = { 404: 'plNotFound', 410: 'plExpired', 429: 'plTooMany' };
  const fail = (e: unknown) => setError((e instanceof LinkError && byStatus[e.status]) || 'plFailed');
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    document.title = translate(lang, 'plTitle');
    setError(null);
    call<LinkView>(token, 'GET').then(setView, fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token, attempt]);

  const when = (v: { start: string; when: string }) => (lang === 'sv' ? v.when : formatDateTime(v.start, 'en'));

  return (
    <main className="patient-link" id="main">
      <div className="lang" role="group" aria-label={t('language')}>
        <button type="button" aria-pressed={lang === 'sv'} onClick={() => setLang('sv')} lang="sv">
          Svenska
        </button>
        <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en">
          English
        </button>
      </div>
      <h1>{t('plTitle')}</h1>
      {error && (
        <p role="alert" className="pl-error">
          {t(error)}
          {/* A link that could not be read for a passing reason (not an unknown or expired one) can be tried again. */}
          {!view && (error === 'plFailed' || error === 'plTooMany') && (
            <>
              {' '}
              <button type="button" onClick={() => setAttempt((n) => n + 1)}>
                {t('retry')}
              </button>
            </>
          )}
        </p>
      )}
      {!view && !error && (
        <p role="status" data-testid="loading">
          {t('loading')}
        </p>
      )}
      {view && (
        <>
          <p>{t('plIntro')}</p>
          <dl className="pl-facts">
            <dt>{t('plWhen')}</dt>
            <dd data-testid="pl-when">{when(view)}</dd>
            <dt>{t('plWhere')}</dt>
            <dd>
              {view.place.name}
              {view.place.address && (
                <>
                  <br />
                  {view.place.address}
                </>
              )}
            </dd>
            {view.place.phone && (
              <>
                <dt>{t('plPhone')}</dt>
                <dd>
                  <a href={`tel:${view.place.phone.replace(/[^0-9+]/g, '')}`}>{view.place.phone}</a>
                </dd>
              </>
            )}
          </dl>
          {message && (
            <p role="status" className="pl-done">
              {t(message)}
            </p>
          )}
          {view.state === 'cancelled' && (
            <p role="status" className="pl-done">
              {t('plCancelled')}
            </p>
          )}
          {view.state === 'over' && <p role="status">{t('plOver')}</p>}
          {view.state === 'scheduled' && view.confirmedAt && !message && <p className="pl-done">{t('plConfirmed')}</p>}
          {view.state === 'scheduled' && view.wish && !message && <p className="pl-done">{t('plWished')}</p>}
          {view.canChange && step === 'main' && (
            <div className="pl-actions">
              {!view.confirmedAt && (
                <button
                  type="button"
                  className="pl-primary"
                  disabled={busy}
                  onClick={() =>
                    act(async () => {
                      setView(await call<LinkView>(token, 'POST', '/confirm'));
                      setMessage('plConfirmed');
                    })
                  }
                >
                  {t('plConfirm')}
                </button>
              )}
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    setTimes(await call<FreeTime[]>(token, 'GET', '/times'));
                    setStep('times');
                    setMessage(null);
                  })
                }
              >
                {t('plOtherTime')}
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  setStep('cancel');
                  setMessage(null);
                }}
              >
                {t('plCancel')}
              </button>
            </div>
          )}
          {view.canChange && step === 'cancel' && (
            <div className="pl-actions">
              <p>{t('plCancelAsk')}</p>
              <button
                type="button"
                className="pl-primary"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    setView(await call<LinkView>(token, 'POST', '/cancel'));
                    setStep('main');
                  })
                }
              >
                {t('plCancelYes')}
              </button>
              <button type="button" disabled={busy} onClick={() => setStep('main')}>
                {t('plCancelNo')}
              </button>
            </div>
          )}
          {view.canChange && step === 'times' && times && (
            <section aria-labelledby="pl-times">
              <h2 id="pl-times">{t('plFreeTimes')}</h2>
              {times.length === 0 && <p>{t('plNoTimes')}</p>}
              <ul className="pl-times">
                {times.map((s) => (
                  <li key={s.slotId}>
                    <span>{when(s)}</span>
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`${t('plChoose')} ${when(s)}`}
                      onClick={() =>
                        act(async () => {
                          setView(await call<LinkView>(token, 'POST', '/rebook', { slotId: s.slotId }));
                          setStep('main');
                          setMessage('plRebooked');
                        })
                      }
                    >
                      {t('plChoose')}
                    </button>
                  </li>
                ))}
              </ul>
              <button type="button" disabled={busy} onClick={() => setStep('wish')}>
                {t('plNoneSuits')}
              </button>{' '}
              <button type="button" disabled={busy} onClick={() => setStep('main')}>
                {t('plCancelNo')}
              </button>
            </section>
          )}
          {view.canChange && step === 'wish' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void act(async () => {
                  setView(await call<LinkView>(token, 'POST', '/wish', wish.trim() ? { message: wish.trim() } : {}));
                  setStep('main');
                  setMessage('plWished');
                });
              }}
            >
              <label htmlFor="pl-wish">{t('plWishLabel')}</label>
              <textarea id="pl-wish" maxLength={500} rows={3} value={wish} onChange={(e) => setWish(e.target.value)} />
              <button type="submit" className="pl-primary" disabled={busy}>
                {t('plWishSend')}
              </button>
            </form>
          )}
          <h2>{t('plBring')}</h2>
          <ul className="pl-bring">
            {view.bring.map((b) => (
              <li key={b.sv}>{b[lang]}</li>
            ))}
          </ul>
          {view.place.phone && (
            <p>
              {t('plQuestions')} {view.place.phone}
            </p>
          )}
        </>
      )}
    </main>
  );
}
