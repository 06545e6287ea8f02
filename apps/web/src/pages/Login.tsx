import { type FormEvent, useEffect, useState } from 'react';
import { api, type ApiFailure, type Schemas, session, type SignIn, type User } from '../api';
import { useT } from '../i18n';

export function Login({ onSignedIn }: { onSignedIn: (u: User) => void }) {
  const { t, lang } = useT();
  // The api answers how long to wait (a back-off, never a lock): say it, and the clock time it ends.
  const tooManyMessage = (failure: ApiFailure): string => {
    const seconds = Number(failure.body.retryAfterSeconds);
    if (!Number.isFinite(seconds) || seconds <= 0) return t('tooMany');
    const wait = seconds < 120 ? `${Math.ceil(seconds)} ${t('seconds')}` : `${Math.ceil(seconds / 60)} ${t('minutes')}`;
    const time = new Date(Date.now() + seconds * 1000).toLocaleTimeString(lang === 'sv' ? 'sv-SE' : 'en-GB', {
      hour: '2-digit',
      minute: '2-digit',
    });
    return t('tooManyUntil').replace('{wait}', wait).replace('{time}', time);
  };
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  // What this installation offers (GET /auth/methods): the region's IdP (SITHS), passwords, or both.
  const [methods, setMethods] = useState<{ password: boolean; oidc: boolean } | null>(null);
  useEffect(() => {
    api<Schemas['SignInMethods']>('GET', '/auth/methods')
      .then(setMethods)
      .catch(() => setMethods({ password: true, oidc: false }));
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const res = await api<SignIn>('POST', '/auth/login', { username, password });
      session.set(res.accessToken, res.expiresAt);
      onSignedIn(res.user);
    } catch (err) {
      const failure = err as ApiFailure;
      setError(
        failure.status === 429
          ? tooManyMessage(failure)
          : failure.body?.code === 'password_login_off'
            ? t('passwordLoginOff')
            : t('wrongLogin'),
      );
    }
  };
  const passwords = methods?.password !== false;
  return (
    <form className="card login" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t('signIn')}</h1>
      {methods?.oidc && (
        <>
          <p>
            {/* A full navigation: the api sends the browser on to the IdP and back (GET /auth/oidc/login). */}
            <button
              className="primary"
              type="button"
              data-testid="sign-in-siths"
              onClick={() => location.assign('/api/v1/auth/oidc/login')}
            >
              {t('signInSiths')}
            </button>
          </p>
          <p className="muted">{t('signInSithsHelp')}</p>
          {passwords && <h2>{t('signInWithPassword')}</h2>}
        </>
      )}
      {passwords && (
        <>
          <label htmlFor="username">{t('username')}</label>
          <input id="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          <label htmlFor="password">{t('password')}</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <p>
            <button className="primary" type="submit">
              {t('signIn')}
            </button>
          </p>
        </>
      )}
    </form>
  );
}
