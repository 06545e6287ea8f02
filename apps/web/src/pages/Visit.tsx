import { useEffect, useRef, useState } from 'react';
import { api, type PathwayDefinition, type User, type Visit } from '../api';
import { CategoryBadge } from '../components/CategoryBadge';
import { InterpreterBadge } from '../components/InterpreterBadge';
import { InterpreterBooking } from '../components/InterpreterBooking';
import { OutcomeForm } from '../components/OutcomeForm';
import { LoadError } from '../components/useLoad';
import { formatDateTime, type Key, useT } from '../i18n';
import { realtime } from '../realtime';
import { CallPanel } from '../video/CallPanel';
import { connectStaff } from '../video/connect';

/** GET /visits/{id}: the visit, its triage and the answer form's plans and fired rules (issue 19). */
type VisitDetail = Visit;

/**
 * The video visit: the call (video/CallPanel: camera check, devices, mute, camera off, quality, reconnect)
 * through LiveKit when the api says so, otherwise the embedded peer-to-peer mesh of the visit's seats
 * (the specialist, the centre and a booked interpreter) signalled over the api's socket. The triage
 * answers sit beside the video.
 */
export function VisitPage({ visitId, user }: { visitId: string; user: User }) {
  const { t, pick, lang } = useT();
  const [visit, setVisit] = useState<VisitDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const [definition, setDefinition] = useState<PathwayDefinition | null>(null);
  // The answers' labels could not be read: said beside the answers, not shown as a visit without answers.
  const [definitionError, setDefinitionError] = useState<unknown>(null);
  const load = () =>
    void api<VisitDetail>('GET', `/visits/${visitId}`)
      .then((v) => {
        setVisit(v);
        // The version that triaged the case gives the labels, in the form's own order.
        return api<PathwayDefinition>('GET', `/pathways/${v.triage.pathwayKey}/versions/${v.triage.pathwayVersion}`).then((d) => {
          setDefinition(d);
          setDefinitionError(null);
        }, setDefinitionError);
      })
      .catch(setError);
  useEffect(() => {
    load();
    const socket = realtime();
    const on = (e: { visitId: string }) => e.visitId === visitId && load();
    socket.on('visit.updated', on);
    return () => {
      socket.off('visit.updated', on);
    };
  }, [visitId]);

  if (!visit) {
    return error ? (
      <LoadError what="loadFailed_visit" error={error as Error} onRetry={load} />
    ) : (
      <p className="muted" role="status">
        {t('loading')}
      </p>
    );
  }
  return (
    <div ref={rootRef} data-testid="visit" data-pc-state="new" data-frames-decoded="0">
      <p>
        <a href="#/">←</a> {visit.patient.name} <InterpreterBadge language={visit.patient.interpreterLanguage} /> ·{' '}
        {visit.healthCentre.name} · {formatDateTime(visit.start, lang)} · <strong>{t(`visit_${visit.status}` as Key)}</strong>
      </p>
      <InterpreterBooking visitId={visitId} language={visit.patient.interpreterLanguage} />
      <div className="video">
        <section className="card">
          <CallPanel
            connect={(stream, onChange) => connectStaff(visitId, stream, onChange)}
            reportTo={rootRef}
            waitingText="videoNobodyYet"
          />
        </section>
        <aside className="card">
          <h3>{t('triageAnswers')}</h3>
          <p>
            <CategoryBadge
              category={definition?.categories.find((c) => c.key === visit.triage.category)}
              categoryKey={visit.triage.category}
            />{' '}
            · {t('score')} {visit.triage.score}
          </p>
          <ul className="reasons">
            {visit.triage.reasons.map((r) => (
              <li key={r.ruleId}>{pick(r.text)}</li>
            ))}
          </ul>
          {definitionError !== null && <LoadError what="loadFailed_form" error={definitionError} onRetry={load} />}
          <dl className="answers">
            {(definition?.questions ?? [])
              .filter((q) => q.id in visit.triage.answers)
              .map((q) => (
                <FragmentRow key={q.id} k={pick(q.label)} v={visit.triage.answers[q.id]} />
              ))}
          </dl>
        </aside>
      </div>
      {user.role === 'specialist' && (
        <OutcomeForm visitId={visitId} done={!!visit.outcome || visit.status === 'completed'} onDone={load} answerForm={visit.answerForm} />
      )}
    </div>
  );
}

function FragmentRow({ k, v }: { k: string; v: unknown }) {
  const { t } = useT();
  return (
    <>
      <dt>{k}</dt>
      <dd>{typeof v === 'boolean' ? (v ? t('yes') : t('no')) : String(v)}</dd>
    </>
  );
}
