import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { RealtimeService } from '@app/realtime';
import { activeAgreement, createPatient, createRegion, login, loginAll, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { collect, connected, connectRealtime, nextEvent } from './support/sockets';
import { createTestApp, type TestApp } from './support/test-app';

type Tokens = Record<keyof TestRegion['users'], string>;

/** A connected socket that has joined its rooms (the server says so with a 'connected' queue.updated). */
async function readySocket(baseUrl: string, token: string): Promise<Socket> {
  const socket = connectRealtime(baseUrl, token);
  const joined = nextEvent(socket, 'queue.updated', (e: { reason: string }) => e.reason === 'connected');
  await connected(socket);
  await joined;
  return socket;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The headers of the api's answer to a WebSocket upgrade of socket.io, read with a bare HTTP client. */
function upgradeHeaders(baseUrl: string): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.headers);
    });
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('socket.io transport (real server, real clients)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('#15.16: refuses long-polling; only WebSocket connects', async () => {
    const polling = await fetch(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(400);
    expect(await polling.json()).toMatchObject({ message: 'Transport unknown' });
    const client = io(`${t.baseUrl}/realtime`, { path: '/socket.io', transports: ['polling'], reconnection: false, forceNew: true });
    try {
      await expect(connected(client)).rejects.toThrow();
    } finally {
      client.close();
    }
  });

  it("#15.16: socket.io's own HTTP answers carry the security headers", async () => {
    const polling = await fetch(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`);
    const pollingHeaders: Record<string, string> = {};
    polling.headers.forEach((value, name) => (pollingHeaders[name] = value));
    for (const headers of [pollingHeaders, await upgradeHeaders(t.baseUrl)]) {
      expect(headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
    }
  });
});

describe('#15.17: queue events of another region end with the agreement, on open sockets', () => {
  let t: TestApp;
  let a: TestRegion; // provides
  let b: TestRegion; // receives
  let ta: Tokens;
  let tb: Tokens;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'SA');
    b = await createRegion(t.db, 'SB');
    ta = await loginAll(t, a);
    tb = await loginAll(t, b);
  });
  afterAll(() => t.close());

  const agreementAtoB = () => activeAgreement(t, { region: a, adminToken: ta.admin }, { region: b, adminToken: tb.admin });

  /** Submits a case at the receiver's covered centre; resolves when the receiver's own specialist has heard of it. */
  async function submitHeard(receiverSocket: Socket): Promise<string> {
    const p = await createPatient(t, tb.nurse, b.centres.main);
    const id = randomUUID();
    const heard = nextEvent<{ caseId?: string; reason: string }>(receiverSocket, 'queue.updated', (e) => e.reason === 'submitted');
    const res = await t.http('POST', '/triage-cases', {
      token: tb.nurse,
      body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': id },
    });
    expect(res.status).toBe(201);
    expect((await heard).caseId).toBe(res.body.id);
    // The provider's sockets would hear it on the same send; give them the time a stale room would need.
    await new Promise((r) => setTimeout(r, 300));
    return res.body.id as string;
  }

  it("terminated: the provider's open socket stops receiving the receiver's queue at once, without reconnecting", async () => {
    const agreementId = await agreementAtoB();
    const provider = await readySocket(t.baseUrl, ta.specialist);
    const receiver = await readySocket(t.baseUrl, tb.specialist);
    const heard = collect<{ caseId?: string; reason: string }>(provider, 'queue.updated');
    try {
      const during = await submitHeard(receiver);
      expect(heard.map((e) => e.caseId)).toContain(during);
      // The open queue is told to refetch (the HTTP queue no longer lists the receiver's cases).
      const refetch = nextEvent<{ reason: string; pathwayKey: string }>(provider, 'queue.updated', (e) => e.reason === 'agreement');
      expect((await t.http('POST', `/agreements/${agreementId}/terminate`, { token: tb.admin })).status).toBe(200);
      expect(await refetch).toMatchObject({ pathwayKey: JOINT });
      const after = await submitHeard(receiver);
      expect(heard.map((e) => e.caseId)).not.toContain(after);
      expect(provider.connected).toBe(true);
    } finally {
      provider.close();
      receiver.close();
    }
  });

  it("expired: past its last day the agreement's events stop too, on the same socket", async () => {
    const agreementId = await agreementAtoB();
    const provider = await readySocket(t.baseUrl, ta.specialist);
    const receiver = await readySocket(t.baseUrl, tb.specialist);
    const heard = collect<{ caseId?: string; reason: string }>(provider, 'queue.updated');
    try {
      const during = await submitHeard(receiver);
      expect(heard.map((e) => e.caseId)).toContain(during);
      // Time passes: the agreement's last day was yesterday.
      await t.db.query('UPDATE region_agreement SET valid_from = $2, valid_to = $3 WHERE id = $1', [agreementId, day(-30), day(-1)]);
      const after = await submitHeard(receiver);
      expect(heard.map((e) => e.caseId)).not.toContain(after);
    } finally {
      provider.close();
      receiver.close();
    }
  });

  it("logout ends the user's open sockets at once (as deactivation does)", async () => {
    const {
      rows: [u],
    } = await t.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id)
       SELECT 'specialist2.sa', 'Två', password_hash, role, region_id, clinic_id FROM app_user WHERE id = $1 RETURNING id`,
      [a.users.specialist.id],
    );
    expect(u.id).toBeTruthy();
    const token = await login(t, 'specialist2.sa');
    const socket = await readySocket(t.baseUrl, token);
    const gone = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
    expect((await t.http('POST', '/auth/logout', { token })).status).toBeLessThan(300);
    expect(await gone).toBe('io server disconnect');
    socket.close();
  });
});

