import { type FormEvent, useEffect, useState } from 'react';
import { api, type HealthCentre, type PathwayDefinition, type QueuePage, type Schemas, type User } from '../api';
import { CalendarFeedLink } from '../components/CalendarFeedLink';
import { InterpreterBadge } from '../components/InterpreterBadge';
import { ErrorBox, Tabs } from '../components/ErrorBox';
import { BookCase, BookingActions } from '../components/BookingActions';
import { CaseDetails } from '../components/CaseDetails';
import { ConfirmAction } from '../components/ConfirmAction';
import { formatDate, formatDateTime, type Key, useT } from '../i18n';
import { Link, navigate, pathOf, useRoute, useRouteTab } from '../router';
import { realtime } from '../realtime';
import { CategoryBadge } from '../components/CategoryBadge';
import { useLive } from '../components/useLive';
import { Loaded, LoadError, useLoad } from '../components/useLoad';
import type { Agreement } from './Cooperation';
import { TodaysVisits } from './Nurse';
import { ReviewQueue } from './pathway-editor/SignOff';

type Tab = 'queue' | 'calendar' | 'visits' | 'review';
const TABS: readonly Tab[] = ['queue', 'calendar', 'visits', 'review'];

export function Specialist({ user }: { user: User }) {
  const { t } = useT();
  const [tab, setTab] = useRouteTab<Tab>('queue', TABS);
  return (
    <>
      <Tabs<Tab>
        current={tab}
        onChange={setTab}
        tabs={[
          ['queue', t('queue')],
          ['calendar', t('calendar')],
          ['visits', t('todaysVisits')],
          ['review', t('peReviewQueue')],
        ]}
      >
        {tab === 'review' && <ReviewQueue user={user} />}
        {tab === 'queue' && <Queue asSpecialist />}
        {tab === 'calendar' && <Calendar user={user} />}
        {tab === 'visits' && <TodaysVisits />}
      </Tabs>
    </>
  );
}

/**
 * The ranked queue. Its place is the URL (`#/queue/<caseId>?pathway=&centre=`): the pathway and the centre
 * chosen, and the case opened from it with its answers and its history of priority changes (issue 17).
 */
