import { useEffect, useRef, useState } from 'react';
import { ageInYears, formatPersonnummer, parsePersonnummer } from '@libs/patients/src/core/personnummer';
import { api, ApiFailure, Evaluation, FieldProblem, Patient, PathwayDefinition, Slot, Text, TriageCase, User, VisitSummary } from '../api';
import { ErrorBox, Tabs } from '../components/ErrorBox';
import { PathwayStatus } from '../components/PathwayStatus';
import { ReferralAnswers } from '../components/ReferralAnswers';
import { actsNow, Answers, SendBlocked, TriageForm, TriagePreview } from '../components/TriageForm';
import { InterpreterBadge } from '../components/InterpreterBadge';
import { UndeliveredNotices } from '../components/UndeliveredNotices';
import { useCategoryLabels } from '../components/useCategoryLabels';
import { Loaded, LoadError, useLoad } from '../components/useLoad';
import { formatDate, formatDateTime, Key, useT } from '../i18n';
import { realtime } from '../realtime';
import { useRouteTab } from '../router';

const TABS = ['triage', 'cases', 'visits', 'inbox'] as const;
type Tab = (typeof TABS)[number];

export function Nurse({ user }: { user: User }) {
  const { t } = useT();
  // The tab is the URL's first segment (#/cases, #/inbox ...): reload and back keep it.
  const [tab, setTab] = useRouteTab<Tab>('triage', TABS);
  return (
    <>
      <Tabs<Tab>
        current={tab}
        onChange={setTab}
        tabs={[
          ['triage', t('triage')],
          ['cases', t('cases')],
          ['visits', t('todaysVisits')],
          ['inbox', t('inbox')],
        ]}
      >
        {tab === 'triage' && <TriageFlow user={user} />}
        {tab === 'cases' && (
          <>
            <UndeliveredNotices healthCentreId={user.healthCentreId!} />
            <CentreCases />
          </>
        )}
        {tab === 'visits' && <TodaysVisits />}
        {tab === 'inbox' && <Inbox />}
      </Tabs>
    </>
  );
}

function PatientFinder({ user, onPatient }: { user: User; onPatient: (p: Patient) => void }) {
  const { t, lang } = useT();
  const [pnr, setPnr] = useState('');
  const [missing, setMissing] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<unknown>(null);
  const parsed = pnr.trim() ? parsePersonnummer(pnr) : null;
  const find = async () => {
    setError(null);
    setMissing(false);
    try {
      // In the body, never the URL: URLs reach logs and browser history.
      onPatient(await api<Patient>('POST', '/patients/search', { personnummer: pnr.trim() }));
    } catch (e) {
      if ((e as ApiFailure).status === 404) setMissing(true);
      else setError(e);
    }
  };
  const register = async () => {
    setError(null);
    try {
      onPatient(await api<Patient>('POST', '/patients', { personnummer: pnr.trim(), name, healthCentreId: user.healthCentreId, ...(phone ? { phone } : {}) }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="find-title">
      <h2 id="find-title">{t('patient')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed?.ok) void find();
        }}
      >
        <div>
          <label htmlFor="pnr">{t('personnummer')}</label>
          <input id="pnr" value={pnr} placeholder="ÅÅÅÅMMDD-NNNN" aria-invalid={parsed ? !parsed.ok : undefined} aria-describedby="pnr-msg" onChange={(e) => setPnr(e.target.value)} />
          <div id="pnr-msg" className={parsed && !parsed.ok ? 'field-error' : 'help'} aria-live="polite">
            {parsed ? (parsed.ok ? `${formatPersonnummer(parsed.value.normalized)} · ${ageInYears(parsed.value.birthDate)} ${t('years')}` : parsed.message[lang]) : ''}
          </div>
        </div>
        <button className="primary" type="submit" disabled={!parsed?.ok}>
          {t('find')}
        </button>
      </form>
      {missing && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void register();
          }}
        >
          <p>{t('notFoundRegister')}</p>
          <label htmlFor="pname">{t('name')}</label>
          <input id="pname" value={name} onChange={(e) => setName(e.target.value)} required />
          <label htmlFor="pphone">{t('phone')}</label>
          <input id="pphone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
          <p>
            <button className="primary" type="submit">
              {t('register')}
            </button>
          </p>
        </form>
      )}
      <ErrorBox error={error} />
    </section>
  );
}

