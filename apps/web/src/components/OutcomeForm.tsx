import { type FormEvent, useEffect, useRef, useState } from 'react';
import { TRIAGE_VERDICTS as VERDICTS, type TriageVerdict as Verdict } from '@libs/rollout/src/core/verdicts';
import { api, type Schemas, type Visit } from '../api';
import { type Key, useT } from '../i18n';
import { ErrorBox } from './ErrorBox';
import { LoadError } from './useLoad';

type SavedDraft = Schemas['SavedOutcomeDraft'];
/** The answer as typed, saved as a draft (PUT /visits/{id}/outcome-draft) and read back (GET: SavedOutcomeDraft). */
type Draft = Schemas['OutcomeDraftDto'];
type Feedback = NonNullable<Draft['triageFeedback']>;
/** What the form offers for the visit's case (issue 19): its pathway's plans and its fired rules (GET /visits/{id} `answerForm`). */
export type AnswerFormFacts = Visit['answerForm'];

/** The draft as saved: the same fields in the same order, so an unchanged form is not saved again. */
const draftText = (d: Draft) =>
  JSON.stringify({
    summary: d.summary ?? '',
    diagnosisCodes: d.diagnosisCodes ?? '',
    plan: d.plan ?? '',
    instructions: d.instructions ?? '',
    triageFeedback: d.triageFeedback ?? {},
  });

/**
 * The specialist's answer (konsultationssvar) after a visit, saved as a draft on the server as it is
 * typed. The plans are the case's pathway's own (issue 19), and the specialist may say whether the
 * triage was right, naming the case's fired rules that misled; both go with the answer.
 */
