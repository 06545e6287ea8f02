import { type FormEvent, useState } from 'react';
import { passwordProblems } from '@libs/identity/src/core/password-policy';
import { api, ApiFailure, session, type SignIn, type User } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { useT } from '../i18n';
import { closeRealtime } from '../realtime';

/**
 * The signed-in user's own password (`#/password`, from the header). The policy is the server's own
 * (libs/identity/src/core), checked as she types; the server checks it again. Her other sessions end.
 */
export function ChangePassword({ user }: { user: User }) {
  const { t, lang } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [wrongCurrent, setWrongCurrent] = useState(false);
  const [done, setDone] = useState(false);
  const problems = next ? passwordProblems(next, user.username) : [];
  const mismatch = again !== '' && again !== next;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setWrongCurrent(false);
    try {
      const body = { currentPassword: current, newPassword: next };
      const res = await api<SignIn>('POST', '/auth/password', body);
      // Every earlier session ended, this tab's socket with them: carry on in the new session with a new socket.
      session.set(res.accessToken, res.expiresAt);
      closeRealtime();
      setDone(true);
    } catch (err) {
      const failure = err as ApiFailure;
      if (failure.details?.some((d) => d.field === 'currentPassword')) setWrongCurrent(true);
      else if (failure.status === 429) setError(new ApiFailure(429, t('tooManyShort')));
      else setError(err);
    }
  };
  if (done) {
    return (
      <section className="card" aria-labelledby="pw-title">
        <h2 id="pw-title">{t('changePassword')}</h2>
        <p role="status">{t('passwordChanged')}</p>
        <p>
          <a href="#/">{t('backToStart')}</a>
        </p>
      </section>
    );
  }
  return (
    <form className="card login" onSubmit={submit} aria-labelledby="pw-title">
      <h2 id="pw-title">{t('changePassword')}</h2>
      <label htmlFor="pw-current">{t('currentPassword')}</label>
      <input
        id="pw-current"
        type="password"
        autoComplete="current-password"
        value={current}
        required
        aria-invalid={wrongCurrent || undefined}
        aria-describedby="pw-current-msg"
        onChange={(e) => setCurrent(e.target.value)}
      />
      <div id="pw-current-msg" className="field-error" aria-live="polite">
        {wrongCurrent ? t('wrongCurrentPassword') : ''}
      </div>
      <label htmlFor="pw-new">{t('newPassword')}</label>
      <input
        id="pw-new"
        type="password"
        autoComplete="new-password"
        value={next}
        required
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby="pw-new-msg"
        onChange={(e) => setNext(e.target.value)}
      />
      <div id="pw-new-msg" className={problems.length > 0 ? 'field-error' : 'help'} aria-live="polite">
        {problems.length > 0 ? problems.map((p) => p[lang]).join('; ') : t('passwordRules')}
      </div>
      <label htmlFor="pw-again">{t('newPasswordAgain')}</label>
      <input
        id="pw-again"
        type="password"
        autoComplete="new-password"
        value={again}
        required
        aria-invalid={mismatch || undefined}
        aria-describedby="pw-again-msg"
        onChange={(e) => setAgain(e.target.value)}
      />
      <div id="pw-again-msg" className="field-error" aria-live="polite">
        {mismatch ? t('passwordsDiffer') : ''}
      </div>
      <ErrorBox error={error} />
      <p className="row">
        <button className="primary" type="submit" disabled={!current || problems.length > 0 || !next || again !== next}>
          {t('changePassword')}
        </button>
        <a href="#/">{t('cancel')}</a>
      </p>
    </form>
  );
}
