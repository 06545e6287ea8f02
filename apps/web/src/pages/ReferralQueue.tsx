import { useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Loaded, useLoad } from '../components/useLoad';
import { formatDateTime, useT } from '../i18n';
import { money, type Referral } from './federation-types';
import { ReferralStatusBadge } from './ReferralStatus';

/**
 * The receiving specialist's queue of referrals from partner regions (issue 21), oldest first per
 * service: the patient as the referral carries it, the referrer's answers, and the steps the status allows.
 */
export function ReferralQueue() {
  const { t, lang } = useT();
  const list = useLoad(() => api<Referral[]>('GET', '/referrals?direction=incoming'), []);
  // The other installation's steps arrive as messages, not socket events: look again every 15 seconds.
  useEffect(() => {
    const timer = setInterval(list.reload, 15_000);
    return () => clearInterval(timer);
  }, [list.reload]);
  const [text, setText] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const act = async (id: string, step: string, body?: unknown) => {
    setError(null);
    try {
      await api('POST', `/referrals/${id}/${step}`, body);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const field = (id: string, label: string) => (
    <label>
      {label}
      <textarea value={text[id] ?? ''} onChange={(e) => setText({ ...text, [id]: e.target.value })} />
    </label>
  );
  return (
    <section className="card" aria-labelledby="incoming-h">
      <h2 id="incoming-h">
        {t('fedIncoming')}{' '}
        <button className="link" onClick={list.reload}>
          {t('fedRefresh')}
        </button>
      </h2>
      <ErrorBox error={error} />
      <Loaded load={list} failed="loadFailed_federation" empty={<p className="muted">{t('fedNoReferrals')}</p>}>
        {(items) => (
          <ul className="referrals">
            {[...items]
              .sort((a, b) => a.serviceTitle.localeCompare(b.serviceTitle) || a.sentAt.localeCompare(b.sentAt))
              .map((r) => (
                <li key={r.id} data-testid={`incoming-${r.id}`}>
                  <h3>
                    {r.serviceTitle}: {r.patient?.name} ({r.patient?.personnummer}) <ReferralStatusBadge referral={r} />
                  </h3>
                  <p className="muted">
                    {t('fedReferrer')}: {r.referrer.name} · {formatDateTime(r.sentAt, lang)} · {money(r.price, r.currency, lang)}
                  </p>
                  <dl className="answers">
                    {Object.entries(r.answers).map(([k, v]) => (
                      <div key={k}>
                        <dt>{k}</dt>
                        <dd>{String(v)}</dd>
                      </div>
                    ))}
                  </dl>
                  {r.completionReply && (
                    <p>
                      {t('fedReply')}: <em>{r.completionReply}</em>
                    </p>
                  )}
                  {r.status === 'received' && (
                    <div className="actions">
                      <button onClick={() => act(r.id, 'accept')}>{t('fedAccept')}</button>
                      {field(`reason-${r.id}`, t('fedReason'))}
                      <button className="secondary" onClick={() => act(r.id, 'reject', { reason: text[`reason-${r.id}`] ?? '' })}>
                        {t('fedReject')}
                      </button>
                    </div>
                  )}
                  {(r.status === 'received' || r.status === 'accepted') && (
                    <div className="actions">
                      {field(`question-${r.id}`, t('fedQuestion'))}
                      <button
                        className="secondary"
                        onClick={() => act(r.id, 'request-completion', { question: text[`question-${r.id}`] ?? '' })}
                      >
                        {t('fedRequestCompletion')}
                      </button>
                    </div>
                  )}
                  {r.status === 'accepted' && (
                    <div className="actions">
                      {field(`answer-${r.id}`, t('fedAnswerText'))}
                      <button onClick={() => act(r.id, 'answer', { summary: text[`answer-${r.id}`] ?? '' })}>{t('fedAnswer')}</button>
                    </div>
                  )}
                  {r.answer && <blockquote>{r.answer.summary}</blockquote>}
                </li>
              ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}
