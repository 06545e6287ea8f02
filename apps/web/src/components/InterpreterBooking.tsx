import { useState } from 'react';
import { api, ApiFailure, type Schemas } from '../api';
import { formatDateTime, useT } from '../i18n';

type Booking = Schemas['InterpreterBooking'];

/**
 * Books the visit's interpreter (issue 22) and shows the one-time link to send to the interpreter. The
 * link is shown only here, once: only its hash is kept.
 */
export function InterpreterBooking({ visitId, language }: { visitId: string; language?: string | null }) {
  const { t, lang } = useT();
  const [booking, setBooking] = useState<Booking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = (code: string) => {
    try {
      return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  const book = async () => {
    setError(null);
    try {
      setBooking(await api<Booking>('POST', `/visits/${visitId}/interpreter`, {}));
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t('loadNoContact'));
    }
  };
  if (!language && !booking) return null;
  return (
    <section className="card" aria-labelledby="interpreter-title">
      <h2 id="interpreter-title">{t('interpreter')}</h2>
      {!booking ? (
        <button className="secondary" onClick={() => void book()}>
          {t('bookInterpreter')} ({name(language!)})
        </button>
      ) : (
        <>
          <label htmlFor="interpreter-link">{t('interpreterLink')}</label>
          <input id="interpreter-link" readOnly value={booking.link} onFocus={(e) => e.currentTarget.select()} />
          <p className="muted">
            {t('interpreterLinkValid')} {formatDateTime(booking.validFrom, lang)}–{formatDateTime(booking.validUntil, lang)}
          </p>
        </>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
