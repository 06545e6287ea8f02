import { FormEvent, useEffect, useState } from 'react';
import { api, PathwayDefinition, QueueItem, Text, User } from '../api';
import { CalendarFeedLink } from '../components/CalendarFeedLink';
import { InterpreterBadge } from '../components/InterpreterBadge';
import { ErrorBox, Tabs } from '../components/ErrorBox';
import { formatDate, formatDateTime, Key, useT } from '../i18n';
import { realtime } from '../realtime';
import { useCategoryLabels } from '../components/useCategoryLabels';
import { useLive } from '../components/useLive';
import { Loaded, LoadError, useLoad } from '../components/useLoad';
import type { Agreement } from './Cooperation';
import { TodaysVisits } from './Nurse';
import { ReviewQueue } from './pathway-editor/SignOff';

type Tab = 'queue' | 'calendar' | 'visits' | 'review';

export function Specialist({ user }: { user: User }) {
  const { t } = useT();
  const [tab, setTab] = useState<Tab>('queue');
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

export function Queue({ asSpecialist = false }: { asSpecialist?: boolean }) {
  const { t, pick, lang } = useT();
  // No pathway is the default (issue 19): the first of the queues she may open.
  const [pathwayKey, setPathwayKey] = useState('');
  const [centre, setCentre] = useState('');
  const live = useLive();
  const pathwaysLoad = useLoad(() => api<Array<{ key: string; title: Text }>>('GET', '/my-queues'), []);
  const pathways = pathwaysLoad.data ?? [];
  useEffect(() => {
    if (pathways.length > 0) setPathwayKey((k) => k || pathways[0].key);
  }, [pathwaysLoad.data]);
  const definition = useLoad(() => (pathwayKey ? api<PathwayDefinition>('GET', `/pathways/${pathwayKey}`) : Promise.resolve(null)), [pathwayKey]).data ?? null;
  const label = (c: string) => pick(definition?.categories.find((x) => x.key === c)?.label) || c;
  const queue = useLoad(() => {
    const q = new URLSearchParams({ pathwayKey, limit: '100', ...(centre ? { healthCentreId: centre } : {}) });
    // No pathway chosen yet (its list is loading) is not an empty queue: the read stays "loading" until there is one.
    return pathwayKey ? api<{ items: QueueItem[]; total: number }>('GET', `/queue?${q}`) : new Promise<never>(() => undefined);
  }, [pathwayKey, centre]);
  const load = queue.reload;
  // The region's own centres, and (for a specialist) those another region's agreement lets her serve.
  const centresLoad = useLoad(async () => {
    const [own, agreements] = await Promise.all([
      api<Array<{ id: string; name: string }>>('GET', '/health-centres'),
      asSpecialist ? api<Agreement[]>('GET', '/agreements') : Promise.resolve([] as Agreement[]),
    ]);
    const served = agreements
      .filter((a) => a.status === 'active')
      .flatMap((a) => a.healthCentres.map((c: { id: string; name: string }) => ({ id: c.id, name: `${c.name} (${a.receiver.regionName})` })));
    return [...own, ...served.filter((c, i) => !own.some((o) => o.id === c.id) && served.findIndex((x) => x.id === c.id) === i)];
  }, [asSpecialist]);
  const centres = centresLoad.data ?? [];
  useEffect(() => {
    load();
    const socket = realtime();
    const onUpdate = (e: { pathwayKey: string }) => {
      if (e.pathwayKey === pathwayKey) load();
    };
    socket.on('queue.updated', onUpdate);
    return () => {
      socket.off('queue.updated', onUpdate);
    };
  }, [load, pathwayKey]);
  return (
    <section className="card" data-testid="queue">
      <h2>
        {t('queue')}{' '}
        <span className="muted">
          {queue.data ? `(${queue.data.total}) · ` : ''}
          <span data-testid="live">{live ? t('live') : t('liveLost')}</span>
        </span>
      </h2>
      {pathwaysLoad.error && <LoadError what="loadFailed_pathways" error={pathwaysLoad.error} onRetry={pathwaysLoad.reload} />}
      {centresLoad.error && <LoadError what="loadFailed_centres" error={centresLoad.error} onRetry={centresLoad.reload} />}
      <div className="row">
        <div>
          <label htmlFor="queue-pathway">{t('pathway')}</label>
          <select id="queue-pathway" value={pathwayKey} onChange={(e) => setPathwayKey(e.target.value)}>
            {pathways.map((p) => (
              <option key={p.key} value={p.key}>
                {pick(p.title)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="queue-centre">{t('centre')}</label>
          <select id="queue-centre" value={centre} onChange={(e) => setCentre(e.target.value)}>
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
        <table>
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
              <tr key={i.caseId} data-case={i.caseId}>
                <td>{i.rank}</td>
                <td>
                  {i.patient.name}, {i.patient.age} {t('years')} <InterpreterBadge language={i.patient.interpreterLanguage} />
                </td>
                <td>
                  <span className={`badge ${i.category}`}>{label(i.category)}</span>
                  {i.flags.map((f) => (
                    <span key={f} className="badge">
                      {f}
                    </span>
                  ))}
                </td>
                <td>
                  {formatDate(i.dueDate, lang)} {i.overdue && <span className="badge overdue">{t('overdue')}</span>}
                </td>
                <td>{i.score}</td>
                <td>
                  <ul className="reasons">
                    {i.reasons.map((r) => (
                      <li key={r.ruleId}>{pick(r.text)}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  {i.healthCentre.name}
                  <div className="muted">{formatDateTime(i.triagedAt, lang)}</div>
                  {asSpecialist && definition && <CaseActions caseId={i.caseId} current={i.category} categories={definition.categories.map((c) => ({ key: c.key, label: pick(c.label) }))} onDone={load} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        )}
      </Loaded>
      )}
    </section>
  );
}

interface Session {
  id: string;
  healthCentre: { name: string };
  specialist: { displayName: string };
  start: string;
  end: string;
  mode: string;
  status: string;
  slots: Array<{ id: string; start: string; booking?: { visitId: string; visitStatus: string; patient: { name: string }; category: string } }>;
}

export function Calendar({ user }: { user: User }) {
  const { t, lang, pick } = useT();
  const label = useCategoryLabels();
  const sessionsLoad = useLoad(() => api<Session[]>('GET', `/clinic-sessions${user.role === 'specialist' ? `?specialistId=${user.id}` : ''}`), [user]);
  const load = sessionsLoad.reload;
  useEffect(() => {
    const socket = realtime();
    socket.on('queue.updated', load);
    return () => {
      socket.off('queue.updated', load);
    };
  }, [load]);
  return (
    <section className="card">
      <h2>{t('calendar')}</h2>
      <CalendarFeedLink />
      <Loaded load={sessionsLoad} failed="loadFailed_sessions" empty={<p>{t('noSessions')}</p>}>
        {(sessions) => sessions.map((s) => (
        <article key={s.id} className="card">
          <h3>
            {formatDateTime(s.start, lang)} – {new Date(s.end).toLocaleTimeString(lang === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' })} · {s.healthCentre.name} ·{' '}
            {t(s.mode as Key)} {s.status === 'cancelled' && <span className="badge urgent">{t('visit_cancelled')}</span>}
          </h3>
          <table>
            <tbody>
              {s.slots.map((slot) => (
                <tr key={slot.id}>
                  <td>{new Date(slot.start).toLocaleTimeString(lang === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' })}</td>
                  <td>
                    {slot.booking ? (
                      <>
                        {slot.booking.patient.name} <span className={`badge ${slot.booking.category}`}>{pick(label(slot.booking.category)) || slot.booking.category}</span> · {t(`visit_${slot.booking.visitStatus}` as Key)}
                      </>
                    ) : (
                      <span className="muted">{t('free')}</span>
                    )}
                  </td>
                  <td>
                    {slot.booking && user.role === 'specialist' && ['scheduled', 'waiting', 'in_progress'].includes(slot.booking.visitStatus) && (
                      <a href={`#/visit/${slot.booking.visitId}`} data-testid="open-visit">
                        {t('openVisit')}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
        ))}
      </Loaded>
    </section>
  );
}

/** Re-triage to another category or withdraw, each with a mandatory reason (both audited). */
function CaseActions({ caseId, current, categories, onDone }: { caseId: string; current: string; categories: Array<{ key: string; label: string }>; onDone: () => void }) {
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
