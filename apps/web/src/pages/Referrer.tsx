import { useEffect, useState } from 'react';
import { api, type FieldProblem, type Patient, type User } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { type Answers, TriageForm } from '../components/TriageForm';
import { Loaded, useLoad } from '../components/useLoad';
import { formatDateTime, useT } from '../i18n';
import { money, type News, type Offer, type Referral } from './federation-types';
import { ReferralStatusBadge } from './ReferralStatus';

/**
 * The referrer's screen (issue 21): news from the partner regions until read, their services with the
 * form each asks for, the referral form, and the centre's referrals with their status, completion
 * requests and answers.
 */
export function Referrer({ user }: { user: User }) {
  const { t } = useT();
  const [refresh, setRefresh] = useState(0);
  const again = () => setRefresh((n) => n + 1);
  const [chosen, setChosen] = useState<Offer | null>(null);
  return (
    <section aria-labelledby="referrer-h">
      <h2 id="referrer-h">{t('fedReferrals')}</h2>
      <NewsList />
      {chosen ? (
        <ReferralForm
          offer={chosen}
          onDone={() => {
            setChosen(null);
            again();
          }}
        />
      ) : (
        <Offers onChoose={setChosen} />
      )}
      <Outgoing refresh={refresh} canComplete={user.role === 'nurse' || user.role === 'specialist'} />
    </section>
  );
}

