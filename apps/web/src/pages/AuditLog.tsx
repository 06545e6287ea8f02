import { type FormEvent, useState } from 'react';
import { api, ApiFailure, type Clinic, type HealthCentre, type Patient, type Schemas, session, type User } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Loaded, useLoad } from '../components/useLoad';
import { useT } from '../i18n';

/** One row of GET /audit-events. */
type AuditRow = Schemas['AuditEvent'];
/** A page of a patient's access log, and one of its rows. */
type AccessPage = Schemas['AccessLogPage'];
type AccessRow = Schemas['AccessLogItem'];

const ACTIONS = ['create', 'read', 'update', 'delete', 'execute', 'login'];
const OUTCOMES = ['success', 'denied', 'failed'];
const when = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' });

/**
 * The audit log for people (issue 18, #5): the region's administrator searches it (patient, user,
 * period, action, outcome), reads one patient's access log page by page and downloads it as CSV or PDF, and
 * keeps the HSA-ids of users and care units (#2) that every audit row carries.
 */
export function AuditLog() {
  return (
    <div className="grid">
      <AuditSearch />
      <HsaIds />
    </div>
  );
}

function AuditSearch() {
  const { t } = useT();
  const users = useLoad(() => api<User[]>('GET', '/users'), []);
  const [form, setForm] = useState({ personnummer: '', userId: '', from: '', to: '', action: '', outcome: '' });
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [patient, setPatient] = useState<{ id: string; name: string } | null>(null);
  const [log, setLog] = useState<{ items: AccessRow[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setLog(null);
    try {
      const found = form.personnummer.trim()
        ? await api<Patient>('POST', '/patients/search', { personnummer: form.personnummer.trim() })
        : null;
      setPatient(found);
      const q = new URLSearchParams();
      if (found) q.set('patientId', found.id);
      if (form.userId) q.set('userId', form.userId);
      if (form.from) q.set('from', new Date(`${form.from}T00:00:00`).toISOString());
      if (form.to) q.set('to', new Date(`${form.to}T24:00:00`).toISOString());
      if (form.action) q.set('action', form.action);
      if (form.outcome) q.set('outcome', form.outcome);
      setRows(await api<AuditRow[]>('GET', `/audit-events?${q}`));
      if (found) setLog(await api('GET', `/patients/${found.id}/access-log?limit=50`));
    } catch (err) {
      setRows(null);
      setError(err);
    }
  };

  const more = async () => {
    if (!patient || !log?.nextCursor) return;
    try {
      const next = await api<AccessPage>('GET', `/patients/${patient.id}/access-log?limit=50&cursor=${encodeURIComponent(log.nextCursor)}`);
      setLog({ items: [...log.items, ...next.items], nextCursor: next.nextCursor });
    } catch (err) {
      setError(err);
    }
  };

  const download = async (format: 'csv' | 'pdf') => {
    if (!patient) return;
    setError(null);
    try {
      const get = () =>
        fetch(`/api/v1/patients/${patient.id}/access-log?format=${format}`, {
          headers: {
            accept: format === 'csv' ? 'text/csv' : 'application/pdf',
            ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
          },
        });
      let res = await get();
      if (res.status === 401 && (await session.renew())) res = await get();
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new ApiFailure(res.status, body.message ?? res.statusText, body.details ?? [], body);
      }
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `access-log-${patient.id}.${format}`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setError(err);
    }
  };

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  return (
    <section className="card" data-testid="audit-search">
      <h2>{t('auditLog')}</h2>
      <form onSubmit={search}>
        <label htmlFor="audit-pnr">{t('personnummer')}</label>
        <input id="audit-pnr" value={form.personnummer} onChange={set('personnummer')} />
        <label htmlFor="audit-user">{t('auditUser')}</label>
        <Loaded load={users} failed="loadFailed_users">
          {(list) => (
            <select id="audit-user" value={form.userId} onChange={set('userId')}>
              <option value="">{t('auditAny')}</option>
              {list.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName} ({u.username})
                </option>
              ))}
            </select>
          )}
        </Loaded>
        <div className="row">
          <span>
            <label htmlFor="audit-from">{t('auditFrom')}</label>
            <input id="audit-from" type="date" value={form.from} onChange={set('from')} />
          </span>
          <span>
            <label htmlFor="audit-to">{t('auditTo')}</label>
            <input id="audit-to" type="date" value={form.to} onChange={set('to')} />
          </span>
        </div>
        <label htmlFor="audit-action">{t('auditAction')}</label>
        <select id="audit-action" value={form.action} onChange={set('action')}>
          <option value="">{t('auditAny')}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <label htmlFor="audit-outcome">{t('auditOutcome')}</label>
        <select id="audit-outcome" value={form.outcome} onChange={set('outcome')}>
          <option value="">{t('auditAny')}</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <p>
          <button className="primary">{t('auditSearch')}</button>
        </p>
      </form>
      <ErrorBox error={error} />
      {rows && (
        <table data-testid="audit-rows">
          <thead>
            <tr>
              <th>{t('auditWhen')}</th>
              <th>{t('auditUser')}</th>
              <th>{t('auditAction')}</th>
              <th>{t('auditWhat')}</th>
              <th>{t('auditOutcome')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{when(r.occurredAt)}</td>
                <td>{r.user.username ?? '–'}</td>
                <td>{r.action}</td>
                <td>{r.resource.type}</td>
                <td>
                  {r.outcome}
                  {r.reason ? ` (${r.reason})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {patient && log && (
        <div data-testid="access-log">
          <h3>
            {t('accessLogOf')} {patient.name}
          </h3>
          <p>
            <button type="button" className="secondary" onClick={() => void download('csv')}>
              {t('accessLogCsv')}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => void download('pdf')} data-testid="access-log-pdf">
              {t('accessLogPdf')}
            </button>
          </p>
          <table>
            <thead>
              <tr>
                <th>{t('auditWhen')}</th>
                <th>{t('auditUser')}</th>
                <th>{t('auditCareUnit')}</th>
                <th>{t('auditAction')}</th>
                <th>{t('auditWhy')}</th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((i) => (
                <tr key={i.id}>
                  <td>{when(i.occurredAt)}</td>
                  <td>
                    {i.user.displayName ?? i.user.username ?? '–'}
                    {i.user.hsaId ? ` · ${i.user.hsaId}` : ''}
                  </td>
                  <td>
                    {i.careUnit?.name ?? '–'}
                    {i.careUnit?.hsaId ? ` · ${i.careUnit.hsaId}` : ''}
                  </td>
                  <td>
                    {i.action} {i.resource.type} ({i.outcome})
                  </td>
                  <td>{i.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.nextCursor && (
            <button type="button" className="secondary" onClick={() => void more()}>
              {t('showMore')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** HSA-ids of the region's users, health centres and clinics; ending a user's sessions. */
function HsaIds() {
  const { t } = useT();
  const load = useLoad(async () => {
    const [users, centres, clinics] = await Promise.all([
      api<User[]>('GET', '/users'),
      api<HealthCentre[]>('GET', '/health-centres'),
      api<Clinic[]>('GET', '/clinics'),
    ]);
    return { users, centres, clinics };
  }, []);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const save = async (path: string, key: string) => {
    setError(null);
    setDone(null);
    try {
      const value = (draft[key] ?? '').trim();
      await api('PUT', `${path}/hsa-id`, { hsaId: value === '' ? null : value });
      setDone(t('hsaSaved'));
      load.reload();
    } catch (err) {
      setError(err);
    }
  };
  const endSessions = async (userId: string) => {
    setError(null);
    setDone(null);
    try {
      const r = await api<Schemas['EndedSessions']>('POST', `/users/${userId}/end-sessions`);
      setDone(t('sessionsEnded').replace('{n}', String(r.endedSessions)));
    } catch (err) {
      setError(err);
    }
  };
  const field = (path: string, key: string, label: string, current: string | null | undefined) => (
    <span className="row">
      <input
        aria-label={`HSA-id ${label}`}
        placeholder="SE2321000016-…"
        value={draft[key] ?? current ?? ''}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        style={{ maxWidth: 220 }}
      />
      <button type="button" className="secondary" onClick={() => void save(path, key)}>
        {t('save')}
      </button>
    </span>
  );
  return (
    <section className="card" data-testid="hsa-ids">
      <h2>{t('hsaIds')}</h2>
      <ErrorBox error={error} />
      {done && <p role="status">{done}</p>}
      <Loaded load={load} failed="loadFailed_users">
        {({ users, centres, clinics }) => (
          <table>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.displayName} ({u.username})
                  </td>
                  <td>{field(`/users/${u.id}`, u.id, u.username, u.hsaId)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => void endSessions(u.id)}>
                      {t('endSessions')}
                    </button>
                  </td>
                </tr>
              ))}
              {centres.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{field(`/health-centres/${c.id}`, c.id, c.name, c.hsaId)}</td>
                  <td />
                </tr>
              ))}
              {clinics.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{field(`/clinics/${c.id}`, c.id, c.name, c.hsaId)}</td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
