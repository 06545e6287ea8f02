import { useState } from 'react';
import { api } from '../api';
import { formatDateTime, useT } from '../i18n';
import type { Referral } from '../pages/federation-types';
import { ErrorBox } from './ErrorBox';
import { Loaded, useLoad } from './useLoad';

/**
 * Answers from partner regions' installations to the centre's referrals (issue 21), in the inbox
 * beside the specialists' answers from video visits: read once, by whom kept.
 */
export function ReferralAnswers() {
  const { t, lang } = useT();
  const list = useLoad(() => api<Referral[]>('GET', '/referrals?direction=outgoing&status=answered'), []);
  const [error, setError] = useState<unknown>(null);
  const markRead = (id: string) => {
    setError(null);
    api('POST', `/referrals/${id}/answer/read`).then(list.reload, setError);
  };
  return (
    <div data-testid="referral-answers">
      <ErrorBox error={error} />
      <Loaded load={list} failed="loadFailed_federation" empty={null}>
        {(items) => (
          <>
            <h3>{t('fedAnswers')}</h3>
            {items.map((r) => (
              <article key={r.id} className="card">
                <h3>
                  {r.patient?.name} {!r.answerReadAt && <span className="badge urgent">{t('unread')}</span>}
                </h3>
                <p className="muted">
                  {r.serviceTitle}, {r.partnerName} · {r.answer?.author} · {r.answer ? formatDateTime(r.answer.answeredAt, lang) : ''}
                </p>
                <p>{r.answer?.summary}</p>
                {!r.answerReadAt && (
                  <button className="secondary" onClick={() => markRead(r.id)}>
                    {t('markRead')}
                  </button>
                )}
              </article>
            ))}
          </>
        )}
      </Loaded>
    </div>
  );
}