function NewsList() {
  const { t, lang } = useT();
  const news = useLoad(() => api<News[]>('GET', '/federation/news?unread=true'), []);
  const read = async (id: string) => {
    await api('POST', `/federation/news/${id}/read`);
    news.reload();
  };
  return (
    <div className="card" data-testid="federation-news">
      <h3>{t('fedNews')}</h3>
      <Loaded load={news} failed="loadFailed_federation" empty={<p className="muted">{t('fedNoNews')}</p>}>
        {(items) => (
          <ul>
            {items.map((n) => (
              <li key={n.id}>
                <strong>{n.partnerName}</strong>, {n.serviceTitle} ({formatDateTime(n.createdAt, lang)}):{' '}
                {n.changes.map((c) => `${c.field} ${c.from ?? '–'} → ${c.to ?? '–'}`).join('; ')}{' '}
                <button className="link" onClick={() => read(n.id)}>
                  {t('fedMarkRead')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </div>
  );
}

function Offers({ onChoose }: { onChoose: (o: Offer) => void }) {
  const { t, lang } = useT();
  const offers = useLoad(() => api<Offer[]>('GET', '/federation/offers'), []);
  return (
    <div className="card">
      <h3>{t('fedOffers')}</h3>
      <Loaded load={offers} failed="loadFailed_federation" empty={<p className="muted">{t('fedNoOffers')}</p>}>
        {(items) => (
          <table>
            <thead>
              <tr>
                <th>{t('fedTitle')}</th>
                <th>{t('fedPartner')}</th>
                <th>{t('fedTurnaround')}</th>
                <th>{t('fedPrice')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={`${o.partnerId}-${o.serviceId}`} data-testid={`offer-${o.serviceId}`}>
                  <td>
                    {o.title} <span className="muted">({o.specialty})</span>
                    {!o.partnerReachable && <div className="muted">{t('fedUnreachable')}</div>}
                  </td>
                  <td>
                    {o.partnerName} · {o.regionName}
                  </td>
                  <td>{o.turnaroundDays}</td>
                  <td>{money(o.pricePerReferral, o.currency, lang)}</td>
                  <td>
                    {o.status === 'open' ? (
                      <button onClick={() => onChoose(o)}>{t('fedRefer')}</button>
                    ) : (
                      <span className="muted">{t('fedStatus_rejected')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </div>
  );
}

function ReferralForm({ offer, onDone }: { offer: Offer; onDone: () => void }) {
  const { t } = useT();
  const [pnr, setPnr] = useState('');
  const [patient, setPatient] = useState<Patient | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const find = async () => {
    setError(null);
    try {
      const p = await api<Patient>('POST', '/patients/search', { personnummer: pnr.trim() });
      setPatient(p);
      const age = offer.form?.definition.questions.find((q) => q.prefill === 'patient.ageYears');
      if (age) setAnswers((a) => ({ ...a, [age.id]: p.ageYears }));
    } catch (e) {
      setError(e);
    }
  };
  const send = async () => {
    setError(null);
    try {
      await api('POST', '/referrals', { serviceId: offer.serviceId, patientId: patient!.id, answers });
      onDone();
    } catch (e) {
      setError(e);
      setProblems((e as { details?: FieldProblem[] }).details ?? []);
    }
  };
  return (
    <div className="card" data-testid="referral-form">
      <h3>
        {t('fedRefer')}: {offer.title} ({offer.partnerName})
      </h3>
      <label>
        {t('personnummer')}
        <input value={pnr} onChange={(e) => setPnr(e.target.value)} name="personnummer" />
      </label>
      <button onClick={find}>{t('find')}</button>
      {patient && (
        <>
          <p>
            {t('patient')}: <strong>{patient.name}</strong>
          </p>
          {offer.form && <TriageForm definition={offer.form.definition} answers={answers} onChange={setAnswers} problems={problems} />}
          <button onClick={send}>{t('fedSendReferral')}</button>
        </>
      )}
      <button className="secondary" onClick={onDone}>
        {t('backToStart')}
      </button>
      <ErrorBox error={error} />
    </div>
  );
}

function Outgoing({ refresh, canComplete }: { refresh: number; canComplete: boolean }) {
  const { t, lang } = useT();
  const list = useLoad(() => api<Referral[]>('GET', '/referrals?direction=outgoing'), [refresh]);
  // The other installation's steps arrive as messages, not socket events: look again every 15 seconds.
  useEffect(() => {
    const timer = setInterval(list.reload, 15_000);
    return () => clearInterval(timer);
  }, [list.reload]);
  const [reply, setReply] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const act = async (path: string, body?: unknown) => {
    setError(null);
    try {
      await api('POST', path, body);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="card">
      <h3>
        {t('fedOutgoing')}{' '}
        <button className="link" onClick={list.reload}>
          {t('fedRefresh')}
        </button>
      </h3>
      <ErrorBox error={error} />
      <Loaded load={list} failed="loadFailed_federation" empty={<p className="muted">{t('fedNoReferrals')}</p>}>
        {(items) => (
          <ul className="referrals">
            {items.map((r) => (
              <li key={r.id} data-testid={`referral-${r.id}`}>
                <strong>{r.patient?.name}</strong> → {r.serviceTitle} ({r.partnerName}), {formatDateTime(r.sentAt, lang)},{' '}
                {money(r.price, r.currency, lang)} <ReferralStatusBadge referral={r} />
                {r.statusReason && (
                  <div>
                    {t('fedReason')}: {r.statusReason}
                  </div>
                )}
                {r.status === 'completion_requested' && canComplete && (
                  <div>
                    <p>
                      {t('fedQuestion')} <em>{r.completionQuestion}</em>
                    </p>
                    <label>
                      {t('fedReply')}
                      <textarea value={reply[r.id] ?? ''} onChange={(e) => setReply({ ...reply, [r.id]: e.target.value })} />
                    </label>
                    <button onClick={() => act(`/referrals/${r.id}/complete`, { reply: reply[r.id] ?? '' })}>{t('fedComplete')}</button>
                  </div>
                )}
                {r.answer && (
                  <div className="answer" data-testid={`referral-answer-${r.id}`}>
                    <p>
                      {t('fedAnswerFrom')} {r.answer.author} ({formatDateTime(r.answer.answeredAt, lang)}):
                    </p>
                    <blockquote>{r.answer.summary}</blockquote>
                    {!r.answerReadAt && <button onClick={() => act(`/referrals/${r.id}/answer/read`)}>{t('fedMarkRead')}</button>}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </div>
  );
}