export function Queue({ asSpecialist = false }: { asSpecialist?: boolean }) {
  const { t, pick, lang } = useT();
  const route = useRoute();
  const tabPath = route.segments[0] ?? 'queue';
  const openCase = route.segments[0] === 'queue' ? route.segments[1] : undefined;
  const centre = route.query.get('centre') ?? '';
  const go = (next: { pathway?: string; centre?: string; caseId?: string | null }, replace = true) => {
    const caseId = next.caseId === undefined ? openCase : (next.caseId ?? undefined);
    const query = { pathway: next.pathway ?? (route.query.get('pathway') || undefined), centre: next.centre ?? (centre || undefined) };
    navigate(pathOf(caseId ? ['queue', caseId] : [tabPath === 'queue' ? 'queue' : tabPath], query), { replace });
  };
  const live = useLive();
  const [booked, setBooked] = useState<{ caseId: string; visitId: string; start?: string } | null>(null);
  const pathwaysLoad = useLoad(() => api<Schemas['MyQueue'][]>('GET', '/my-queues'), []);
  const pathways = pathwaysLoad.data ?? [];
  // No pathway in the URL (issue 19): the first of the queues she may open.
  const pathwayKey = route.query.get('pathway') || pathways[0]?.key || '';
  const definition =
    useLoad(() => (pathwayKey ? api<PathwayDefinition>('GET', `/pathways/${pathwayKey}`) : Promise.resolve(null)), [pathwayKey]).data ??
    null;
  const queue = useLoad(() => {
    const q = new URLSearchParams({ pathwayKey, limit: '100', ...(centre ? { healthCentreId: centre } : {}) });
    // No pathway chosen yet (its list is loading) is not an empty queue: the read stays "loading" until there is one.
    return pathwayKey ? api<QueuePage>('GET', `/queue?${q}`) : new Promise<never>(() => undefined);
  }, [pathwayKey, centre]);
  const load = queue.reload;
  // The region's own centres, and (for a specialist) those another region's agreement lets her serve.
  const centresLoad = useLoad(async () => {
    const [own, agreements] = await Promise.all([
      api<HealthCentre[]>('GET', '/health-centres'),
      asSpecialist ? api<Agreement[]>('GET', '/agreements') : Promise.resolve([] as Agreement[]),
    ]);
    const served = agreements
      .filter((a) => a.status === 'active')
      .flatMap((a) => a.healthCentres.map((c) => ({ id: c.id, name: `${c.name} (${a.receiver.regionName})` })));
    return [...own, ...served.filter((c, i) => !own.some((o) => o.id === c.id) && served.findIndex((x) => x.id === c.id) === i)];
  }, [asSpecialist]);
  const centres = centresLoad.data ?? [];
  useEffect(() => {
    const socket = realtime();
    const onUpdate = (e: { pathwayKey: string }) => {
      if (e.pathwayKey === pathwayKey) load();
    };
    socket.on('queue.updated', onUpdate);
    return () => {
      socket.off('queue.updated', onUpdate);
    };
  }, [load, pathwayKey]);
  const closeCase = () => {
    const id = openCase;
    go({ caseId: null }, false);
    // Back to where she was: the case's row in the queue.
    setTimeout(() => document.querySelector<HTMLElement>(`[data-case="${id}"] [data-testid=open-case]`)?.focus(), 0);
  };
  const categories = definition ? definition.categories.map((c) => ({ key: c.key, label: pick(c.label) })) : [];
  return (
    <>
      {openCase && (
        <CaseDetails
          caseId={openCase}
          onClose={closeCase}
          actions={(reload, kase) => (
            <>
              {kase.status === 'awaiting_booking' && kase.bookable && (
                <BookCase
                  caseId={kase.id}
                  patientName={kase.patientName ?? ''}
                  healthCentreId={kase.healthCentreId}
                  pathwayKey={kase.pathwayKey}
                  onDone={(b) => {
                    setBooked({ caseId: kase.id, visitId: b.visitId, start: b.start });
                    reload();
                    load();
                  }}
                />
              )}
              {asSpecialist && definition && (
                <CaseActions
                  caseId={openCase}
                  current={kase.category}
                  categories={categories}
                  onDone={() => {
                    reload();
                    load();
                  }}
                />
              )}
            </>
          )}
          notice={
            booked?.caseId === openCase && (
              <p className="success" role="status" data-testid="case-booked" tabIndex={-1} ref={(p) => p?.focus()}>
                {t('caseBookedAt')} {booked.start ? formatDateTime(booked.start, lang) : ''}.{' '}
                <Link to={`/visit/${booked.visitId}`}>{t('openVisit')}</Link>
              </p>
            )
          }
        />
      )}
      <section className="card" data-testid="queue">
        <h2>
          {t('queue')}{' '}
          <span className="muted">
            {queue.data ? `(${queue.data.total}) · ` : ''}
            <span data-testid="live" role="status">
              {live ? t('live') : t('liveLost')}
            </span>
          </span>
        </h2>
        {pathwaysLoad.error && <LoadError what="loadFailed_pathways" error={pathwaysLoad.error} onRetry={pathwaysLoad.reload} />}
        {centresLoad.error && <LoadError what="loadFailed_centres" error={centresLoad.error} onRetry={centresLoad.reload} />}
        <div className="row">
          <div>
            <label htmlFor="queue-pathway">{t('pathway')}</label>
            <select id="queue-pathway" value={pathwayKey} onChange={(e) => go({ pathway: e.target.value, caseId: null })}>
              {pathways.map((p) => (
                <option key={p.key} value={p.key}>
                  {pick(p.title)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="queue-centre">{t('centre')}</label>
            <select id="queue-centre" value={centre} onChange={(e) => go({ centre: e.target.value, caseId: null })}>
              <option value="">{t('allCentres')}</option>
              {centres.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        {pathwaysLoad.data?.length === 0 ? (
          <p>{t('noQueues')}</p>
        ) : (
          <Loaded load={queue} failed="loadFailed_queue" empty={<p>{t('emptyQueue')}</p>} isEmpty={(q) => q.items.length === 0}>
            {({ items }) => (
              <table className="stack-table">
                <thead>
                  <tr>
                    <th>{t('rank')}</th>
                    <th>{t('patient')}</th>
                    <th>{t('category')}</th>
                    <th>{t('dueDate')}</th>
                    <th>{t('score')}</th>
                    <th>{t('reasons')}</th>
                    <th>{t('centre')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => (
                    <tr key={i.caseId} data-case={i.caseId} aria-current={i.caseId === openCase ? 'true' : undefined}>
                      <td data-label={t('rank')}>{i.rank}</td>
                      <td data-label={t('patient')}>
                        <strong>{i.patient.name}</strong>
                        {/* Her date of birth beside the name tells two of the same name apart (the queue sends no personnummer). */}
                        <span className="patient-id">
                          {', '}
                          {`${t('born')} ${formatDate(`${i.patient.birthDate}T12:00:00Z`, lang)}`}
                        </span>
                        , {i.patient.age} {t('years')} <InterpreterBadge language={i.patient.interpreterLanguage} />
                        <div>
                          <Link
                            to={pathOf(['queue', i.caseId], { pathway: pathwayKey, centre: centre || undefined })}
                            data-testid="open-case"
                          >
                            {t('queueOpenCase')}
                            <span className="sr-only"> {i.patient.name}</span>
                          </Link>
                        </div>
                      </td>
                      <td data-label={t('category')}>
                        <CategoryBadge
                          category={definition?.categories.find((c) => c.key === i.category)}
                          categoryKey={i.category}
                          pathwayKey={pathwayKey}
                        />
                        {i.flags.map((f) => (
                          <span key={f} className="badge">
                            {f === 'follow_up' ? t('queueFlag_follow_up') : f === 'no_show' ? t('queueFlag_no_show') : f}
                          </span>
                        ))}
                      </td>
                      <td data-label={t('dueDate')}>
                        {formatDate(i.dueDate, lang)} {i.overdue && <span className="badge overdue">{t('overdue')}</span>}
                      </td>
                      <td data-label={t('score')}>{i.score}</td>
                      <td data-label={t('reasons')}>
                        <ul className="reasons">
                          {i.reasons.map((r) => (
                            <li key={r.ruleId}>{pick(r.text)}</li>
                          ))}
                        </ul>
                      </td>
                      <td data-label={t('centre')}>
                        {i.healthCentre.name}
                        <div className="muted">{formatDateTime(i.triagedAt, lang)}</div>
                        {asSpecialist && definition && (
                          <CaseActions caseId={i.caseId} current={i.category} categories={categories} onDone={load} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Loaded>
        )}
      </section>
    </>
  );
}

type Session = Schemas['ClinicSession'];

/** The sessions with their times; `refresh` changes when a session was added elsewhere on the page. */
export function Calendar({ user, refresh = 0 }: { user: User; refresh?: number }) {
  const { t, lang } = useT();
  const mine = user.role === 'specialist' ? `?specialistId=${user.id}` : '';
  const sessionsLoad = useLoad(() => api<Session[]>('GET', `/clinic-sessions${mine}`), [mine, refresh]);
  const load = sessionsLoad.reload;
  useEffect(() => {
    // Bookings move the queue; a visit moved to another specialist or time, and a cancelled session, change the calendar too.
    const socket = realtime();
    socket.on('queue.updated', load);
    socket.on('visit.updated', load);
    socket.on('session.updated', load);
    return () => {
      socket.off('queue.updated', load);
      socket.off('visit.updated', load);
      socket.off('session.updated', load);
    };
  }, [load]);
  return (
    <section className="card">
      <h2>{t('calendar')}</h2>
      <CalendarFeedLink />
      <Loaded load={sessionsLoad} failed="loadFailed_sessions" empty={<p>{t('noSessions')}</p>}>
        {(sessions) =>
          sessions.map((s) => (
            <article key={s.id} className="card" data-session={s.id}>
              <h3>
                {formatDateTime(s.start, lang)} –{' '}
                {new Date(s.end).toLocaleTimeString(lang === 'sv' ? 'sv-SE' : 'en-GB', {
                  timeZone: 'Europe/Stockholm',
                  hour: '2-digit',
                  minute: '2-digit',
                })}{' '}
                · {s.healthCentre.name} · {t(s.mode as Key)}{' '}
                {s.status === 'cancelled' && <span className="badge urgent">{t('sessionCancelled')}</span>}
              </h3>
              {s.status === 'cancelled' && s.cancelReason && (
                <p className="muted">
                  {t('reason')}: {s.cancelReason}
                </p>
              )}
              {s.status === 'planned' && (user.role === 'admin' || s.specialist.id === user.id) && (
                <CancelSession session={s} onDone={load} />
              )}
              <table>
                <tbody>
                  {s.slots.map((slot) => (
                    <tr key={slot.id}>
                      <td>
                        {new Date(slot.start).toLocaleTimeString(lang === 'sv' ? 'sv-SE' : 'en-GB', {
                          timeZone: 'Europe/Stockholm',
                          hour: '2-digit',
                          minute: '2-digit',
                        })}
                      </td>
                      <td>
                        {slot.booking ? (
                          <>
                            {slot.booking.patient.name} <CategoryBadge categoryKey={slot.booking.category} /> ·{' '}
                            {t(`visit_${slot.booking.visitStatus}` as Key)}
                          </>
                        ) : (
                          <span className="muted">{t('free')}</span>
                        )}
                      </td>
                      <td>
                        {slot.booking &&
                          user.role === 'specialist' &&
                          ['scheduled', 'waiting', 'in_progress'].includes(slot.booking.visitStatus) && (
                            <a href={`#/visit/${slot.booking.visitId}`} data-testid="open-visit">
                              {t('openVisit')}
                            </a>
                          )}
                        {slot.booking && s.status === 'planned' && (
                          <BookingActions booking={slot.booking} healthCentreId={s.healthCentre.id} onDone={load} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </article>
          ))
        }
      </Loaded>
    </section>
  );
}

/** Cancelling a planned session cancels its bookings too: the question says how many, and a reason is required. */
function CancelSession({ session, onDone }: { session: Session; onDone: () => void }) {
  const { t, lang } = useT();
  const booked = session.slots.filter((s) => s.booking && s.booking.visitStatus === 'scheduled').length;
  return (
    <ConfirmAction
      label={t('cancelSession')}
      question={
        `${t('cancelSessionQuestion')} ${formatDateTime(session.start, lang)}, ${session.healthCentre.name}? ` +
        `${t('cancelSessionBooked')}: ${booked}.`
      }
      confirmLabel={t('cancelSessionConfirm')}
      failed="actionFailed_cancelSession"
      reason="required"
      danger
      run={(reason) => api('POST', `/clinic-sessions/${session.id}/cancel`, { reason })}
      onDone={onDone}
      testId="cancel-session"
    />
  );
}

/** Re-triage to another category or withdraw, each with a mandatory reason (both audited). */
function CaseActions({
  caseId,
  current,
  categories,
  onDone,
}: {
  caseId: string;
  current: string;
  categories: Array<{ key: string; label: string }>;
  onDone: () => void;
}) {
  const { t } = useT();
  const [mode, setMode] = useState<'none' | 'retriage' | 'withdraw'>('none');
  const [category, setCategory] = useState(current);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (mode === 'retriage') await api('POST', `/triage-cases/${caseId}/retriage`, { category, reason });
      else await api('POST', `/triage-cases/${caseId}/withdraw`, { reason });
      setMode('none');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  if (mode === 'none') {
    return (
      <div className="row">
        <button className="link" onClick={() => setMode('retriage')}>
          {t('retriage')}
        </button>
        <button className="link" onClick={() => setMode('withdraw')}>
          {t('withdraw')}
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={submit}>
      {mode === 'retriage' && (
        <>
          <label htmlFor={`cat-${caseId}`}>{t('category')}</label>
          <select id={`cat-${caseId}`} value={category} onChange={(e) => setCategory(e.target.value)}>
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor={`reason-${caseId}`}>{t('reason')}</label>
      <input id={`reason-${caseId}`} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
      <div className="row">
        <button className="primary">{t('save')}</button>
        <button type="button" className="secondary" onClick={() => setMode('none')}>
          {t('cancel')}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
