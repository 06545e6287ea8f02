import { useEffect, useRef, useState } from 'react';
import { ageInYears, formatPersonnummer, parsePersonnummer } from '@libs/patients/src/core/personnummer';
import { urgencyOf } from '@libs/pathways/src/core/levels';
import {
  api,
  ApiFailure,
  type Category,
  type Evaluation,
  type FieldProblem,
  type ListedTriageCase,
  type Patient,
  type PathwayDefinition,
  type Schemas,
  type Slot,
  type TriageCase,
  type User,
  type VisitSummary,
} from '../api';
import { CategoryBadge } from '../components/CategoryBadge';
import { ErrorBox, Tabs } from '../components/ErrorBox';
import { PathwayStatus } from '../components/PathwayStatus';
import { ReferralAnswers } from '../components/ReferralAnswers';
import { actsNow, type Answers, EmergencyInstruction, ScoreLine, SendBlocked, TriageForm, TriagePreview } from '../components/TriageForm';
import { InterpreterBadge } from '../components/InterpreterBadge';
import { UndeliveredNotices } from '../components/UndeliveredNotices';
import { useCategories } from '../components/useCategoryLabels';
import { type Load, Loaded, LoadError, useLoad } from '../components/useLoad';
import { count, fill, formatDate, formatDateTime, type Key, useT } from '../i18n';
import { realtime } from '../realtime';
import { Link, navigate, pathOf, useLeaveGuard, useRoute, useRouteTab } from '../router';

const TABS = ['triage', 'cases', 'visits', 'inbox'] as const;
type Tab = (typeof TABS)[number];

/** A case as the list answers it: with the personnummer (names repeat) and the active booking. */
type ListedCase = ListedTriageCase;
type MyPathway = Schemas['MyPathway'];

/** An open case blocks a new one on the same pathway (the database's triage_case_one_open). */
const OPEN_STATUSES = ['awaiting_booking', 'booked'];

/** Runs `reload` on a realtime event while the screen is shown. */
function useLiveReload(event: string, reload: () => void) {
  useEffect(() => {
    const socket = realtime();
    socket.on(event, reload);
    return () => {
      socket.off(event, reload);
    };
  }, [event, reload]);
}

/** Moves focus to what changed (the element gets tabIndex -1): after sign-in, registration, sending and booking (#17.8). */
function useFocusOnShow<T extends HTMLElement>(when: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [when]);
  return ref;
}

