import { FormEvent, useState } from 'react';
import { api, ApiFailure, session, User } from '../api';
import { useT } from '../i18n';

export function Login({ onSignedIn }: { onSignedIn: (u: User) => void }) {
  const { t } = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const res = await api<{ accessToken: string; user: User }>('POST', '/auth/login', { username, password });
      session.set(res.accessToken);
      onSignedIn(res.user);
    } catch (err) {
      setError((err as ApiFailure).status === 429 ? t('tooMany') : t('wrongLogin'));
    }
  };
  return (
    <form className="card login" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t('signIn')}</h1>
      <label htmlFor="username">{t('username')}</label>
      <input id="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      <label htmlFor="password">{t('password')}</label>
      <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
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
    </form>
  );
}