/**
 * Every client->server socket event, tried by each role against a visit of its own centre (or its own
 * booking), one of another centre of its region, one of another region, and with a malformed payload.
 * The events are read from the running api, so an event added without a row here fails the test.
 */
describe('Socket event matrix: event x role x (own, other centre, other region) (#15.3, issue 15 "Done when")', () => {
  type Target = 'own' | 'otherCentre' | 'otherRegion' | 'malformed';
  type Role = 'nurse' | 'specialist' | 'admin';
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let ta: Tokens;
  let tb: Tokens;
  const visits = {} as Record<Exclude<Target, 'malformed'>, string>;

  /** A visit booked through the API in a 30-minute remote slot `hoursAhead` from now. */
  async function book(admin: string, nurse: string, specialistId: string, centreId: string, hoursAhead: number): Promise<string> {
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + hoursAhead * 3600_000);
    const session = await t.http('POST', '/clinic-sessions', {
      token: admin,
      body: {
        specialistId,
        healthCentreId: centreId,
        start: start.toISOString(),
        end: new Date(start.getTime() + 1800_000).toISOString(),
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    expect(session.status).toBe(201);
    const p = await createPatient(t, nurse, centreId);
    const c = await t.http('POST', '/triage-cases', {
      token: nurse,
      body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    const booking = await t.http('POST', '/bookings', { token: nurse, body: { caseId: c.body.id, slotId: session.body.slots[0].id } });
    expect(booking.status).toBe(201);
    return booking.body.visitId as string;
  }

  beforeAll(async () => {
    t = await createTestApp({ env: { VISIT_JOIN_OPENS_MINUTES: '1440' } });
    a = await createRegion(t.db, 'MA');
    b = await createRegion(t.db, 'MB');
    ta = await loginAll(t, a);
    tb = await loginAll(t, b);
    // A second specialist of region A, booked at A's other centre: that visit is nobody's own in the matrix.
    const {
      rows: [colleague],
    } = await t.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, clinic_id)
       SELECT 'specialist2.ma', 'Kollega', password_hash, role, region_id, clinic_id FROM app_user WHERE id = $1 RETURNING id`,
      [a.users.specialist.id],
    );
    visits.own = await book(ta.admin, ta.nurse, a.users.specialist.id, a.centres.main, 1);
    visits.otherCentre = await book(ta.admin, ta.otherNurse, colleague.id, a.centres.other, 2);
    visits.otherRegion = await book(tb.admin, tb.nurse, b.users.specialist.id, b.centres.main, 1);
  });
  afterAll(() => t.close());

  /** The answer each cell must get: 0 for { ok: true }, else the refusal's status. */
  function expected(event: string, role: Role, target: Target): number {
    if (target === 'malformed') return 400;
    const side = target === 'own' && role !== 'admin';
    if (event === 'visit.signal.leave') return 0; // leaves the caller's own socket only; tells nothing
    if (event === 'visit.signal') return side ? 0 : 409; // only a socket in the room relays
    if (event === 'visit.signal.join') return side ? 0 : role === 'admin' && target !== 'otherRegion' ? 403 : 404;
    throw new Error(`no expectation for the socket event ${event}: add it to the matrix`);
  }

  const payload = (event: string, target: Target) => {
    if (target === 'malformed') return { visitId: 'not-a-uuid' };
    const visitId = visits[target];
    return event === 'visit.signal' ? { visitId, candidate: { candidate: '', sdpMid: '0' } } : { visitId };
  };

  it('refuses a socket without a valid token', async () => {
    for (const auth of [undefined, 'not-a-token']) {
      const socket = connectRealtime(t.baseUrl, auth);
      await expect(connected(socket)).rejects.toThrow(/unauthorized/);
      socket.close();
    }
  });

  it("answers every event x role x target as the visit's rules say, changes nothing it refuses, and audits every join", async () => {
    const untouched = async () =>
      (await t.db.query('SELECT * FROM visit WHERE id = ANY($1) ORDER BY id', [[visits.otherCentre, visits.otherRegion]])).rows;
    const events = [...t.app.get(RealtimeService).clientHandlers().keys()];
    expect(events.sort()).toEqual(['visit.signal', 'visit.signal.join', 'visit.signal.leave']);
    const before = await untouched();
    // The own visit's two sides hold their seats through the HTTP join, as the web client does.
    expect((await t.http('POST', `/visits/${visits.own}/join`, { token: ta.nurse })).status).toBe(200);
    expect((await t.http('POST', `/visits/${visits.own}/join`, { token: ta.specialist })).status).toBe(200);
    const roles: Role[] = ['nurse', 'specialist', 'admin'];
    const sockets = Object.fromEntries(roles.map((r) => [r, connectRealtime(t.baseUrl, ta[r])] as const));
    await Promise.all(Object.values(sockets).map(connected));
    const wrong: string[] = [];
    let cells = 0;
    try {
      // join before signal before leave, so that the relay is tried by a socket that joined where it could.
      for (const event of ['visit.signal.join', 'visit.signal', 'visit.signal.leave']) {
        for (const role of roles) {
          for (const target of ['own', 'otherCentre', 'otherRegion', 'malformed'] as Target[]) {
            const ack = (await sockets[role].timeout(5000).emitWithAck(event, payload(event, target))) as { ok: boolean; status?: number };
            const got = ack.ok ? 0 : (ack.status ?? -1);
            const want = expected(event, role, target);
            cells++;
            if (got !== want) wrong.push(`${event} as ${role} on ${target}: got ${got}, expected ${want} (${JSON.stringify(ack)})`);
          }
        }
      }
    } finally {
      for (const s of Object.values(sockets)) s.close();
    }
    expect(wrong).toEqual([]);
    expect(cells).toBe(36);
    // Nothing refused changed a visit.
    expect(await untouched()).toEqual(before);
    // Each socket join is audited: a success for the two sides, a refusal for every other caller.
    const audit = await t.db.query(
      `SELECT actor_user_id AS "user", resource_id AS visit, outcome FROM audit_event
        WHERE action = 'execute' AND resource_type = 'Visit' AND detail->>'via' = 'socket' AND actor_user_id = ANY($1)`,
      [[a.users.nurse.id, a.users.specialist.id, a.users.admin.id]],
    );
    const row = (user: string, visit: string) => audit.rows.filter((r) => r.user === user && r.visit === visit).map((r) => r.outcome);
    expect(row(a.users.nurse.id, visits.own)).toEqual(['success']);
    expect(row(a.users.specialist.id, visits.own)).toEqual(['success']);
    for (const target of ['otherCentre', 'otherRegion'] as const) {
      for (const user of [a.users.nurse.id, a.users.specialist.id, a.users.admin.id]) expect(row(user, visits[target])).toEqual(['denied']);
    }
    expect(row(a.users.admin.id, visits.own)).toEqual(['denied']);
  });
});
