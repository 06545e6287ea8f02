import { type ReactNode, useEffect, useRef } from 'react';
import { api, type PathwayDefinition, type Patient, type Question, type Schemas, type TriageCase } from '../api';
import { formatDate, formatDateTime, useT } from '../i18n';
import { CategoryBadge } from './CategoryBadge';
import { InterpreterBadge } from './InterpreterBadge';
import { Loaded, useLoad } from './useLoad';
import './actions.css';

export type CaseRecord = TriageCase;
export type CaseHistory = Schemas['CaseHistory'];

/**
 * One case opened from the queue (issue 17): the patient with personnummer, the priority and its reasons,
 * every answer of the triage form as the nurse gave it, and the history of priority changes with their
 * reasons. Each read is audited by the api. `actions` (for a case still open) gets a reload for after a change.
 */
export function CaseDetails({
  caseId,
  onClose,
  actions,
  notice,
}: {
  caseId: string;
  onClose: () => void;
  actions?: (reload: () => void, kase: CaseRecord) => ReactNode;
  /** Said under the priority whatever the case's status (e.g. the time just booked). */
  notice?: ReactNode;
}) {
  const { t, lang, pick } = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const load = useLoad(async () => {
    const kase = await api<CaseRecord>('GET', `/triage-cases/${caseId}`);
    const [history, patient, definition] = await Promise.all([
      api<CaseHistory>('GET', `/triage-cases/${caseId}/history`),
      api<Patient>('GET', `/patients/${kase.patientId}`),
      // The version that evaluated the case; without it the answers are shown by question id.
      api<PathwayDefinition>('GET', `/pathways/${kase.pathwayKey}/versions/${kase.pathwayVersion}`).catch(() => null),
    ]);
    return { kase, history, patient, definition };
  }, [caseId]);
  // The focus goes to the case when it opens, and again when it has loaded (its heading then names the patient).
  const loaded = load.data !== undefined;
  useEffect(() => {
    heading.current?.focus();
  }, [caseId, loaded]);
  return (
    <section className="card case-details" aria-labelledby="case-details-title" data-testid="case-details">
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
        <h2 id="case-details-title" ref={heading} tabIndex={-1}>
          {load.data ? `${load.data.patient.name}, ${load.data.patient.personnummer}` : t('caseDetails')}
        </h2>
        <button type="button" className="secondary" onClick={onClose}>
          {t('closeCase')}
        </button>
      </div>
      <Loaded load={load} failed="loadFailed_case">
        {({ kase, history, definition }) => {
          const label = (c: string) => pick(definition?.categories.find((x) => x.key === c)?.label) || c;
          const questions: Question[] = definition?.questions ?? Object.keys(kase.answers ?? {}).map((id) => ({ id }) as Question);
          return (
            <>
              <p>
                <CategoryBadge
                  category={definition?.categories.find((c) => c.key === kase.category)}
                  categoryKey={kase.category}
                  pathwayKey={kase.pathwayKey}
                />{' '}
                {kase.dueDate && (
                  <>
                    {t('dueDate')} {formatDate(kase.dueDate, lang)}{' '}
                  </>
                )}
                {kase.overdue && <span className="badge overdue">{t('overdue')}</span>} · {t('score')} {kase.score}{' '}
                <InterpreterBadge language={kase.interpreterLanguage} />
              </p>
              <ul className="reasons">
                {kase.reasons.map((r) => (
                  <li key={r.ruleId}>{pick(r.text)}</li>
                ))}
              </ul>
              {kase.status === 'awaiting_booking' || kase.status === 'redirected' ? actions?.(load.reload, kase) : null}
              {notice}
              <h3>{t('priorityHistory')}</h3>
              <ol className="history" data-testid="priority-history">
                <li>
                  {formatDateTime(history.triaged.at, lang)}: {t('historyTriaged')} <strong>{label(history.triaged.category)}</strong>
                  {history.triaged.by && ` (${history.triaged.by})`}
                </li>
                {history.changes.map((c) => (
                  <li key={c.at}>
                    {formatDateTime(c.at, lang)}: {c.by ?? ''} {t('historyChanged')} <strong>{label(c.from)}</strong> {t('historyTo')}{' '}
                    <strong>{label(c.to)}</strong>. {t('reason')}: {c.reason}
                  </li>
                ))}
              </ol>
              {history.changes.length === 0 && <p className="muted">{t('historyNoChanges')}</p>}
              <h3>{t('triageAnswers')}</h3>
              <dl className="answers" data-testid="case-answers">
                {questions
                  .filter((q) => kase.answers && q.id in kase.answers)
                  .map((q) => (
                    <AnswerRow key={q.id} question={q} value={kase.answers![q.id]} />
                  ))}
              </dl>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function AnswerRow({ question, value }: { question: Question; value: unknown }) {
  const { t, pick } = useT();
  const option = question.options?.find((o) => o.value === value);
  const shown =
    typeof value === 'boolean'
      ? value
        ? t('yes')
        : t('no')
      : option
        ? pick(option.label)
        : Array.isArray(value)
          ? value.join(', ')
          : String(value);
  return (
    <>
      <dt>{question.label ? pick(question.label) : question.id}</dt>
      <dd>{shown}</dd>
    </>
  );
}