export function Nurse({ user }: { user: User }) {
  const { t, lang } = useT();
  // The tab is the URL's first segment (#/cases, #/inbox ...), the open case its second (#/cases/<id>):
  // reload, back and a shared link keep the place.
  const [tab, setTab] = useRouteTab<Tab>('triage', TABS);
  const route = useRoute();
  const openCaseId = tab === 'cases' ? route.segments[1] : undefined;
  // The answers are read here so the tab can say how many are unread.
  const answersLoad = useLoad(() => api<Answer[]>('GET', '/inbox'), []);
  useLiveReload('inbox.updated', answersLoad.reload);
  const unread = answersLoad.data?.filter((a) => !a.readAt).length ?? 0;
  return (
    <Tabs<Tab>
      current={tab}
      onChange={setTab}
      tabs={[
        ['triage', t('triage')],
        ['cases', t('cases')],
        ['visits', t('todaysVisits')],
        ['inbox', unread > 0 ? `${t('inbox')} (${count(lang, unread, 'unread')})` : t('inbox')],
      ]}
    >
      {tab === 'triage' && <TriageFlow user={user} />}
      {tab === 'cases' &&
        (openCaseId ? (
          <CaseDetail id={openCaseId} user={user} />
        ) : (
          <>
            <UndeliveredNotices healthCentreId={user.healthCentreId!} />
            <CentreCases />
          </>
        ))}
      {tab === 'visits' && <TodaysVisits />}
      {tab === 'inbox' && <Inbox answersLoad={answersLoad} />}
    </Tabs>
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
  // A name typed for a registration not yet made is asked about before leaving.
  useLeaveGuard(missing && (name.trim() !== '' || phone.trim() !== ''), t('leaveRegistration'));
  const registerTitle = useFocusOnShow<HTMLParagraphElement>(missing);
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
      const body = { personnummer: pnr.trim(), name, healthCentreId: user.healthCentreId, ...(phone ? { phone } : {}) };
      onPatient(await api<Patient>('POST', '/patients', body));
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
          <input
            id="pnr"
            value={pnr}
            placeholder="ÅÅÅÅMMDD-NNNN"
            aria-invalid={parsed ? !parsed.ok : undefined}
            aria-describedby="pnr-msg"
            onChange={(e) => setPnr(e.target.value)}
          />
          <div id="pnr-msg" className={parsed && !parsed.ok ? 'field-error' : 'help'} aria-live="polite">
            {!parsed
              ? ''
              : parsed.ok
                ? `${formatPersonnummer(parsed.value.normalized)} · ${ageInYears(parsed.value.birthDate)} ${t('years')}`
                : parsed.message[lang]}
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
          <p ref={registerTitle} tabIndex={-1}>
            {t('notFoundRegister')}
          </p>
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

/** The patient as every result and case shows her: name, personnummer, age. */
function PatientLine({ patient }: { patient: { name: string; personnummer: string; ageYears?: number } }) {
  const { t } = useT();
  return (
    <span data-testid="patient-line">
      <strong>{patient.name}</strong> · {formatPersonnummer(patient.personnummer)}
      {patient.ageYears !== undefined && ` · ${patient.ageYears} ${t('years')}`}
    </span>
  );
}

/** The patient's open cases, said at search (not first when sending), each with a link to it. */
function OpenCases({ cases, pathwayKey, pathways }: { cases: ListedCase[]; pathwayKey: string; pathways: MyPathway[] }) {
  const { t, lang, pick } = useT();
  const open = cases.filter((c) => OPEN_STATUSES.includes(c.status));
  if (open.length === 0) return null;
  // The chosen pathway's open case first: it is the one that stops a new case.
  open.sort((a, b) => Number(b.pathwayKey === pathwayKey) - Number(a.pathwayKey === pathwayKey));
  return (
    <div className={open[0].pathwayKey === pathwayKey ? 'notice warning' : 'notice'} role="status" data-testid="open-cases">
      {open.map((c) => (
        <p key={c.id}>
          {fill(t('openCaseExists'), {
            pathway: pick(pathways.find((p) => p.key === c.pathwayKey)?.title) || c.pathwayKey,
            status: t(`status_${c.status}` as Key),
            date: formatDate(c.triagedAt, lang),
          })}{' '}
          <Link to={pathOf(['cases', c.id])} data-testid="open-case-link">
            {t('openCase')}
          </Link>
        </p>
      ))}
    </div>
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
  // The draft is kept across in-app moves and a reload (sessionStorage), but not when the tab is closed
  // or she signs out: those ask first.
  useLeaveGuard(!!patient && !result && Object.keys(answers).length > 0, t('leaveDraft'), { inApp: false });
  const patientCard = useFocusOnShow<HTMLDivElement>(patient?.id);

  // Issue 19: the pathways live or in training at her centre, with her training status.
  const pathwaysLoad = useLoad(() => api<MyPathway[]>('GET', '/my-pathways'), []);
  const pathways = pathwaysLoad.data ?? [];
  const firstPathway = pathways[0]?.key;
  useEffect(() => {
    if (firstPathway) setKey((k: string) => k || firstPathway);
  }, [firstPathway]);
  const definitionLoad = useLoad(() => (key ? api<PathwayDefinition>('GET', `/pathways/${key}`) : Promise.resolve(null)), [key]);
  const definition = definitionLoad.data ?? null;
  // The patient's cases, read (and audited) as any case list: an open one is said before the form is filled.
  const patientCases = useLoad(
    () => (patient ? api<ListedCase[]>('GET', `/triage-cases?patientId=${patient.id}`) : Promise.resolve([])),
    [patient?.id],
  );
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
      const body = { patientId: patient.id, pathwayKey: definition.key, answers };
      const created = await api<TriageCase>('POST', '/triage-cases', body, { 'Idempotency-Key': idempotencyKey.current });
      setResult(created);
      sessionStorage.removeItem(draftKey);
    } catch (e) {
      const failure = e as ApiFailure;
      if (failure.status === 409 && failure.body?.openCaseId) {
        // Said in words with the way to the case, not as the server's English with an id.
        patientCases.reload();
        setError(new ApiFailure(409, t('openCaseSendRefused')));
      } else {
        setError(e);
        setProblems(failure.details ?? []);
      }
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

  if (result && definition && patient) {
    return <TriageResult result={result} definition={definition} patient={patient} user={user} onNew={restart} />;
  }
  const canSend = preview !== null && preview.category !== null;
  return (
    <>
      {!patient ? (
        <PatientFinder user={user} onPatient={setPatient} />
      ) : (
        <div className="card" ref={patientCard} tabIndex={-1} data-testid="patient-card">
          <PatientLine patient={patient} />{' '}
          <button className="link" onClick={restart}>
            {t('newTriage')}
          </button>
          {patientCases.error && <LoadError what="loadFailed_cases" error={patientCases.error} onRetry={patientCases.reload} />}
          {patientCases.data && <OpenCases cases={patientCases.data} pathwayKey={key} pathways={pathways} />}
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

/**
 * What a case's status means to the nurse. "Hänvisad" is told apart by the category's urgency level
 * (data, never its key or label): sent to the emergency department, or kept in primary care.
 */
function statusText(t: (k: Key) => string, status: string, category: Category | undefined): string {
  if (status === 'redirected' && category) {
    const level = urgencyOf(category);
    if (level === 'emergency') return t('status_redirected_emergency');
    if (level === 'primary_care') return t('status_redirected_primary_care');
  }
  return t(`status_${status}` as Key);
}

function SlotList({ slots, onPick, action }: { slots: Slot[]; onPick: (s: Slot) => void; action: string }) {
  const { lang } = useT();
  return (
    <ul className="slots">
      {slots.map((s) => (
        <li key={s.id} className="row" style={{ alignItems: 'center', margin: '4px 0' }}>
          <span>
            {formatDateTime(s.start, lang)} · {s.specialist.displayName}
          </span>
          <button className="secondary" onClick={() => onPick(s)} aria-label={`${action} ${formatDateTime(s.start, lang)}`}>
            {action}
          </button>
        </li>
      ))}
    </ul>
  );
}

function TriageResult({
  result,
  definition,
  patient,
  user,
  onNew,
}: {
  result: TriageCase;
  definition: PathwayDefinition;
  patient: Patient;
  user: User;
  onNew: () => void;
}) {
  const { t, pick, lang } = useT();
  const [booked, setBooked] = useState<{ start: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const category = definition.categories.find((c) => c.key === result.category);
  const heading = useFocusOnShow<HTMLDivElement>(result.id);
  const bookedLine = useFocusOnShow<HTMLParagraphElement>(booked);
  const slotsLoad = useLoad(
    async () =>
      result.status === 'awaiting_booking'
        ? (
            await api<Slot[]>(
              'GET',
              `/slots?healthCentreId=${user.healthCentreId}&free=true&pathwayKey=${encodeURIComponent(result.pathwayKey)}`,
            )
          ).slice(0, 8)
        : [],
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
      <div ref={heading} tabIndex={-1} className="result-patient">
        <PatientLine patient={patient} /> · {pick(definition.title)}
      </div>
      {/* A category due today that no visit can serve is an instruction to act now. */}
      {category && actsNow(category) ? (
        <EmergencyInstruction category={category} />
      ) : (
        <>
          <h2>
            <CategoryBadge category={category} categoryKey={result.category} />{' '}
            {result.status === 'redirected' && <span className="muted">{statusText(t, result.status, category)}</span>}
          </h2>
          {result.dueDate && (
            <p>
              {t('dueDate')}: <strong>{formatDate(result.dueDate, lang)}</strong>
            </p>
          )}
          {category?.instruction && <p>{pick(category.instruction)}</p>}
          {category?.inQueue && <ScoreLine score={result.score} />}
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
            <p className="success" role="status" ref={bookedLine} tabIndex={-1}>
              {t('bookedAt')}: <strong>{formatDateTime(booked.start, lang)}</strong>
            </p>
          ) : (
            <Loaded load={slotsLoad} failed="loadFailed_slots" empty={<p>{t('noSlots')}</p>}>
              {(slots) => <SlotList slots={slots} onPick={book} action={t('book')} />}
            </Loaded>
          )}
        </>
      )}
      <ErrorBox error={error} />
      <p className="row" style={{ alignItems: 'center' }}>
        <button className="secondary" onClick={onNew}>
          {t('newTriage')}
        </button>
        <Link to={pathOf(['cases', result.id])}>{t('openCase')}</Link>
      </p>
    </section>
  );
}

/** The pathways' titles by key, for the case list (the nurse's own pathways). */
function usePathwayTitles(): (key: string) => string {
  const { pick } = useT();
  const load = useLoad(() => api<MyPathway[]>('GET', '/my-pathways'), []);
  return (key) => pick(load.data?.find((p) => p.key === key)?.title) || key;
}

function CentreCases() {
  const { t, lang } = useT();
  const categories = useCategories();
  const title = usePathwayTitles();
  const route = useRoute();
  // The filter is in the URL (#/cases?q=…&status=…&pathway=…): reload and back keep it.
  const q = route.query.get('q') ?? '';
  const status = route.query.get('status') ?? '';
  const pathway = route.query.get('pathway') ?? '';
  const setFilter = (next: { q?: string; status?: string; pathway?: string }) =>
    navigate(pathOf(['cases'], { q, status, pathway, ...next }), { replace: true });
  const casesLoad = useLoad(() => api<ListedCase[]>('GET', '/triage-cases'), []);
  useLiveReload('case.updated', casesLoad.reload);
  const needle = q.trim().toLowerCase().replace(/[-\s]/g, '');
  const matches = (c: ListedCase) =>
    (!status || c.status === status) &&
    (!pathway || c.pathwayKey === pathway) &&
    (!needle || (c.patientName ?? '').toLowerCase().replace(/\s/g, '').includes(needle) || c.personnummer.includes(needle));
  return (
    <section className="card" aria-labelledby="cases-title">
      <h2 id="cases-title">{t('cases')}</h2>
      <div className="row filters" role="search">
        <div>
          <label htmlFor="case-filter">{t('filterCases')}</label>
          <input id="case-filter" type="search" value={q} onChange={(e) => setFilter({ q: e.target.value })} />
        </div>
        <div>
          <label htmlFor="case-status">{t('status')}</label>
          <select id="case-status" value={status} onChange={(e) => setFilter({ status: e.target.value })}>
            <option value="">{t('allStatuses')}</option>
            {['awaiting_booking', 'booked', 'redirected', 'completed', 'withdrawn'].map((s) => (
              <option key={s} value={s}>
                {t(`status_${s}` as Key)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="case-pathway">{t('pathway')}</label>
          <select id="case-pathway" value={pathway} onChange={(e) => setFilter({ pathway: e.target.value })}>
            <option value="">{t('allPathways')}</option>
            {[...new Set((casesLoad.data ?? []).map((c) => c.pathwayKey))].map((k) => (
              <option key={k} value={k}>
                {title(k)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Loaded load={casesLoad} failed="loadFailed_cases" empty={<p>{t('noCases')}</p>}>
        {(cases) => {
          const shown = cases.filter(matches);
          if (shown.length === 0) return <p role="status">{t('noMatchingCases')}</p>;
          return (
            <table className="cases" data-testid="case-list">
              <caption className="sr-only">{count(lang, shown.length, 'cases')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('patient')}</th>
                  <th scope="col">{t('pathway')}</th>
                  <th scope="col">{t('category')}</th>
                  <th scope="col">{t('bookedTime')}</th>
                  <th scope="col">{t('status')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => {
                  const category = categories(c.category, c.pathwayKey);
                  return (
                    <tr key={c.id} data-case={c.id}>
                      <td>
                        <Link to={pathOf(['cases', c.id])}>{c.patientName}</Link> <InterpreterBadge language={c.interpreterLanguage} />
                        <br />
                        <span className="muted">{formatPersonnummer(c.personnummer)}</span>
                      </td>
                      <td>{title(c.pathwayKey)}</td>
                      <td>
                        <CategoryBadge category={category} categoryKey={c.category} pathwayKey={c.pathwayKey} />
                        {c.dueDate && (
                          <div className="muted">
                            {t('dueDate')} {formatDate(c.dueDate, lang)}
                          </div>
                        )}
                        {c.overdue && <span className="badge overdue">{t('overdue')}</span>}
                      </td>
                      <td>{c.booking ? formatDateTime(c.booking.start, lang) : <span className="muted">{t('noBooking')}</span>}</td>
                      <td>{statusText(t, c.status, category)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          );
        }}
      </Loaded>
    </section>
  );
}

/** One case of the centre (#/cases/<id>): the patient, the outcome, the booking with rebook and cancel. */
function CaseDetail({ id, user }: { id: string; user: User }) {
  const { t, lang } = useT();
  const caseLoad = useLoad(() => api<TriageCase>('GET', `/triage-cases/${encodeURIComponent(id)}`), [id]);
  // The listed view of the same patient's cases carries the personnummer and the booking.
  const listed = useLoad(
    () => (caseLoad.data ? api<ListedCase[]>('GET', `/triage-cases?patientId=${caseLoad.data.patientId}`) : Promise.resolve(null)),
    [caseLoad.data?.patientId],
  );
  const reload = () => {
    caseLoad.reload();
    listed.reload();
  };
  useLiveReload('case.updated', reload);
  const heading = useFocusOnShow<HTMLHeadingElement>(caseLoad.data?.id);
  return (
    <section className="card" aria-labelledby="case-title" data-testid="case-detail">
      <p>
        <Link to="/cases">← {t('backToCases')}</Link>
      </p>
      <Loaded load={caseLoad} failed="loadFailed_cases">
        {(c) => {
          const row = listed.data?.find((l) => l.id === c.id);
          return (
            <>
              <h2 id="case-title" ref={heading} tabIndex={-1}>
                {t('caseTitle')}:{' '}
                {row ? <PatientLine patient={{ name: row.patientName ?? '', personnummer: row.personnummer }} /> : c.patientName}
              </h2>
              {listed.error && <LoadError what="loadFailed_cases" error={listed.error} onRetry={listed.reload} />}
              <CaseOutcome c={c} />
              {row && <BookingPanel c={row} user={user} onChanged={reload} />}
              {c.answers && <CaseAnswers pathwayKey={c.pathwayKey} answers={c.answers} />}
              <p className="muted">
                {t('triagedOn')} {formatDateTime(c.triagedAt, lang)}
              </p>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function CaseOutcome({ c }: { c: TriageCase }) {
  const { t, lang, pick } = useT();
  const categories = useCategories();
  const category = categories(c.category, c.pathwayKey);
  if (category && actsNow(category) && c.status === 'redirected') return <EmergencyInstruction category={category} headingLevel={3} />;
  return (
    <>
      <p>
        <CategoryBadge category={category} categoryKey={c.category} pathwayKey={c.pathwayKey} /> ·{' '}
        <strong>{statusText(t, c.status, category)}</strong>
        {c.overdue && <span className="badge overdue">{t('overdue')}</span>}
      </p>
      {c.dueDate && (
        <p>
          {t('dueDate')}: <strong>{formatDate(c.dueDate, lang)}</strong>
        </p>
      )}
      {category?.inQueue && <ScoreLine score={c.score} />}
      {c.reasons.length > 0 && (
        <>
          <h3>{t('reasons')}</h3>
          <ul className="reasons">
            {c.reasons.map((r) => (
              <li key={r.ruleId}>{pick(r.text)}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function CaseAnswers({ pathwayKey, answers }: { pathwayKey: string; answers: Answers }) {
  const { t, pick } = useT();
  const definition = useLoad(() => api<PathwayDefinition>('GET', `/pathways/${encodeURIComponent(pathwayKey)}`), [pathwayKey]);
  const shown = (q: PathwayDefinition['questions'][number], v: unknown) =>
    typeof v === 'boolean' ? t(v ? 'yes' : 'no') : q.options ? pick(q.options.find((o) => o.value === v)?.label) || String(v) : String(v);
  return (
    <>
      <h3>{t('triageAnswers')}</h3>
      <Loaded load={definition} failed="loadFailed_form">
        {(d) => (
          <dl className="answers">
            {d.questions
              .filter((q) => answers[q.id] !== undefined)
              .map((q) => (
                <div key={q.id} style={{ display: 'contents' }}>
                  <dt>{pick(q.label)}</dt>
                  <dd>{shown(q, answers[q.id])}</dd>
                </div>
              ))}
          </dl>
        )}
      </Loaded>
    </>
  );
}

/** The case's booking: the time, rebook to another free time, cancel (with a confirmation); or book one. */
function BookingPanel({ c, user, onChanged }: { c: ListedCase; user: User; onChanged: () => void }) {
  const { t, lang } = useT();
  const [mode, setMode] = useState<'idle' | 'rebook' | 'cancel'>('idle');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneLine = useFocusOnShow<HTMLParagraphElement>(done);
  const wantsSlots = c.status === 'awaiting_booking' || mode === 'rebook';
  const slotsLoad = useLoad(
    async () =>
      wantsSlots
        ? (
            await api<Slot[]>(
              'GET',
              `/slots?${new URLSearchParams({ healthCentreId: c.healthCentreId ?? user.healthCentreId ?? '', free: 'true', pathwayKey: c.pathwayKey })}`,
            )
          ).slice(0, 8)
        : [],
    [wantsSlots, c.id],
  );
  const act = async (run: () => Promise<unknown>, message: string) => {
    setError(null);
    try {
      await run();
      setMode('idle');
      setDone(message);
      onChanged();
    } catch (e) {
      setError(e);
      slotsLoad.reload();
    }
  };
  const booking = c.booking;
  return (
    <div className="booking" data-testid="booking-panel">
      <h3>{t('bookedTime')}</h3>
      {done && (
        <p className="success" role="status" ref={doneLine} tabIndex={-1}>
          {done}
        </p>
      )}
      {booking ? (
        <>
          <p>
            <strong data-testid="booked-time">{formatDateTime(booking.start, lang)}</strong>
            {booking.visitId && (
              <>
                {' '}
                · <Link to={pathOf(['visit', booking.visitId])}>{t('startVisit')}</Link>
              </>
            )}
          </p>
          {mode === 'idle' && (
            <p className="row">
              <button className="secondary" onClick={() => setMode('rebook')}>
                {t('rebook')}
              </button>
              <button className="secondary" onClick={() => setMode('cancel')}>
                {t('cancelBooking')}
              </button>
            </p>
          )}
          {mode === 'cancel' && (
            <form
              className="confirm"
              onSubmit={(e) => {
                e.preventDefault();
                void act(
                  () => api('POST', `/bookings/${booking.id}/cancel`, reason.trim() ? { reason: reason.trim() } : {}),
                  t('bookingCancelled'),
                );
              }}
            >
              <p role="alert">{fill(t('cancelBookingConfirm'), { time: formatDateTime(booking.start, lang) })}</p>
              <label htmlFor="cancel-reason">{t('cancelReason')}</label>
              <input id="cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
              <p className="row">
                <button className="primary" type="submit">
                  {t('cancelBooking')}
                </button>
                <button className="secondary" type="button" onClick={() => setMode('idle')}>
                  {t('keepBooking')}
                </button>
              </p>
            </form>
          )}
        </>
      ) : (
        <p className="muted">{t('noBooking')}</p>
      )}
      {wantsSlots && (
        <>
          <h4>{t('proposedSlots')}</h4>
          <Loaded load={slotsLoad} failed="loadFailed_slots" empty={<p>{t('noSlots')}</p>}>
            {(slots) => (
              <SlotList
                slots={slots}
                action={booking ? t('rebookTo') : t('book')}
                onPick={(s) =>
                  void act(
                    () =>
                      booking
                        ? api('POST', `/bookings/${booking.id}/reschedule`, { slotId: s.id })
                        : api('POST', '/bookings', { caseId: c.id, slotId: s.id }),
                    `${booking ? t('bookingMoved') : t('bookedAt')}: ${formatDateTime(s.start, lang)}`,
                  )
                }
              />
            )}
          </Loaded>
          {booking && (
            <button className="link" onClick={() => setMode('idle')}>
              {t('keepBooking')}
            </button>
          )}
        </>
      )}
      <ErrorBox error={error} />
    </div>
  );
}

export function TodaysVisits() {
  const { t, lang } = useT();
  const [date, setDate] = useState(() => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date()));
  const visitsLoad = useLoad(() => api<VisitSummary[]>('GET', `/visits?date=${date}`), [date]);
  useLiveReload('visit.updated', visitsLoad.reload);
  return (
    <section className="card">
      <h2>{t('todaysVisits')}</h2>
      <label htmlFor="visit-date">{t('visitDate')}</label>
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
                      <Link className="primary" to={pathOf(['visit', v.id])} data-testid="start-visit">
                        {t('startVisit')}
                      </Link>
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

/** A specialist's answer in the nurse's inbox (GET /inbox). */
type Answer = Schemas['InboxAnswer'];

function Inbox({ answersLoad }: { answersLoad: Load<Answer[]> }) {
  const { t, lang, pick } = useT();
  const [error, setError] = useState<unknown>(null);
  const markRead = (id: string) => {
    setError(null);
    api('POST', `/inbox/${id}/read`).then(answersLoad.reload, setError);
  };
  return (
    <section className="card" data-testid="inbox">
      <h2>{t('inbox')}</h2>
      <ErrorBox error={error} />
      <Loaded load={answersLoad} failed="loadFailed_answers" empty={<p>{t('noAnswers')}</p>}>
        {(answers) =>
          answers.map((a) => (
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
                <strong>{t('plan')}:</strong> {a.planLabel ? pick(a.planLabel) : a.plan}
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
          ))
        }
      </Loaded>
      <ReferralAnswers />
    </section>
  );
}