export function OutcomeForm(props: { visitId: string; done: boolean; onDone: () => void; answerForm?: AnswerFormFacts }) {
  const { visitId, done, onDone } = props;
  const { t, pick } = useT();
  const [summary, setSummary] = useState('');
  const [codes, setCodes] = useState('');
  const [plan, setPlan] = useState('');
  const [instructions, setInstructions] = useState('');
  const [feedback, setFeedback] = useState<Feedback>({});
  const [form, setForm] = useState<AnswerFormFacts | null>(props.answerForm ?? null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(done);
  // The answer is saved on the server as it is typed (issue 18, #4): a reload, a crash or another device finds it again.
  const [restored, setRestored] = useState(done);
  const [draftSavedAt, setDraftSavedAt] = useState<string | null>(null);
  const lastSaved = useRef('');
  // What the page handed over, read once when the form opens (a new object on each render must not reload it).
  const given = useRef(props.answerForm);
  // The plans and the saved draft could not be read: said with a retry, never shown as an answer not yet begun.
  const [loadError, setLoadError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (done) return;
    let live = true;
    setLoadError(null);
    // The page may hand over what the visit says of the form; else the form reads the visit itself.
    const facts = given.current ? Promise.resolve(given.current) : api<Visit>('GET', `/visits/${visitId}`).then((v) => v.answerForm);
    Promise.all([facts, api<SavedDraft>('GET', `/visits/${visitId}/outcome-draft`)])
      .then(([{ plans, firedRules }, { draft, updatedAt }]) => {
        if (!live) return;
        setForm({ plans, firedRules });
        // The first plan that is no follow-up is where a new answer starts (the defaults: follow-up in primary care).
        const start = plans.find((p) => !p.followUp)?.key ?? plans[0]?.key ?? '';
        const known = draft?.plan && plans.some((p) => p.key === draft.plan) ? draft.plan : null;
        setPlan((chosen) => chosen || known || start);
        // Saving as she types starts only once what was saved is known: a failed read must not overwrite it.
        setRestored(true);
        if (!draft) return;
        // What was typed before the draft arrived wins over it.
        setSummary((typed) => typed || (draft.summary ?? ''));
        setCodes((typed) => typed || (draft.diagnosisCodes ?? ''));
        setInstructions((typed) => typed || (draft.instructions ?? ''));
        if (draft.triageFeedback) setFeedback((given) => (given.verdict ? given : draft.triageFeedback!));
        lastSaved.current = draftText(draft);
        setDraftSavedAt(updatedAt);
      })
      // A form that could not read its plans or the saved draft says so, never shows an empty answer as if none was begun.
      .catch((e: unknown) => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, [visitId, done, attempt]);
  useEffect(() => {
    if (!restored || sent) return;
    const draft: Draft = { summary, diagnosisCodes: codes, ...(plan ? { plan } : {}), instructions, triageFeedback: feedback };
    const text = draftText(draft);
    if (text === lastSaved.current) return;
    const timer = setTimeout(() => {
      api<Schemas['OutcomeDraftSaved']>('PUT', `/visits/${visitId}/outcome-draft`, draft)
        .then((r) => {
          lastSaved.current = text;
          setDraftSavedAt(r.updatedAt);
        })
        .catch(() => undefined);
    }, 800);
    return () => clearTimeout(timer);
  }, [summary, codes, plan, instructions, feedback, restored, sent, visitId]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    // Rules are named only when the triage was not right (the api refuses them with `appropriate`).
    const ruleIds = feedback.verdict && feedback.verdict !== 'appropriate' ? (feedback.ruleIds ?? []) : [];
    try {
      await api('POST', `/visits/${visitId}/outcome`, {
        summary,
        diagnosisCodes: codes
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
        plan,
        ...(instructions ? { instructions } : {}),
        ...(feedback.verdict ? { triageFeedback: { verdict: feedback.verdict, ...(ruleIds.length ? { ruleIds } : {}) } } : {}),
      });
      setSent(true);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  const toggleRule = (ruleId: string, on: boolean) =>
    setFeedback((f) => ({ ...f, ruleIds: on ? [...(f.ruleIds ?? []), ruleId] : (f.ruleIds ?? []).filter((r) => r !== ruleId) }));
  if (sent)
    return (
      <p className="success" role="status">
        {t('answerSent')}
      </p>
    );
  const wrong = feedback.verdict !== undefined && feedback.verdict !== 'appropriate';
  return (
    <form className="card" onSubmit={submit} aria-labelledby="answer-title">
      <h2 id="answer-title">{t('answerForm')}</h2>
      {loadError !== null ? (
        <LoadError what="loadFailed_answerForm" error={loadError} onRetry={() => setAttempt((n) => n + 1)} />
      ) : (
        !restored && (
          <p className="muted" role="status" data-testid="loading">
            {t('loading')}
          </p>
        )
      )}
      <label htmlFor="summary">{t('summary')}</label>
      <textarea id="summary" rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} required />
      <label htmlFor="codes">{t('diagnosisCodes')}</label>
      <input id="codes" value={codes} onChange={(e) => setCodes(e.target.value)} />
      <label htmlFor="plan">{t('plan')}</label>
      <select id="plan" value={plan} onChange={(e) => setPlan(e.target.value)} required>
        {(form?.plans ?? []).map((p) => (
          <option key={p.key} value={p.key}>
            {pick(p.label)}
          </option>
        ))}
      </select>
      <label htmlFor="instructions">{t('instructions')}</label>
      <textarea id="instructions" rows={3} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
      <fieldset data-testid="triage-feedback">
        <legend>{t('triageFeedback')}</legend>
        <p className="help">{t('triageFeedbackHelp')}</p>
        <label htmlFor="verdict">{t('verdictQuestion')}</label>
        <select
          id="verdict"
          value={feedback.verdict ?? ''}
          onChange={(e) => setFeedback((f) => ({ ...f, verdict: (e.target.value || undefined) as Verdict | undefined }))}
        >
          <option value="">{t('verdict_none')}</option>
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {t(`verdict_${v}` as Key)}
            </option>
          ))}
        </select>
        {wrong && (
          <div role="group" aria-labelledby="misled-title">
            <p id="misled-title">{t('misledRules')}</p>
            {form?.firedRules.length === 0 && <p className="muted">{t('noFiredRules')}</p>}
            {form?.firedRules.map((r) => (
              <label key={r.ruleId}>
                <input
                  type="checkbox"
                  value={r.ruleId}
                  checked={feedback.ruleIds?.includes(r.ruleId) ?? false}
                  onChange={(e) => toggleRule(r.ruleId, e.target.checked)}
                />{' '}
                {pick(r.text)}
              </label>
            ))}
          </div>
        )}
      </fieldset>
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
