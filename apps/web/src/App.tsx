import { lazy, Suspense, useEffect, useState } from 'react';
import { api, session, type User } from './api';
import { type Lang, LangContext, translate, useT } from './i18n';
import { Login } from './pages/Login';
import { SignInRefused } from './pages/SignInRefused';
import { closeRealtime } from './realtime';
import { confirmLeave, Link, navigate, useRoute } from './router';
import { useProfession } from './components/useProfession';

// Each role's pages are their own chunks (#17.7): a nurse never downloads the admin's editor and
// reports, and only a video visit loads its video code.
// The password form carries the list of 10 000 common passwords: loaded when it is opened.
const ChangePassword = lazy(() => import('./pages/ChangePassword').then((m) => ({ default: m.ChangePassword })));
const Admin = lazy(() => import('./pages/Admin').then((m) => ({ default: m.Admin })));
const Nurse = lazy(() => import('./pages/Nurse').then((m) => ({ default: m.Nurse })));
const Specialist = lazy(() => import('./pages/Specialist').then((m) => ({ default: m.Specialist })));
const VisitPage = lazy(() => import('./pages/Visit').then((m) => ({ default: m.VisitPage })));
const Referrals = lazy(() => import('./pages/Referrals').then((m) => ({ default: m.Referrals })));
const Training = lazy(() => import('./pages/Training').then((m) => ({ default: m.Training })));
const Rollout = lazy(() => import('./pages/Rollout').then((m) => ({ default: m.Rollout })));
const Evaluation = lazy(() => import('./pages/Evaluation').then((m) => ({ default: m.Evaluation })));

export function App() {
  const [lang, setLangState] = useState<Lang>((localStorage.getItem('lang') as Lang) ?? 'sv');
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  // Client routes (router.tsx): `#/` and `#/<tab>/...` are the role's home and its tabs, `#/visit/<id>` a
  // video visit, `#/training/<key>`, `#/rollout`, `#/referrals`, `#/password` their pages.
  const route = useRoute().path;
  const setLang = (l: Lang) => {
    localStorage.setItem('lang', l);
    document.documentElement.lang = l;
    setLangState(l);
  };

  useEffect(() => {
    session.onUnauthorized(() => {
      session.set(null);
      closeRealtime();
      setUser(null);
    });
    // A reload keeps the session: this tab's token, or a new one from the session's refresh cookie.
    session
      .restore()
      .then((token) => (token ? api<User>('GET', '/auth/me').then(setUser) : undefined))
      .catch(() => session.set(null))
      .finally(() => setReady(true));
  }, []);

  // After sign-in focus moves to the page's heading, not the body (#17.8): a screen reader says where she is.
  useEffect(() => {
    if (user) document.getElementById('page-title')?.focus();
  }, [user?.id]);

  const signOut = async (everywhere = false) => {
    // Signing out clears the tab's unsent forms: every guard is asked, even those an in-app move keeps.
    if (!confirmLeave(true)) return;
    await api('POST', everywhere ? '/auth/logout-everywhere' : '/auth/logout').catch(() => undefined);
    // Signing out on purpose leaves no unsent form with patient data in the tab (an expired session keeps it).
    for (const k of Object.keys(sessionStorage)) if (k.startsWith('ledtriage.triageDraft.')) sessionStorage.removeItem(k);
    session.set(null);
    closeRealtime();
    setUser(null);
    navigate('/', { force: true });
  };

  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <Header user={user} onSignOut={signOut} />
      <main id="main" tabIndex={-1}>
        {user && <PageHeading user={user} route={route} />}
        <Suspense fallback={<PageLoading />}>
          {!ready ? null : !user && route === '/sign-in-refused' ? (
            <SignInRefused />
          ) : !user ? (
            <Login onSignedIn={setUser} />
          ) : route === '/password' ? (
            <ChangePassword user={user} />
          ) : route === '/referrals' ? (
            <Referrals user={user} />
          ) : route.startsWith('/visit/') ? (
            <VisitPage visitId={decodeURIComponent(route.slice(7))} user={user} />
          ) : route.startsWith('/training/') && user.role === 'nurse' ? (
            <Training pathwayKey={decodeURIComponent(route.slice(10))} />
          ) : route === '/evaluation' && user.role === 'admin' ? (
            <Evaluation />
          ) : route === '/rollout' && user.role === 'admin' ? (
            <Rollout />
          ) : user.role === 'nurse' ? (
            <Nurse user={user} />
          ) : user.role === 'specialist' ? (
            <Specialist user={user} />
          ) : (
            <Admin user={user} />
          )}
        </Suspense>
      </main>
    </LangContext.Provider>
  );
}

