import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { io, Socket } from 'socket.io-client';
import { createPatient, createRegion, login, loginAll, TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { collect, connected, connectRealtime, nextEvent } from './support/sockets';
import { createTestApp, TestApp } from './support/test-app';

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
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
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

  it('#15.16: socket.io\'s own HTTP answers carry the security headers', async () => {
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

  async function activeAgreement(): Promise<string> {
    const proposed = await t.http('POST', '/agreements', {
      token: tb.admin,
      body: {
        title: 'Reumatologi från SA till SB', providerRegionId: a.id, providerClinicId: a.clinicId, healthCentreIds: [b.centres.main], pathwayKeys: [JOINT],
        capacityShare: 0.4, validFrom: day(-1), validTo: day(365), prices: { remoteVisit: 1800, onsiteDay: 14000, noShow: 600 },
      },
    });
    expect(proposed.status).toBe(201);
    expect((await t.http('POST', `/agreements/${proposed.body.id}/accept`, { token: ta.admin })).status).toBe(200);
    return proposed.body.id as string;
  }

  /** Submits a case at the receiver's covered centre; resolves when the receiver's own specialist has heard of it. */
  async function submitHeard(receiverSocket: Socket): Promise<string> {
    const p = await createPatient(t, tb.nurse, b.centres.main);
    const id = randomUUID();
    const heard = nextEvent<{ caseId?: string; reason: string }>(receiverSocket, 'queue.updated', (e) => e.reason === 'submitted');
    const res = await t.http('POST', '/triage-cases', {
      token: tb.nurse, body: { patientId: p.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) }, headers: { 'idempotency-key': id },
    });
    expect(res.status).toBe(201);
    expect((await heard).caseId).toBe(res.body.id);
    // The provider's sockets would hear it on the same send; give them the time a stale room would need.
    await new Promise((r) => setTimeout(r, 300));
    return res.body.id as string;
  }

  it('terminated: the provider\'s open socket stops receiving the receiver\'s queue at once, without reconnecting', async () => {
    const agreementId = await activeAgreement();
    const provider = await readySocket(t.baseUrl, ta.specialist);
    const receiver = await readySocket(t.baseUrl, tb.specialist);
    const heard = collect<{ caseId?: string; reason: string }>(provider, 'queue.updated');
    try {
      const during = await submitHeard(receiver);
      expect(heard.map((e) => e.caseId)).toContain(during);
      expect((await t.http('POST', `/agreements/${agreementId}/terminate`, { token: tb.admin })).status).toBe(200);
      const after = await submitHeard(receiver);
      expect(heard.map((e) => e.caseId)).not.toContain(after);
      expect(provider.connected).toBe(true);
    } finally {
      provider.close();
      receiver.close();
    }
  });

  it('expired: past its last day the agreement\'s events stop too, on the same socket', async () => {
    const agreementId = await activeAgreement();
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

  it('logout ends the user\'s open sockets at once (as deactivation does)', async () => {
    const { rows: [u] } = await t.db.query(
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
