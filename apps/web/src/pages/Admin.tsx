import { FormEvent, useState } from 'react';
import { api, User } from '../api';
import { ErrorBox, Tabs } from '../components/ErrorBox';
import { Loaded, LoadError, useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import { AuditLog } from './AuditLog';
import { Agreement, Cooperation } from './Cooperation';
import { Reports } from './Reports';
import { PathwayEditor } from './pathway-editor/PathwayEditor';
import { Calendar, Queue } from './Specialist';

type Tab = 'pathways' | 'org' | 'sessions' | 'queue' | 'cooperation' | 'reports' | 'audit';

export function Admin({ user }: { user: User }) {
  const { t } = useT();
  const [tab, setTab] = useState<Tab>('pathways');
  return (
    <>
      <Tabs<Tab>
        current={tab}
        onChange={setTab}
        tabs={[
          ['pathways', t('pathways')],
          ['org', t('centresAndUsers')],
          ['sessions', t('calendar')],
          ['queue', t('queue')],
          ['cooperation', t('cooperation')],
          ['reports', t('reports')],
          ['audit', t('auditTab')],
        ]}
      >
        {tab === 'pathways' && <PathwayEditor user={user} />}
        {tab === 'org' && <Organisation />}
        {tab === 'sessions' && (
          <>
            <PlanSession user={user} />
            <AutoSchedule />
            <Calendar user={user} />
          </>
        )}
        {tab === 'queue' && <Queue />}
        {tab === 'cooperation' && <Cooperation user={user} />}
        {tab === 'reports' && <Reports />}
        {tab === 'audit' && <AuditLog />}
      </Tabs>
    </>
  );
}

function Organisation() {
  const { t } = useT();
  const [roomName, setRoomName] = useState<Record<string, string>>({});
  const [neighbourForm, setNeighbourForm] = useState<Record<string, { to: string; km: string }>>({});
  const [error, setError] = useState<unknown>(null);
  const [centre, setCentre] = useState({ name: '', roadDistanceKm: '' });
  const [newUser, setNewUser] = useState({ username: '', displayName: '', password: '', role: 'nurse', healthCentreId: '' });
  type Rooms = Array<{ id: string; name: string }>;
  type Neighbours = Array<{ healthCentreId: string; name: string; roadKm: number }>;
  const org = useLoad(async () => {
    const list = await api<Array<{ id: string; name: string; roadDistanceKm: number }>>('GET', '/health-centres');
    const [rooms, near] = await Promise.all([
      Promise.all(list.map(async (c) => [c.id, await api<Rooms>('GET', `/health-centres/${c.id}/rooms`)] as const)),
      Promise.all(list.map(async (c) => [c.id, await api<Neighbours>('GET', `/health-centres/${c.id}/neighbours`)] as const)),
    ]);
    return { centres: list, rooms: Object.fromEntries(rooms), neighbours: Object.fromEntries(near) };
  }, []);
  const usersLoad = useLoad(() => api<Array<User & { active: boolean }>>('GET', '/users'), []);
  const centres = org.data?.centres ?? [];
  const { rooms, neighbours } = org.data ?? { rooms: {} as Record<string, Rooms>, neighbours: {} as Record<string, Neighbours> };
  const load = () => {
    org.reload();
    usersLoad.reload();
  };
  const addNeighbour = async (centreId: string) => {
    setError(null);
    const f = neighbourForm[centreId];
    try {
      await api('POST', `/health-centres/${centreId}/neighbours`, { healthCentreId: f?.to, roadKm: Number(f?.km) });
      setNeighbourForm({ ...neighbourForm, [centreId]: { to: '', km: '' } });
      load();
    } catch (err) {
      setError(err);
    }
  };
  const addRoom = async (centreId: string) => {
    setError(null);
    try {
      await api('POST', `/health-centres/${centreId}/rooms`, { name: roomName[centreId] ?? '' });
      setRoomName({ ...roomName, [centreId]: '' });
      load();
    } catch (err) {
      setError(err);
    }
  };
  const addCentre = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/health-centres', { name: centre.name, roadDistanceKm: Number(centre.roadDistanceKm) });
      setCentre({ name: '', roadDistanceKm: '' });
      load();
    } catch (err) {
      setError(err);
    }
  };
  const addUser = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/users', { ...newUser, healthCentreId: newUser.role === 'nurse' ? newUser.healthCentreId : undefined });
      setNewUser({ username: '', displayName: '', password: '', role: 'nurse', healthCentreId: '' });
      load();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="grid">
      <section className="card">
        <h2>{t('centre')}</h2>
        <Loaded load={org} failed="loadFailed_centres">
          {() => (
        <table>
          <tbody>
            {centres.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.roadDistanceKm} km</td>
                <td>
                  <span className="muted">{t('rooms')}:</span> {(rooms[c.id] ?? []).map((r) => r.name).join(', ') || '–'}
                  <div className="row">
                    <input aria-label={`${t('rooms')} ${c.name}`} value={roomName[c.id] ?? ''} onChange={(e) => setRoomName({ ...roomName, [c.id]: e.target.value })} style={{ maxWidth: 160 }} />
                    <button type="button" className="secondary" onClick={() => void addRoom(c.id)}>
                      {t('add')}
                    </button>
                  </div>
                  <span className="muted">{t('neighbours')}:</span> {(neighbours[c.id] ?? []).map((n) => `${n.name} ${n.roadKm}`).join(', ') || '–'}
                  <div className="row">
                    <select aria-label={`${t('neighbours')} ${c.name}`} value={neighbourForm[c.id]?.to ?? ''} onChange={(e) => setNeighbourForm({ ...neighbourForm, [c.id]: { to: e.target.value, km: neighbourForm[c.id]?.km ?? '' } })} style={{ maxWidth: 200 }}>
                      <option value="" />
                      {centres.filter((o) => o.id !== c.id).map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                    </select>
                    <input aria-label={`km ${c.name}`} type="number" min={1} value={neighbourForm[c.id]?.km ?? ''} onChange={(e) => setNeighbourForm({ ...neighbourForm, [c.id]: { to: neighbourForm[c.id]?.to ?? '', km: e.target.value } })} style={{ maxWidth: 90 }} />
                    <button type="button" className="secondary" onClick={() => void addNeighbour(c.id)}>
                      {t('add')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
          )}
        </Loaded>
        <form onSubmit={addCentre}>
          <label htmlFor="c-name">{t('name')}</label>
          <input id="c-name" value={centre.name} onChange={(e) => setCentre({ ...centre, name: e.target.value })} required />
          <label htmlFor="c-km">{t('roadKm')}</label>
          <input id="c-km" type="number" min={0} value={centre.roadDistanceKm} onChange={(e) => setCentre({ ...centre, roadDistanceKm: e.target.value })} required />
          <p>
            <button className="secondary">{t('add')}</button>
          </p>
        </form>
      </section>
      <section className="card">
        <h2>{t('username')}</h2>
        <Loaded load={usersLoad} failed="loadFailed_users">
          {(users) => (
        <table>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{u.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
          )}
        </Loaded>
        <form onSubmit={addUser}>
          <label htmlFor="u-name">{t('username')}</label>
          <input id="u-name" value={newUser.username} onChange={(e) => setNewUser({ ...newUser, username: e.target.value })} required />
          <label htmlFor="u-display">{t('displayName')}</label>
          <input id="u-display" value={newUser.displayName} onChange={(e) => setNewUser({ ...newUser, displayName: e.target.value })} required />
          <label htmlFor="u-pw">{t('password')}</label>
          <input id="u-pw" type="password" minLength={12} value={newUser.password} onChange={(e) => setNewUser({ ...newUser, password: e.target.value })} required />
          <label htmlFor="u-role">{t('role')}</label>
          <select id="u-role" value={newUser.role} onChange={(e) => setNewUser({ ...newUser, role: e.target.value })}>
            <option value="nurse">{t('roleNurse')}</option>
            <option value="specialist">{t('roleSpecialist')}</option>
            <option value="admin">{t('roleAdmin')}</option>
          </select>
          {newUser.role === 'nurse' && (
            <>
              <label htmlFor="u-centre">{t('centre')}</label>
              <select id="u-centre" value={newUser.healthCentreId} onChange={(e) => setNewUser({ ...newUser, healthCentreId: e.target.value })} required>
                <option value="" />
                {centres.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </>
          )}
          <p>
            <button className="secondary">{t('add')}</button>
          </p>
        </form>
        <ErrorBox error={error} />
      </section>
    </div>
  );
}

function PlanSession({ user }: { user: User }) {
  const { t } = useT();
  const [form, setForm] = useState({ specialistId: '', healthCentreId: '', start: '', end: '', slotMinutes: 30, mode: 'remote' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const choices = useLoad(async () => {
    // The region's own specialists, and those other regions provide under an active agreement.
    const [centres, users, agreements] = await Promise.all([
      api<Array<{ id: string; name: string }>>('GET', '/health-centres'),
      api<User[]>('GET', '/users'),
      api<Agreement[]>('GET', '/agreements'),
    ]);
    const own = users.filter((x) => x.role === 'specialist');
    const lent = agreements
      .filter((a) => a.status === 'active' && a.receiver.regionId === user.regionId)
      .flatMap((a) => a.specialists.map((s) => ({ ...s, displayName: `${s.displayName} (${a.provider.regionName})` }) as User));
    return { centres, specialists: [...own, ...lent.filter((s, i) => lent.findIndex((x) => x.id === s.id) === i)] };
  }, [user.regionId]);
  const { centres, specialists } = choices.data ?? { centres: [], specialists: [] };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      // Wall-clock times from the form are Stockholm time; the api reads them so.
      const s = await api('POST', '/clinic-sessions', { ...form, slotMinutes: Number(form.slotMinutes) });
      setDone(`${s.slots.length} ${t('slots').toLowerCase()}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>{t('planSession')}</h2>
      {choices.error && <LoadError what="loadFailed_choices" error={choices.error} onRetry={choices.reload} />}
      <div className="row">
        <div>
          <label htmlFor="s-spec">{t('specialist')}</label>
          <select id="s-spec" value={form.specialistId} onChange={(e) => setForm({ ...form, specialistId: e.target.value })} required>
            <option value="" />
            {specialists.map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="s-centre">{t('centre')}</label>
          <select id="s-centre" value={form.healthCentreId} onChange={(e) => setForm({ ...form, healthCentreId: e.target.value })} required>
            <option value="" />
            {centres.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="s-start">{t('start')}</label>
          <input id="s-start" type="datetime-local" value={form.start} onChange={(e) => setForm({ ...form, start: e.target.value })} required />
        </div>
        <div>
          <label htmlFor="s-end">{t('end')}</label>
          <input id="s-end" type="datetime-local" value={form.end} onChange={(e) => setForm({ ...form, end: e.target.value })} required />
        </div>
        <div>
          <label htmlFor="s-min">{t('slotMinutes')}</label>
          <input id="s-min" type="number" min={5} max={240} value={form.slotMinutes} onChange={(e) => setForm({ ...form, slotMinutes: Number(e.target.value) })} />
        </div>
        <div>
          <label htmlFor="s-mode">{t('mode')}</label>
          <select id="s-mode" value={form.mode} onChange={(e) => setForm({ ...form, mode: e.target.value })}>
            <option value="remote">{t('remote')}</option>
            <option value="onsite">{t('onsite')}</option>
          </select>
        </div>
        <button className="primary">{t('add')}</button>
      </div>
      {done && <p className="success">{done}</p>}
      <ErrorBox error={error} />
    </form>
  );
}

/** The optimiser's proposal for the coming weeks, looked at before anything is booked. */
function AutoSchedule() {
  const { t, lang } = useT();
  const [result, setResult] = useState<{ dryRun: boolean; assignments: Array<{ caseId: string; start: string }>; unassigned: Array<{ caseId: string; reason: string }>; metrics: { overdue: number; weightedLateness: number } } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (dryRun: boolean) => {
    setError(null);
    try {
      setResult(await api('POST', '/scheduling/auto', { pathwayKey: 'joint-complaints', from: new Date().toISOString(), to: new Date(Date.now() + 84 * 86_400_000).toISOString(), dryRun }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card">
      <h2>{t('autoSchedule')}</h2>
      <div className="row">
        <button className="secondary" onClick={() => void run(true)}>
          {t('proposal')}
        </button>
        {result?.dryRun && result.assignments.length > 0 && (
          <button className="primary" onClick={() => void run(false)}>
            {t('applySchedule')}
          </button>
        )}
      </div>
      {result && (
        <p role="status">
          {result.dryRun ? t('proposal') : t('booked')}: {result.assignments.length} · {t('unassignedCases')}: {result.unassigned.length} · {t('overdue')}: {result.metrics.overdue}
          {result.assignments[0] && ` · ${new Date(result.assignments[0].start).toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'Europe/Stockholm' })}`}
        </p>
      )}
      <ErrorBox error={error} />
    </section>
  );
}
