import { type FormEvent, useState } from 'react';
import { api, type HealthCentre, type Schemas, type User } from '../api';
import { AutoSchedule } from '../components/AutoSchedule';
import { ActionError, ConfirmAction } from '../components/ConfirmAction';
import { ErrorBox, Tabs } from '../components/ErrorBox';
import { Loaded, LoadError, useLoad } from '../components/useLoad';
import { type Key, useT } from '../i18n';
import { useRouteTab } from '../router';
import { AuditLog } from './AuditLog';
import { type Agreement, Cooperation } from './Cooperation';
import { Reports } from './Reports';
import { PathwayEditor } from './pathway-editor/PathwayEditor';
import { Calendar, Queue } from './Specialist';

type Tab = 'pathways' | 'org' | 'sessions' | 'queue' | 'cooperation' | 'reports' | 'audit';
const TABS: readonly Tab[] = ['pathways', 'org', 'sessions', 'queue', 'cooperation', 'reports', 'audit'];

const ROLE_WORDS: Record<string, Key> = { nurse: 'roleNurse', specialist: 'roleSpecialist', admin: 'roleAdmin' };

export function Admin({ user }: { user: User }) {
  const { t } = useT();
  const [tab, setTab] = useRouteTab<Tab>('pathways', TABS);
  // Bumped when a session is planned or booked here, so the calendar below shows it at once.
  const [sessionsChanged, setSessionsChanged] = useState(0);
  const changed = () => setSessionsChanged((n) => n + 1);
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
        {tab === 'org' && <Organisation user={user} />}
        {tab === 'sessions' && (
          <>
            <PlanSession user={user} onDone={changed} />
            <AutoSchedule onBooked={changed} />
            <Calendar user={user} refresh={sessionsChanged} />
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

function Organisation({ user }: { user: User }) {
  const { t } = useT();
  const [roomName, setRoomName] = useState<Record<string, string>>({});
  const [neighbourForm, setNeighbourForm] = useState<Record<string, { to: string; km: string }>>({});
  const [error, setError] = useState<unknown>(null);
  const [centre, setCentre] = useState({ name: '', roadDistanceKm: '' });
  const [newUser, setNewUser] = useState({ username: '', displayName: '', password: '', role: 'nurse', healthCentreId: '' });
  type Rooms = Schemas['VideoRoom'][];
  type Neighbours = Schemas['Neighbour'][];
  const org = useLoad(async () => {
    const list = await api<HealthCentre[]>('GET', '/health-centres');
    const [rooms, near] = await Promise.all([
      Promise.all(list.map(async (c) => [c.id, await api<Rooms>('GET', `/health-centres/${c.id}/rooms`)] as const)),
      Promise.all(list.map(async (c) => [c.id, await api<Neighbours>('GET', `/health-centres/${c.id}/neighbours`)] as const)),
    ]);
    return { centres: list, rooms: Object.fromEntries(rooms), neighbours: Object.fromEntries(near) };
  }, []);
  const usersLoad = useLoad(() => api<User[]>('GET', '/users'), []);
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
                        <input
                          aria-label={`${t('rooms')} ${c.name}`}
                          value={roomName[c.id] ?? ''}
                          onChange={(e) => setRoomName({ ...roomName, [c.id]: e.target.value })}
                          style={{ maxWidth: 160 }}
                        />
                        <button type="button" className="secondary" onClick={() => void addRoom(c.id)}>
                          {t('add')}
                        </button>
                      </div>
                      <span className="muted">{t('neighbours')}:</span>{' '}
                      {(neighbours[c.id] ?? []).map((n) => `${n.name} ${n.roadKm}`).join(', ') || '–'}
                      <div className="row">
                        <select
                          aria-label={`${t('neighbours')} ${c.name}`}
                          value={neighbourForm[c.id]?.to ?? ''}
                          onChange={(e) =>
                            setNeighbourForm({ ...neighbourForm, [c.id]: { to: e.target.value, km: neighbourForm[c.id]?.km ?? '' } })
                          }
                          style={{ maxWidth: 200 }}
                        >
                          <option value="" />
                          {centres
                            .filter((o) => o.id !== c.id)
                            .map((o) => (
                              <option key={o.id} value={o.id}>
                                {o.name}
                              </option>
                            ))}
                        </select>
                        <input
                          aria-label={`km ${c.name}`}
                          type="number"
                          min={1}
                          value={neighbourForm[c.id]?.km ?? ''}
                          onChange={(e) =>
                            setNeighbourForm({ ...neighbourForm, [c.id]: { to: neighbourForm[c.id]?.to ?? '', km: e.target.value } })
                          }
                          style={{ maxWidth: 90 }}
                        />
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
          <input
            id="c-km"
            type="number"
            min={0}
            value={centre.roadDistanceKm}
            onChange={(e) => setCentre({ ...centre, roadDistanceKm: e.target.value })}
            required
          />
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
              <thead>
                <tr>
                  <th scope="col">{t('username')}</th>
                  <th scope="col">{t('displayName')}</th>
                  <th scope="col">{t('role')}</th>
                  <th scope="col">{t('status')}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} data-user={u.username}>
                    <td>{u.username}</td>
                    <td>{u.displayName}</td>
                    <td>{ROLE_WORDS[u.role] ? t(ROLE_WORDS[u.role]) : u.role}</td>
                    <td>
                      {u.active ? <span>{t('userActive')}</span> : <span className="badge urgent">{t('userInactive')}</span>}
                      {u.id !== user.id && (
                        <div>
                          {u.active ? (
                            <ConfirmAction
                              label={t('deactivateUser')}
                              question={`${t('deactivateQuestion')} ${u.displayName} (${u.username})?`}
                              confirmLabel={t('deactivateConfirm')}
                              failed="actionFailed_deactivate"
                              danger
                              run={() => api('POST', `/users/${u.id}/deactivate`)}
                              onDone={usersLoad.reload}
                              testId="deactivate"
                            />
                          ) : (
                            <ConfirmAction
                              label={t('activateUser')}
                              question={`${t('activateQuestion')} ${u.displayName} (${u.username})?`}
                              confirmLabel={t('activateConfirm')}
                              failed="actionFailed_activate"
                              run={() => api('POST', `/users/${u.id}/activate`)}
                              onDone={usersLoad.reload}
                              testId="activate"
                            />
                          )}
                        </div>
                      )}
                    </td>
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
          <input
            id="u-display"
            value={newUser.displayName}
            onChange={(e) => setNewUser({ ...newUser, displayName: e.target.value })}
            required
          />
          <label htmlFor="u-pw">{t('password')}</label>
          <input
            id="u-pw"
            type="password"
            minLength={12}
            value={newUser.password}
            onChange={(e) => setNewUser({ ...newUser, password: e.target.value })}
            required
          />
          <label htmlFor="u-role">{t('role')}</label>
          <select id="u-role" value={newUser.role} onChange={(e) => setNewUser({ ...newUser, role: e.target.value })}>
            <option value="nurse">{t('roleNurse')}</option>
            <option value="specialist">{t('roleSpecialist')}</option>
            <option value="admin">{t('roleAdmin')}</option>
          </select>
          {newUser.role === 'nurse' && (
            <>
              <label htmlFor="u-centre">{t('centre')}</label>
              <select
                id="u-centre"
                value={newUser.healthCentreId}
                onChange={(e) => setNewUser({ ...newUser, healthCentreId: e.target.value })}
                required
              >
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

/** A session planned: specialist, centre, time, and the centre's room and nurse on duty (both optional). */
function PlanSession({ user, onDone }: { user: User; onDone: () => void }) {
  const { t, lang } = useT();
  const [form, setForm] = useState({
    specialistId: '',
    healthCentreId: '',
    start: '',
    end: '',
    slotMinutes: 30,
    mode: 'remote',
    roomId: '',
    nurseId: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const choices = useLoad(async () => {
    // The region's own specialists, and those other regions provide under an active agreement.
    const [centres, users, agreements] = await Promise.all([
      api<HealthCentre[]>('GET', '/health-centres'),
      api<User[]>('GET', '/users'),
      api<Agreement[]>('GET', '/agreements'),
    ]);
    const own = users.filter((x) => x.role === 'specialist');
    const nurses = users.filter((x) => x.role === 'nurse' && x.active !== false);
    const lent = agreements
      .filter((a) => a.status === 'active' && a.receiver.regionId === user.regionId)
      .flatMap((a) => a.specialists.map((s) => ({ ...s, displayName: `${s.displayName} (${a.provider.regionName})` }) as User));
    return { centres, nurses, specialists: [...own, ...lent.filter((s, i) => lent.findIndex((x) => x.id === s.id) === i)] };
  }, [user.regionId]);
  const { centres, specialists, nurses } = choices.data ?? { centres: [], specialists: [], nurses: [] as User[] };
  type Room = { id: string; name: string };
  const rooms = useLoad(
    () => (form.healthCentreId ? api<Room[]>('GET', `/health-centres/${form.healthCentreId}/rooms`) : Promise.resolve([] as Room[])),
    [form.healthCentreId],
  );
  const centreNurses = nurses.filter((n) => n.healthCentreId === form.healthCentreId);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      // Wall-clock times from the form are Stockholm time; the api reads them so.
      const { roomId, nurseId, ...rest } = form;
      const s = await api<Schemas['ClinicSession']>('POST', '/clinic-sessions', {
        ...rest,
        slotMinutes: Number(form.slotMinutes),
        ...(roomId ? { roomId } : {}),
        ...(nurseId ? { nurseId } : {}),
      });
      const nurse = nurses.find((n) => n.id === nurseId);
      const plural = new Intl.PluralRules(lang === 'sv' ? 'sv-SE' : 'en-GB').select(s.slots.length) === 'one';
      const onDuty = nurse ? ` · ${t('nurseOnDuty')}: ${nurse.displayName}` : '';
      setDone(`${t('sessionPlanned')}: ${s.slots.length} ${t(plural ? 'slotOne' : 'slotMany')}${onDuty}.`);
      onDone();
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
          <select
            id="s-centre"
            value={form.healthCentreId}
            onChange={(e) => setForm({ ...form, healthCentreId: e.target.value, roomId: '', nurseId: '' })}
            required
          >
            <option value="" />
            {centres.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="s-room">{t('room')}</label>
          <select
            id="s-room"
            value={form.roomId}
            onChange={(e) => setForm({ ...form, roomId: e.target.value })}
            disabled={!form.healthCentreId}
          >
            <option value="">{t('roomAny')}</option>
            {(rooms.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
          {rooms.error && <LoadError what="loadFailed_rooms" error={rooms.error} onRetry={rooms.reload} />}
        </div>
        <div>
          <label htmlFor="s-nurse">{t('nurseOnDuty')}</label>
          <select
            id="s-nurse"
            value={form.nurseId}
            onChange={(e) => setForm({ ...form, nurseId: e.target.value })}
            disabled={!form.healthCentreId}
          >
            <option value="">{t('nurseNone')}</option>
            {centreNurses.map((n) => (
              <option key={n.id} value={n.id}>
                {n.displayName}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="s-start">{t('start')}</label>
          <input
            id="s-start"
            type="datetime-local"
            value={form.start}
            onChange={(e) => setForm({ ...form, start: e.target.value })}
            required
          />
        </div>
        <div>
          <label htmlFor="s-end">{t('end')}</label>
          <input id="s-end" type="datetime-local" value={form.end} onChange={(e) => setForm({ ...form, end: e.target.value })} required />
        </div>
        <div>
          <label htmlFor="s-min">{t('slotMinutes')}</label>
          <input
            id="s-min"
            type="number"
            min={5}
            max={240}
            value={form.slotMinutes}
            onChange={(e) => setForm({ ...form, slotMinutes: Number(e.target.value) })}
          />
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
      {done && (
        <p className="success" role="status" data-testid="session-planned">
          {done}
        </p>
      )}
      <ActionError failed="actionFailed_planSession" error={error} />
    </form>
  );
}
