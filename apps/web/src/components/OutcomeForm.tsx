import { FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { Key, useT } from '../i18n';
import { ErrorBox } from './ErrorBox';

/** The specialist's answer (konsultationssvar) after a visit, saved as a draft on the server as it is typed. */
export function OutcomeForm({ visitId, done, onDone }: { visitId: string; done: boolean; onDone: () => void }) {
  const { t } = useT();
  const [summary, setSummary] = useState('');
  const [codes, setCodes] = useState('');
  const [plan, setPlan] = useState('follow_up_primary_care');
  const [instructions, setInstructions] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(done);
  // The answer is saved on the server as it is typed (issue 18, #4): a reload, a crash or another device finds it again.
  const [restored, setRestored] = useState(done);
  const [draftSavedAt, setDraftSavedAt] = useState<string | null>(null);
  const lastSaved = useRef('');
  useEffect(() => {
    if (done) return;
    api<{ draft: { summary?: string; diagnosisCodes?: string; plan?: string; instructions?: string } | null; updatedAt: string | null }>(
      'GET',
      `/visits/${visitId}/outcome-draft`,
    )
      .then(({ draft, updatedAt }) => {
        if (!draft) return;
        // What was typed before the draft arrived wins over it.
        setSummary((typed) => typed || (draft.summary ?? ''));
        setCodes((typed) => typed || (draft.diagnosisCodes ?? ''));
        if (draft.plan) setPlan(draft.plan);
        setInstructions((typed) => typed || (draft.instructions ?? ''));
        lastSaved.current = JSON.stringify({ summary: draft.summary ?? '', diagnosisCodes: draft.diagnosisCodes ?? '',
          plan: draft.plan ?? 'follow_up_primary_care', instructions: draft.instructions ?? '' });
        setDraftSavedAt(updatedAt);
      })
      .catch(() => undefined)
      .finally(() => setRestored(true));
  }, [visitId, done]);
  useEffect(() => {
    if (!restored || sent) return;
    const draft = { summary, diagnosisCodes: codes, plan, instructions };
    const text = JSON.stringify(draft);
    if (text === lastSaved.current) return;
    const timer = setTimeout(() => {
      api<{ updatedAt: string }>('PUT', `/visits/${visitId}/outcome-draft`, draft)
        .then((r) => {
          lastSaved.current = text;
          setDraftSavedAt(r.updatedAt);
        })
        .catch(() => undefined);
    }, 800);
    return () => clearTimeout(timer);
  }, [summary, codes, plan, instructions, restored, sent, visitId]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', `/visits/${visitId}/outcome`, {
        summary,
        diagnosisCodes: codes.split(',').map((c) => c.trim()).filter(Boolean),
        plan,
        ...(instructions ? { instructions } : {}),
      });
      setSent(true);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  if (sent) return <p className="success" role="status">{t('answerSent')}</p>;
  return (
    <form className="card" onSubmit={submit} aria-labelledby="answer-title">
      <h2 id="answer-title">{t('answerForm')}</h2>
      <label htmlFor="summary">{t('summary')}</label>
      <textarea id="summary" rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} required />
      <label htmlFor="codes">{t('diagnosisCodes')}</label>
      <input id="codes" value={codes} placeholder="M06.9" onChange={(e) => setCodes(e.target.value)} />
      <label htmlFor="plan">{t('plan')}</label>
      <select id="plan" value={plan} onChange={(e) => setPlan(e.target.value)}>
        {['follow_up_remote', 'follow_up_primary_care', 'hospital_referral', 'discharged'].map((p) => (
          <option key={p} value={p}>
            {t(`plan_${p}` as Key)}
          </option>
        ))}
      </select>
      <label htmlFor="instructions">{t('instructions')}</label>
      <textarea id="instructions" rows={3} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
      {draftSavedAt && (
        <p className="muted" role="status" data-testid="draft-saved">
          {t('draftSaved').replace('{time}', new Date(draftSavedAt).toLocaleTimeString('sv-SE', { timeStyle: 'medium' }))}
        </p>
      )}
      <ErrorBox error={error} />
      <p>
        <button className="primary" type="submit" data-testid="send-answer">
          {t('sendAnswer')}
        </button>
      </p>
    </form>
  );
}
