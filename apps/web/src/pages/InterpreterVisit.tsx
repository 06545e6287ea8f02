import { useEffect, useState } from 'react';
import type { Schemas } from '../api';
import { formatDateTime, type Key, type Lang, LangContext, translate } from '../i18n';
import type { JoinGrant } from '../video/call';
import { CallPanel } from '../video/CallPanel';
import { connectInterpreter } from '../video/connect';

/** What `GET /api/v1/i/{token}` shows: the time and the language, nothing about the patient. */
type LinkView = Schemas['InterpreterLink'];

class LinkError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function call<T>(token: string, method: 'GET' | 'POST', suffix = ''): Promise<T> {
  // The token is in the path: never send it on as a referrer.
  const res = await fetch(`/api/v1/i/${encodeURIComponent(token)}${suffix}`, { method, referrerPolicy: 'no-referrer' });
  if (!res.ok) throw new LinkError(res.status);
  return (await res.json()) as T;
}

const endTime = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'Europe/Stockholm', timeStyle: 'short' }).format(new Date(iso));

/** The link works once: this tab keeps the grant of its join, so a reload rejoins with the same seat. */
const grantKey = (token: string) => `ledtriage.interpreterGrant.${token.slice(0, 12)}`;
function storedGrant(token: string): JoinGrant | null {
  try {
    const g = JSON.parse(sessionStorage.getItem(grantKey(token)) ?? 'null') as (JoinGrant & { token43?: string }) | null;
    return g && g.token43 === token && (!g.seat || Date.parse(g.seat.expiresAt) > Date.now()) ? g : null;
  } catch {
    return null;
  }
}

/**
 * The interpreter's page, `<PUBLIC_BASE_URL>/i/<token>` (issue 22): no sign-in, the one-time link is the
 * credential. Swedish first, easy: the time and that it is a video interpretation at a care visit, the
 * camera check, join, who is in the call, leave. It shows no health data and nothing about the patient.
 */
export function InterpreterVisitPage({ token }: { token: string }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('lang') === 'en' ? 'en' : 'sv'));
  const t = (key: Key) => translate(lang, key);
  const [view, setView] = useState<LinkView | null>(null);
  const [problem, setProblem] = useState<Key | null>(null);
  const setLang = (l: Lang) => {
    localStorage.setItem('lang', l);
    document.documentElement.lang = l;
    setLangState(l);
  };
  const byStatus: Record<number, Key> = { 404: 'ivNotFound', 410: 'ivOver' };
  // Reading the link again after a failure (a retry button, issue 17).
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    document.title = translate(lang, 'ivTitle');
    setProblem(null);
    call<LinkView>(token, 'GET').then(setView, (e: unknown) => setProblem((e instanceof LinkError && byStatus[e.status]) || 'ivFailed'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token, attempt]);

  const connect = async (stream: MediaStream, onChange: () => void) => {
    let grant = storedGrant(token);
    if (!grant) {
      try {
        grant = await call<Schemas['InterpreterJoin']>(token, 'POST', '/join');
      } catch (e) {
        const status = e instanceof LinkError ? e.status : 0;
        throw new Error(t(status === 409 ? 'ivEarly' : status === 410 ? 'ivUsed' : (byStatus[status] ?? 'ivFailed')));
      }
      sessionStorage.setItem(grantKey(token), JSON.stringify({ ...grant, token43: token }));
    }
    return connectInterpreter(grant, stream, onChange);
  };

  const language = (code: string) => {
    try {
      return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  const usable = view && (view.state === 'open' || (view.state === 'used' && storedGrant(token)));
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <main id="main" className="interpreter-page" data-testid="interpreter-page">
        <p className="row">
          <button className="link" onClick={() => setLang(lang === 'sv' ? 'en' : 'sv')} lang={lang === 'sv' ? 'en' : 'sv'}>
            {lang === 'sv' ? 'In English' : 'På svenska'}
          </button>
        </p>
        <h1>{t('ivTitle')}</h1>
        {problem && (
          <p className="error" role="alert">
            {t(problem)}
            {!view && problem === 'ivFailed' && (
              <>
                {' '}
                <button type="button" className="secondary" onClick={() => setAttempt((n) => n + 1)}>
                  {t('retry')}
                </button>
              </>
            )}
          </p>
        )}
        {!view && !problem && (
          <p className="muted" role="status" data-testid="loading">
            {t('loading')}
          </p>
        )}
        {view && (
          <>
            <p>{t('ivIntro')}</p>
            <dl className="answers">
              <dt>{t('ivWhen')}</dt>
              <dd>
                {formatDateTime(view.start, lang)}–{endTime(view.end, lang)}
              </dd>
              <dt>{t('ivLanguage')}</dt>
              <dd>{language(view.language)}</dd>
            </dl>
            <p className="muted">{t('ivNoHealthData')}</p>
            {view.state === 'early' && (
              <p role="status">
                {t('ivEarly')} {formatDateTime(view.opensAt, lang)}.
              </p>
            )}
            {view.state === 'over' && <p role="status">{t('ivOver')}</p>}
            {view.state === 'used' && !usable && <p role="status">{t('ivUsed')}</p>}
            {(usable || view.state === 'early') && (
              <section className="card" aria-labelledby="iv-call">
                <h2 id="iv-call">{t('ivInCall')}</h2>
                <p className="muted">{t('ivSteps')}</p>
                <CallPanel connect={connect} waitingText="ivWaitingStaff" />
              </section>
            )}
          </>
        )}
      </main>
    </LangContext.Provider>
  );
}