function Header({ user, onSignOut }: { user: User | null; onSignOut: (everywhere?: boolean) => void }) {
  const { t, lang } = useT();
  const profession = useProfession(user);
  const route = useRoute().path;
  // The skip link moves focus without touching the URL (a `#main` hash would replace the route).
  const skip = (e: { preventDefault: () => void }) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };
  return (
    <header className="top">
      <a className="skip" href="#main" onClick={skip}>
        {lang === 'sv' ? 'Hoppa till innehållet' : 'Skip to content'}
      </a>
      <div className="brand">
        <strong>{t('appName')}</strong> <span className="muted">{t('tagline')}</span>
      </div>
      <LangSwitch />
      {user && (
        <div className="who">
          <span>
            {user.displayName} ·{' '}
            {(profession && profession[lang]) ||
              translate(lang, user.role === 'nurse' ? 'roleNurse' : user.role === 'specialist' ? 'roleSpecialist' : 'roleAdmin')}
          </span>
          <Link className="link" to={route === '/referrals' ? '/' : '/referrals'}>
            {route === '/referrals' ? t('backToStart') : t('fedReferrals')}
          </Link>
          {user.role === 'admin' && (
            <Link className="link" to={route === '/rollout' ? '/' : '/rollout'}>
              {route === '/rollout' ? t('backToStart') : t('rolloutBoard')}
            </Link>
          )}
          {user.role === 'admin' && (
            <Link className="link" to={route === '/evaluation' ? '/' : '/evaluation'}>
              {route === '/evaluation' ? t('backToStart') : t('evLink')}
            </Link>
          )}
          <Link className="link" to="/password">
            {t('changePassword')}
          </Link>
          <button className="link" onClick={() => onSignOut()}>
            {t('signOut')}
          </button>
          <button className="link" onClick={() => onSignOut(true)}>
            {t('signOutEverywhere')}
          </button>
        </div>
      )}
    </header>
  );
}

/** Every signed-in page has one level-one heading, for screen readers' heading navigation (#17.5). */
function PageHeading({ user, route }: { user: User; route: string }) {
  const { t } = useT();
  const role = t(user.role === 'nurse' ? 'roleNurse' : user.role === 'specialist' ? 'roleSpecialist' : 'roleAdmin');
  const page =
    route === '/password'
      ? t('changePassword')
      : route === '/referrals'
        ? t('fedReferrals')
        : route.startsWith('/visit/')
          ? t('videoVisit')
          : role;
  return (
    <h1 className="sr-only" id="page-title" tabIndex={-1}>
      {`${t('appName')}: ${page}`}
    </h1>
  );
}

function PageLoading() {
  const { t } = useT();
  return (
    <p className="muted" role="status">
      {t('loading')}
    </p>
  );
}

function LangSwitch() {
  return (
    <LangContext.Consumer>
      {({ lang, setLang }) => (
        <div className="lang" role="group" aria-label={translate(lang, 'language')}>
          <button aria-pressed={lang === 'sv'} onClick={() => setLang('sv')}>
            Svenska
          </button>
          <button aria-pressed={lang === 'en'} onClick={() => setLang('en')}>
            English
          </button>
        </div>
      )}
    </LangContext.Consumer>
  );
}