function TriageFlow({ user }: { user: User }) {
  const { t, pick } = useT();
  // The unsent form survives a reload and a sign-in again in this tab (issue 18, #4). In this tab's
  // sessionStorage only: it holds patient data, so it goes when the tab is closed and is never shared
  // with another tab, device or user; sending the case or starting a new one removes it.
  const draftKey = `ledtriage.triageDraft.${user.id}`;
  const draft = useRef<{ patient: Patient; key: string; answers: Answers; idempotencyKey: string } | null>(
    JSON.parse(sessionStorage.getItem(draftKey) ?? 'null'),
  );
  const [patient, setPatient] = useState<Patient | null>(draft.current?.patient ?? null);
  const [key, setKey] = useState(draft.current?.key ?? '');
  const [answers, setAnswers] = useState<Answers>({});
  const [preview, setPreview] = useState<Evaluation | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [result, setResult] = useState<TriageCase | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  // One key per form submission, reused on retry, so a double press creates one case.
  const idempotencyKey = useRef(draft.current?.idempotencyKey ?? crypto.randomUUID());

  // Issue 19: the pathways live or in training at her centre, with her training status.
  const pathwaysLoad = useLoad(
    () => api<Array<{ key: string; title: Text; version: number; state: string; trained: boolean; usable: boolean; refresherDue: boolean }>>('GET', '/my-pathways'),
    [],
  );
  const pathways = pathwaysLoad.data ?? [];
  useEffect(() => {
    if (pathways.length > 0) setKey((k: string) => k || pathways[0].key);
  }, [pathwaysLoad.data]);
  const definitionLoad = useLoad(() => (key ? api<PathwayDefinition>('GET', `/pathways/${key}`) : Promise.resolve(null)), [key]);
  const definition = definitionLoad.data ?? null;
  // A new pathway starts a new form; choosing the patient only fills in what is known of her, and
  // never wipes answers already given.
  useEffect(() => {
    // The restored draft's answers, once its pathway's form is there.
    const restored = draft.current && definition?.key === draft.current.key ? draft.current.answers : null;
    if (definition) draft.current = null;
    setAnswers(restored ?? {});
    setPreview(null);
  }, [definition]);
  useEffect(() => {
    if (draft.current) return; // not yet restored
    if (patient && key && Object.keys(answers).length > 0) {
      sessionStorage.setItem(draftKey, JSON.stringify({ patient, key, answers, idempotencyKey: idempotencyKey.current }));
    }
  }, [patient, key, answers, draftKey]);
  useEffect(() => {
    const age = definition?.questions.find((q) => q.prefill === 'patient.ageYears');
    if (age && patient) setAnswers((a) => (a[age.id] === undefined ? { ...a, [age.id]: patient.ageYears } : a));
  }, [definition, patient]);
  // Live preview: the server's own evaluation, a moment after the nurse stops typing.
  const previewRequest = useRef(0);
  useEffect(() => {
    if (!definition) return;
    const timer = setTimeout(() => {
      // Answers can arrive out of order; only the latest request may set the preview.
      const id = ++previewRequest.current;
      api<Evaluation>('POST', `/pathways/${definition.key}/evaluate`, { answers })
        .then((e) => {
          if (id !== previewRequest.current) return;
          setPreview(e);
          setProblems([]);
        })
        .catch((e: ApiFailure) => {
          if (id !== previewRequest.current) return;
          setPreview(null);
          setProblems((e.details ?? []).filter((d) => d.reason !== 'is required'));
        });
    }, 300);
    return () => clearTimeout(timer);
  }, [answers, definition]);

  const send = async () => {
    if (!patient || !definition) return;
    setSending(true);
    setError(null);
    try {
      const created = await api<TriageCase>('POST', '/triage-cases', { patientId: patient.id, pathwayKey: definition.key, answers }, { 'Idempotency-Key': idempotencyKey.current });
      setResult(created);
      sessionStorage.removeItem(draftKey);
    } catch (e) {
      setError(e);
      setProblems((e as ApiFailure).details ?? []);
    } finally {
      setSending(false);
    }
  };
  const restart = () => {
    sessionStorage.removeItem(draftKey);
    setPatient(null);
    setResult(null);
    setAnswers({});
    idempotencyKey.current = crypto.randomUUID();
  };

  if (result && definition) return <TriageResult result={result} definition={definition} user={user} onNew={restart} />;
  const canSend = preview !== null && preview.category !== null;
  return (
    <>
      {!patient ? (
        <PatientFinder user={user} onPatient={setPatient} />
      ) : (
        <div className="card">
          <strong>{patient.name}</strong> · {formatPersonnummer(patient.personnummer)} · {patient.ageYears} {t('years')}{' '}
          <button className="link" onClick={restart}>
            {t('newTriage')}
          </button>
        </div>
      )}
      {patient && (
        <div className="grid">
          <section className="card" aria-labelledby="form-title">
            <h2 id="form-title">{t('triage')}</h2>
            <label htmlFor="pathway">{t('pathway')}</label>
            <select id="pathway" value={key} onChange={(e) => setKey(e.target.value)}>
              {pathways.map((p) => (
                <option key={p.key} value={p.key}>
                  {pick(p.title)} (v{p.version}){p.usable ? '' : ` – ${t(p.state !== 'live' ? 'notLiveYet' : 'notTrained')}`}
                </option>
              ))}
            </select>
            {pathwaysLoad.error && <LoadError what="loadFailed_pathways" error={pathwaysLoad.error} onRetry={pathwaysLoad.reload} />}
            <PathwayStatus pathway={pathways.find((p) => p.key === key)} />
            {definitionLoad.error && <LoadError what="loadFailed_form" error={definitionLoad.error} onRetry={definitionLoad.reload} />}
            {!definition && !definitionLoad.error && !pathwaysLoad.error && (
              <p className="muted" role="status">
                {t('loading')}
              </p>
            )}
            {definition && <TriageForm definition={definition} answers={answers} onChange={setAnswers} problems={problems} />}
            <ErrorBox error={error} />
            <p>
              {/* Sendable once the answers decide the outcome (#15.2): an emergency needs no more. */}
              <button
                className="primary"
                onClick={send}
                disabled={sending || !canSend}
                aria-describedby={canSend ? undefined : 'send-blocked'}
              >
                {sending ? t('sending') : t('send')}
              </button>
            </p>
            {!canSend && definition && <SendBlocked id="send-blocked" definition={definition} preview={preview} />}
          </section>
          <aside className="card" aria-live="polite" aria-labelledby="preview-title">
            <h2 id="preview-title">{t('preview')}</h2>
            {definition && <TriagePreview definition={definition} preview={preview} />}
          </aside>
        </div>
      )}
    </>
  );
}

function TriageResult({ result, definition, user, onNew }: { result: TriageCase; definition: PathwayDefinition; user: User; onNew: () => void }) {
  const { t, pick, lang } = useT();
  const [booked, setBooked] = useState<{ start: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const category = definition.categories.find((c) => c.key === result.category);
  const slotsLoad = useLoad(
    async () => (result.status === 'awaiting_booking' ? (await api<Slot[]>('GET', `/slots?healthCentreId=${user.healthCentreId}&free=true`)).slice(0, 8) : []),
    [result, user],
  );
  const loadSlots = slotsLoad.reload;
  const book = async (slot: Slot) => {
    setError(null);
    try {
      await api('POST', '/bookings', { caseId: result.id, slotId: slot.id });
      setBooked({ start: slot.start });
    } catch (e) {
      setError(e);
      loadSlots();
    }
  };
  return (
    <section className="card" data-testid="triage-result" aria-live="polite">
      {/* A category due today that no visit can serve is an instruction to act now. */}
      {category && actsNow(category) ? (
        <div className="alert" role="alert">
          <h2>
            {t('emergency')}: {pick(category?.label)}
          </h2>
          <p style={{ fontSize: '1.2rem' }}>{pick(category?.instruction)}</p>
        </div>
      ) : (
        <>
          <h2>
            <span className={`badge ${result.category}`}>{pick(category?.label) || result.category}</span>
          </h2>
          {result.dueDate && (
            <p>
              {t('dueDate')}: <strong>{formatDate(result.dueDate, lang)}</strong>
            </p>
          )}
          {category?.instruction && <p>{pick(category.instruction)}</p>}
        </>
      )}
      {/* No empty heading: primary care may have no reason to give (#15.2). */}
      {result.reasons.length > 0 && (
        <>
          <h3>{t('reasons')}</h3>
          <ul className="reasons">
            {result.reasons.map((r) => (
              <li key={r.ruleId}>{pick(r.text)}</li>
            ))}
          </ul>
        </>
      )}
      {result.status === 'awaiting_booking' && (
        <>
          <h3>{t('proposedSlots')}</h3>
          {booked ? (
            <p className="success" role="status">
              {t('bookedAt')}: <strong>{formatDateTime(booked.start, lang)}</strong>
            </p>
          ) : (
            <Loaded load={slotsLoad} failed="loadFailed_slots" empty={<p>{t('noSlots')}</p>}>
              {(slots) => (
            <ul>
              {slots.map((s) => (
                <li key={s.id} className="row" style={{ alignItems: 'center', margin: '4px 0' }}>
                  <span>
                    {formatDateTime(s.start, lang)} · {s.specialist.displayName}
                  </span>
                  <button className="secondary" onClick={() => book(s)} aria-label={`${t('book')} ${formatDateTime(s.start, lang)}`}>
                    {t('book')}
                  </button>
                </li>
              ))}
            </ul>
              )}
            </Loaded>
          )}
        </>
      )}
      <ErrorBox error={error} />
      <p>
        <button className="secondary" onClick={onNew}>
          {t('newTriage')}
        </button>
      </p>
    </section>
  );
}

function CentreCases() {
  const { t, lang, pick } = useT();
  const label = useCategoryLabels();
  const casesLoad = useLoad(() => api<TriageCase[]>('GET', '/triage-cases'), []);
  const load = casesLoad.reload;
  useEffect(() => {
    const socket = realtime();
    socket.on('case.updated', load);
    return () => {
      socket.off('case.updated', load);
    };
  }, [load]);
  return (
    <section className="card">
      <h2>{t('cases')}</h2>
      <Loaded load={casesLoad} failed="loadFailed_cases" empty={<p>{t('noCases')}</p>}>
        {(cases) => (
      <table>
        <thead>
          <tr>
            <th>{t('patient')}</th>
            <th>{t('category')}</th>
            <th>{t('dueDate')}</th>
            <th>{t('status')}</th>
            <th>{t('triaged')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              <td>
                {c.patientName} <InterpreterBadge language={c.interpreterLanguage} />
              </td>
              <td>
                <span className={`badge ${c.category}`}>{pick(label(c.category)) || c.category}</span>
              </td>
              <td>
                {c.dueDate ? formatDate(c.dueDate, lang) : '–'} {c.overdue && <span className="badge overdue">{t('overdue')}</span>}
              </td>
              <td>{t(`status_${c.status}` as Key)}</td>
              <td>{formatDateTime(c.triagedAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
        )}
      </Loaded>
    </section>
  );
}

export function TodaysVisits() {
  const { t, lang } = useT();
  const [date, setDate] = useState(() => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date()));
  const visitsLoad = useLoad(() => api<VisitSummary[]>('GET', `/visits?date=${date}`), [date]);
  const load = visitsLoad.reload;
  useEffect(() => {
    const socket = realtime();
    socket.on('visit.updated', load);
    return () => {
      socket.off('visit.updated', load);
    };
  }, [load]);
  return (
    <section className="card">
      <h2>{t('todaysVisits')}</h2>
      <label htmlFor="visit-date">Datum / Date</label>
      <input id="visit-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      <Loaded load={visitsLoad} failed="loadFailed_visits" empty={<p>{t('noVisits')}</p>}>
        {(visits) => (
        <table>
          <tbody>
            {visits.map((v) => (
              <tr key={v.id}>
                <td>{formatDateTime(v.start, lang)}</td>
                <td>
                  {v.patient.name} <InterpreterBadge language={v.patient.interpreterLanguage} />
                </td>
                <td>{v.healthCentre.name}</td>
                <td>{t(`visit_${v.status}` as Key)}</td>
                <td>
                  {['scheduled', 'waiting', 'in_progress'].includes(v.status) && (
                    <a className="primary" href={`#/visit/${v.id}`} data-testid="start-visit">
                      {t('startVisit')}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        )}
      </Loaded>
    </section>
  );
}

interface Answer {
  id: string;
  visitId: string;
  patient: { name: string };
  author: string;
  summary: string;
  diagnosisCodes: string[];
  plan: string;
  instructions: string | null;
  createdAt: string;
  readAt: string | null;
}

function Inbox() {
  const { t, lang } = useT();
  const answersLoad = useLoad(() => api<Answer[]>('GET', '/inbox'), []);
  const load = answersLoad.reload;
  const [error, setError] = useState<unknown>(null);
  const markRead = (id: string) => {
    setError(null);
    api('POST', `/inbox/${id}/read`).then(load, setError);
  };
  useEffect(() => {
    const socket = realtime();
    socket.on('inbox.updated', load);
    return () => {
      socket.off('inbox.updated', load);
    };
  }, [load]);
  return (
    <section className="card" data-testid="inbox">
      <h2>{t('inbox')}</h2>
      <ErrorBox error={error} />
      <Loaded load={answersLoad} failed="loadFailed_answers" empty={<p>{t('noAnswers')}</p>}>
        {(answers) => answers.map((a) => (
        <article key={a.id} className="card">
          <h3>
            {a.patient.name} {!a.readAt && <span className="badge urgent">{t('unread')}</span>}
          </h3>
          <p className="muted">
            {a.author} · {formatDateTime(a.createdAt, lang)}
          </p>
          <p>{a.summary}</p>
          {a.diagnosisCodes.length > 0 && <p>ICD-10-SE: {a.diagnosisCodes.join(', ')}</p>}
          <p>
            <strong>{t('plan')}:</strong> {t(`plan_${a.plan}` as Key)}
          </p>
          {a.instructions && (
            <p>
              <strong>{t('instructions')}:</strong> {a.instructions}
            </p>
          )}
          {!a.readAt && (
            <button className="secondary" onClick={() => markRead(a.id)}>
              {t('markRead')}
            </button>
          )}
        </article>
        ))}
      </Loaded>
      <ReferralAnswers />
    </section>
  );
}
