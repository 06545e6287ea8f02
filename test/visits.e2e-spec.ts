import { createHash, randomUUID } from 'node:crypto';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { VisitsService } from '@app/visits';
import { createRegion, login, loginAll, type TestRegion } from './support/factories';
import { JOINT } from './support/joint-answers';
import { startLiveKitStandIn } from './support/livekit-standin';
import type { Socket } from 'socket.io-client';
import { collect, connected, connectRealtime, nextEvent } from './support/sockets';
import { fhirR4Problems } from './support/fhir-r4';
import { bookedVisit } from './support/cases';
import { createTestApp, type TestApp } from './support/test-app';

/** The signalling's join event, answered with its ack. */
const socketJoin = (socket: Socket, visitId: string) => socket.emitWithAck('visit.signal.join', { visitId });

const LK_KEY = 'APItestkey';
const LK_SECRET = 'test-secret-that-is-long-enough-for-hmac-256';

describe('Video visits, embedded peer-to-peer mode (HTTP + socket.io, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  const tok: Record<string, string> = {};
  let hour = 1;

  beforeAll(async () => {
    t = await createTestApp({ env: { VISIT_JOIN_OPENS_MINUTES: '1440' } });
    a = await createRegion(t.db, 'VA');
    b = await createRegion(t.db, 'VB');
    Object.assign(tok, await loginAll(t, a));
    tok.bNurse = await login(t, b.users.nurse.username);
  });
  afterAll(() => t.close());

  it("lets only the booked specialist and the patient's centre join", async () => {
    const v = await bookedVisit(t, a, tok, hour++);
    const spec = await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.specialist });
    expect(spec.status).toBe(200);
    expect(spec.body).toMatchObject({ mode: 'p2p', room: expect.stringMatching(/^visit-[0-9a-f]{24}$/), iceServers: expect.any(Array) });
    expect(spec.body.room).not.toContain(v.patientId);
    expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.nurse })).status).toBe(200);
    // Another centre's nurse cannot even read the visit: she does not learn it exists.
    expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.otherNurse })).status).toBe(404);
    expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.admin })).status).toBe(403);
    expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.bNurse })).status).toBe(404);
    expect((await t.http('GET', `/visits/${v.visitId}`, { token: tok.otherNurse })).status).toBe(404);
  });

  it('refuses to open a visit earlier than the configured time before its slot', async () => {
    const strict = await createTestApp({ databaseUrl: t.databaseUrl, env: { VISIT_JOIN_OPENS_MINUTES: '15' } });
    try {
      const v = await bookedVisit(t, a, tok, 30);
      const res = await strict.http('POST', `/visits/${v.visitId}/join`, { token: await login(strict, a.users.specialist.username) });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/opens 15 minutes before/);
    } finally {
      await strict.close();
    }
  });

  it('relays signalling only between the two sides, refuses a third socket, and moves the visit along', async () => {
    const v = await bookedVisit(t, a, tok, hour++);
    const centre = connectRealtime(t.baseUrl, tok.nurse);
    const specialist = connectRealtime(t.baseUrl, tok.specialist);
    const outsider = connectRealtime(t.baseUrl, tok.otherNurse);
    await Promise.all([connected(centre), connected(specialist), connected(outsider)]);
    try {
      // A seat is taken through the HTTP join; the socket only attaches to it.
      expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.nurse })).status).toBe(200);
      expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.specialist })).status).toBe(200);
      const waiting = nextEvent(specialist, 'visit.updated', (e) => e.visitId === v.visitId && e.status === 'waiting');
      const first = await centre.emitWithAck('visit.signal.join', { visitId: v.visitId });
      expect(first).toMatchObject({ ok: true, side: 'centre', initiator: false });
      await waiting;
      const inProgress = nextEvent(centre, 'visit.updated', (e) => e.visitId === v.visitId && e.status === 'in_progress');
      const peerJoined = nextEvent(centre, 'visit.peer-joined');
      const second = await socketJoin(specialist, v.visitId);
      expect(second).toMatchObject({ ok: true, side: 'specialist', initiator: true, peers: [a.users.nurse.id] });
      expect(await peerJoined).toMatchObject({ userId: a.users.specialist.id });
      await inProgress;
      const offer = nextEvent(centre, 'visit.signal');
      expect(await specialist.emitWithAck('visit.signal', { visitId: v.visitId, description: { type: 'offer', sdp: 'v=0' } })).toEqual({
        ok: true,
      });
      expect(await offer).toMatchObject({ from: a.users.specialist.id, description: { type: 'offer' } });
      expect(await socketJoin(outsider, v.visitId)).toMatchObject({ ok: false, status: 404, error: 'Visit not found' });
      expect(await outsider.emitWithAck('visit.signal', { visitId: v.visitId, candidate: {} })).toMatchObject({ ok: false, status: 409 });
      expect(await socketJoin(outsider, 'nope')).toMatchObject({ ok: false, status: 400, details: [{ field: 'visitId' }] });
      const [row] = (await t.db.query('SELECT status, started_at FROM visit WHERE id = $1', [v.visitId])).rows;
      expect(row.status).toBe('in_progress');
      expect(row.started_at).toBeTruthy();
    } finally {
      centre.close();
      specialist.close();
      outsider.close();
    }
  });

  /** A second nurse of the region's main centre (same password as the factory's users). */
  async function colleagueOf(nurseId: string, username: string): Promise<{ id: string; token: string }> {
    const {
      rows: [u],
    } = await t.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, region_id, health_centre_id)
       SELECT $2, 'Kollega', password_hash, role, region_id, health_centre_id FROM app_user WHERE id = $1 RETURNING id`,
      [nurseId, username],
    );
    return { id: u.id, token: await login(t, username) };
  }

  const joinAudit = async (visitId: string) =>
    (
      await t.db.query(
        `SELECT actor_user_id AS "user", outcome, reason, detail FROM audit_event
          WHERE resource_type = 'Visit' AND resource_id = $1 AND action = 'execute' ORDER BY occurred_at`,
        [visitId],
      )
    ).rows;

  it("#15.3: a socket join applies the HTTP join's rules: refused before the visit opens, nothing changed, audited", async () => {
    const v = await bookedVisit(t, a, tok, 20);
    // The seat is taken through the lenient instance, so that only the opening time stands in the socket's way.
    expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.nurse })).status).toBe(200);
    const strict = await createTestApp({ databaseUrl: t.databaseUrl, env: { VISIT_JOIN_OPENS_MINUTES: '15' } });
    const socket = connectRealtime(strict.baseUrl, await login(strict, a.users.nurse.username));
    try {
      await connected(socket);
      const heard = collect(socket, 'visit.updated');
      const before = (await t.db.query('SELECT * FROM visit WHERE id = $1', [v.visitId])).rows[0];
      const strictToken = await login(strict, a.users.nurse.username);
      expect((await strict.http('POST', `/visits/${v.visitId}/join`, { token: strictToken })).status).toBe(409);
      const ack = await socketJoin(socket, v.visitId);
      expect(ack).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/opens 15 minutes before/) });
      const after = (await t.db.query('SELECT * FROM visit WHERE id = $1', [v.visitId])).rows[0];
      expect(after).toEqual(before);
      expect(after).toMatchObject({ status: 'scheduled', centre_joined_at: null, started_at: null });
      // The refused socket is not in the visit's room: nothing it relays reaches anyone.
      expect(await socket.emitWithAck('visit.signal', { visitId: v.visitId, candidate: {} })).toMatchObject({ ok: false, status: 409 });
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toEqual([]);
      const tooEarly = expect.stringMatching(/opens 15 minutes/);
      expect(await joinAudit(v.visitId)).toEqual([
        expect.objectContaining({ user: a.users.nurse.id, outcome: 'success', detail: { join: 'centre', via: 'http' } }),
        expect.objectContaining({ user: a.users.nurse.id, outcome: 'denied', reason: tooEarly, detail: { via: 'http' } }),
        expect.objectContaining({ user: a.users.nurse.id, outcome: 'denied', reason: tooEarly, detail: { via: 'socket' } }),
      ]);
    } finally {
      socket.close();
      await strict.close();
    }
  });

  it('#15.3: a seat belongs to the nurse who joined over HTTP: a colleague cannot take it; the offer reaches the right nurse', async () => {
    const v = await bookedVisit(t, a, tok, hour++);
    const colleague = await colleagueOf(a.users.nurse.id, `kollega.${hour}`);
    const nurse = connectRealtime(t.baseUrl, tok.nurse);
    const other = connectRealtime(t.baseUrl, colleague.token);
    const specialist = connectRealtime(t.baseUrl, tok.specialist);
    await Promise.all([connected(nurse), connected(other), connected(specialist)]);
    const status = async () => (await t.db.query('SELECT status FROM visit WHERE id = $1', [v.visitId])).rows[0].status;
    try {
      // No seat without the HTTP join, and nothing moves.
      const refused = (error: RegExp) => ({ ok: false, status: 409, error: expect.stringMatching(error) });
      expect(await socketJoin(nurse, v.visitId)).toMatchObject(refused(/Join the visit first/));
      expect(await status()).toBe('scheduled');
      expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.nurse })).status).toBe(200);
      expect(await socketJoin(nurse, v.visitId)).toMatchObject({ ok: true, side: 'centre', peers: [], initiator: false });
      expect(await status()).toBe('waiting');
      // The colleague is staff of the centre, but the seat is taken: neither her socket nor her HTTP join gets it.
      expect(await socketJoin(other, v.visitId)).toMatchObject(refused(/holds the visit's seat/));
      const taken = await t.http('POST', `/visits/${v.visitId}/join`, { token: colleague.token });
      expect(taken.status).toBe(409);
      expect(taken.body.message).toMatch(/Another nurse of the health centre is in the visit/);
      // The booked specialist meets the nurse who holds the seat, and only her.
      expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.specialist })).status).toBe(200);
      const met = await socketJoin(specialist, v.visitId);
      expect(met).toMatchObject({ ok: true, side: 'specialist', peers: [a.users.nurse.id], initiator: true });
      const overheard = collect(other, 'visit.signal');
      const offer = nextEvent(nurse, 'visit.signal');
      const signal = (type: string) => ({ visitId: v.visitId, description: { type, sdp: 'v=0' } });
      expect(await specialist.emitWithAck('visit.signal', signal('offer'))).toEqual({ ok: true });
      expect(await offer).toMatchObject({ from: a.users.specialist.id });
      expect(await other.emitWithAck('visit.signal', signal('answer'))).toMatchObject({ ok: false, status: 409 });
      await new Promise((r) => setTimeout(r, 200));
      expect(overheard).toEqual([]);
      // A hand-over: once the nurse has left the room, her colleague takes the seat over HTTP,
      // and the first nurse's socket no longer attaches.
      expect(await nurse.emitWithAck('visit.signal.leave', { visitId: v.visitId })).toEqual({ ok: true });
      expect((await t.http('POST', `/visits/${v.visitId}/join`, { token: colleague.token })).status).toBe(200);
      expect(await socketJoin(other, v.visitId)).toMatchObject({ ok: true, side: 'centre', peers: [a.users.specialist.id] });
      expect(await socketJoin(nurse, v.visitId)).toMatchObject({ ok: false, status: 409 });
      const [seat] = (await t.db.query('SELECT centre_seat_user_id FROM visit WHERE id = $1', [v.visitId])).rows;
      expect(seat.centre_seat_user_id).toBe(colleague.id);
      // Every join and every refusal is in the audit log, with the way it came.
      const audit = await joinAudit(v.visitId);
      expect(audit).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ user: a.users.nurse.id, outcome: 'denied', detail: { via: 'socket' } }),
          expect.objectContaining({ user: a.users.nurse.id, outcome: 'success', detail: { join: 'centre', via: 'http' } }),
          expect.objectContaining({ user: a.users.nurse.id, outcome: 'success', detail: { join: 'centre', via: 'socket' } }),
          expect.objectContaining({ user: colleague.id, outcome: 'denied', detail: { via: 'socket' } }),
          expect.objectContaining({ user: colleague.id, outcome: 'denied', detail: { via: 'http' } }),
          expect.objectContaining({ user: a.users.specialist.id, outcome: 'success', detail: { join: 'specialist', via: 'socket' } }),
          expect.objectContaining({
            user: colleague.id,
            outcome: 'success',
            detail: { join: 'centre', via: 'http', seatTakenFrom: a.users.nurse.id },
          }),
          expect.objectContaining({ user: colleague.id, outcome: 'success', detail: { join: 'centre', via: 'socket' } }),
        ]),
      );
      expect(audit).toHaveLength(10);
    } finally {
      nurse.close();
      other.close();
      specialist.close();
    }
  });

  it("delivers the answer to the centre's inbox, completes the case and opens a follow-up without a referral", async () => {
    const v = await bookedVisit(t, a, tok, hour++);
    const nurseSocket = connectRealtime(t.baseUrl, tok.nurse);
    await connected(nurseSocket);
    const arrived = nextEvent(nurseSocket, 'inbox.updated', (e) => e.visitId === v.visitId);
    expect(
      (await t.http('POST', `/visits/${v.visitId}/outcome`, { token: tok.nurse, body: { summary: 'x', plan: 'discharged' } })).status,
    ).toBe(403);
    const badCode = await t.http('POST', `/visits/${v.visitId}/outcome`, {
      token: tok.specialist,
      body: { summary: 'x', plan: 'discharged', diagnosisCodes: ['reumatism'] },
    });
    expect(badCode.status).toBe(400);
    expect(badCode.body.details[0].field).toBe('diagnosisCodes.0');
    const res = await t.http('POST', `/visits/${v.visitId}/outcome`, {
      token: tok.specialist,
      body: {
        summary: 'Seropositiv RA, hög aktivitet.',
        diagnosisCodes: ['m05.3'],
        plan: 'follow_up_remote',
        instructions: 'Ta blodprover (SR, CRP) om 4 veckor.',
        followUpInDays: 42,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ plan: 'follow_up_remote', diagnosisCodes: ['M05.3'], followUpCaseId: expect.any(String) });
    await arrived;
    nurseSocket.close();
    const inbox = await t.http('GET', '/inbox', { token: tok.nurse });
    expect(inbox.body[0]).toMatchObject({ visitId: v.visitId, summary: 'Seropositiv RA, hög aktivitet.', readAt: null });
    expect((await t.http('GET', '/inbox', { token: tok.otherNurse })).body.map((o: { visitId: string }) => o.visitId)).not.toContain(
      v.visitId,
    );
    expect((await t.http('POST', `/inbox/${inbox.body[0].id}/read`, { token: tok.nurse })).body.readAt).toBeTruthy();
    const c = await t.http('GET', `/triage-cases/${v.caseId}`, { token: tok.nurse });
    expect(c.body.status).toBe('completed');
    const followUp = await t.http('GET', `/triage-cases/${res.body.followUpCaseId}`, { token: tok.nurse });
    expect(followUp.body).toMatchObject({ status: 'awaiting_booking', flags: ['follow_up'] });
    const visit = await t.http('GET', `/visits/${v.visitId}`, { token: tok.specialist });
    expect(visit.body).toMatchObject({
      status: 'completed',
      outcome: { plan: 'follow_up_remote' },
      triage: { answers: expect.any(Object) },
    });
    expect(
      (await t.http('POST', `/visits/${v.visitId}/outcome`, { token: tok.specialist, body: { summary: 'igen', plan: 'discharged' } }))
        .status,
    ).toBe(409);
  });

  it('exports the visit as FHIR R4: a virtual Encounter and the answer as a Composition', async () => {
    const v = await bookedVisit(t, a, tok, hour++);
    await t.http('POST', `/visits/${v.visitId}/outcome`, {
      token: tok.specialist,
      body: { summary: 'Artros, ingen inflammatorisk sjukdom.', diagnosisCodes: ['M19.9'], plan: 'follow_up_primary_care' },
    });
    const res = await t.http('GET', `/visits/${v.visitId}/fhir`, { token: tok.nurse });
    expect(res.body.resourceType).toBe('Bundle');
    const byType = Object.fromEntries(
      res.body.entry.map((e: { resource: { resourceType: string } }) => [e.resource.resourceType, e.resource]),
    );
    expect(Object.keys(byType).sort()).toEqual(['Composition', 'Encounter', 'Organization', 'Patient', 'Practitioner']);
    expect(byType.Encounter).toMatchObject({
      status: 'finished',
      class: { code: 'VR' },
      subject: { reference: `urn:uuid:${v.patientId}` },
    });
    expect(byType.Composition).toMatchObject({
      status: 'final',
      encounter: { reference: `urn:uuid:${v.visitId}` },
      author: [{ reference: `urn:uuid:${a.users.specialist.id}` }],
    });
    expect(byType.Patient.identifier[0].system).toBe('urn:oid:1.2.752.129.2.1.3.1');
    // #15.11: valid FHIR R4, every reference resolving inside the Bundle.
    expect(fhirR4Problems(res.body)).toEqual([]);
  });

  it('turns a visit nobody joined into a no-show and puts the case back in the queue with a flag', async () => {
    const v = await bookedVisit(t, a, tok, hour++);
    await t.db.query(`UPDATE slot SET start_at = now() - interval '3 hours', end_at = now() - interval '150 minutes' WHERE id = $1`, [
      v.slotId,
    ]);
    const swept = await t.app.get(VisitsService).sweepNoShows();
    expect(swept).toBeGreaterThanOrEqual(1);
    const [visit] = (await t.db.query('SELECT status FROM visit WHERE id = $1', [v.visitId])).rows;
    expect(visit.status).toBe('no_show');
    const c = await t.http('GET', `/triage-cases/${v.caseId}`, { token: tok.nurse });
    expect(c.body).toMatchObject({ status: 'awaiting_booking', flags: ['no_show'] });
    const queue = await t.http('GET', `/queue?pathwayKey=${JOINT}&limit=500`, { token: tok.specialist });
    expect(queue.body.items.find((i: { caseId: string }) => i.caseId === v.caseId).flags).toEqual(['no_show']);
    expect(await t.app.get(VisitsService).sweepNoShows()).toBe(0);
  });
});

describe('Video visits through LiveKit (SDK against a local Twirp stand-in)', () => {
  let t: TestApp;
  let standIn: Awaited<ReturnType<typeof startLiveKitStandIn>>;
  let a: TestRegion;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    standIn = await startLiveKitStandIn(LK_KEY, LK_SECRET);
    t = await createTestApp({
      env: { LIVEKIT_URL: standIn.url, LIVEKIT_API_KEY: LK_KEY, LIVEKIT_API_SECRET: LK_SECRET, VISIT_JOIN_OPENS_MINUTES: '1440' },
    });
    a = await createRegion(t.db, 'LK');
    Object.assign(tok, await loginAll(t, a));
  });
  afterAll(async () => {
    await t.close();
    await standIn.close();
  });

  const webhook = async (body: object, options: { secret?: string; ttl?: number | string; sign?: boolean } = {}) => {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/webhook+json' };
    if (options.sign !== false) {
      const at = new AccessToken(LK_KEY, options.secret ?? LK_SECRET, { ttl: options.ttl ?? 600 });
      at.sha256 = createHash('sha256').update(raw).digest('base64');
      headers.authorization = await at.toJwt();
    }
    return t.http('POST', '/livekit/webhook', { rawBody: raw, headers });
  };

  it('creates the room through the room service and hands out a least-privilege 15-minute token', async () => {
    const v = await bookedVisit(t, a, tok, 2);
    const res = await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.specialist });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'livekit', url: standIn.url.replace('http', 'ws') });
    const create = standIn.calls.find((c) => c.method === 'CreateRoom' && c.body.name === res.body.room);
    expect(create?.body).toMatchObject({ emptyTimeout: 600, maxParticipants: 3 });
    expect((create?.grants.video as { roomCreate?: boolean }).roomCreate).toBe(true);
    const claims = await new TokenVerifier(LK_KEY, LK_SECRET).verify(res.body.token);
    expect(claims.sub).toBe(a.users.specialist.id);
    expect(claims.name).toBe(`specialist LK`);
    expect(claims.video).toMatchObject({ room: res.body.room, roomJoin: true, canPublish: true, canSubscribe: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomCreate).toBeFalsy();
    const lifetime = (claims as unknown as { exp: number; nbf: number }).exp - Math.floor(Date.now() / 1000);
    expect(lifetime).toBeGreaterThan(60);
    expect(lifetime).toBeLessThanOrEqual(15 * 60);
    await expect(new TokenVerifier(LK_KEY, 'another-secret-another-secret-another').verify(res.body.token)).rejects.toThrow();
    // The embedded mode's signalling does not move a LiveKit visit along (#15.3).
    const socket = connectRealtime(t.baseUrl, tok.specialist);
    await connected(socket);
    expect(await socket.emitWithAck('visit.signal.join', { visitId: v.visitId })).toMatchObject({ ok: false, status: 409 });
    socket.close();
    expect((await t.db.query('SELECT status FROM visit WHERE id = $1', [v.visitId])).rows[0].status).toBe('scheduled');
  });

  it('accepts only signed, fresh webhooks, and handles each event id once', async () => {
    const v = await bookedVisit(t, a, tok, 4);
    const join = await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.nurse });
    const event = {
      id: `EV_${randomUUID()}`,
      event: 'participant_joined',
      room: { name: join.body.room },
      participant: { identity: a.users.nurse.id },
      createdAt: String(Math.floor(Date.now() / 1000)),
    };
    expect((await webhook(event, { sign: false })).status).toBe(401);
    expect((await webhook(event, { secret: 'forged-secret-forged-secret-forged-secret' })).status).toBe(401);
    expect((await webhook(event, { ttl: -60 })).status).toBe(401);
    const tampered = await (async () => {
      const at = new AccessToken(LK_KEY, LK_SECRET, { ttl: 600 });
      at.sha256 = createHash('sha256')
        .update(JSON.stringify({ ...event, participant: { identity: 'someone' } }))
        .digest('base64');
      return t.http('POST', '/livekit/webhook', {
        rawBody: JSON.stringify(event),
        headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
      });
    })();
    expect(tampered.status).toBe(401);
    expect((await t.db.query('SELECT status FROM visit WHERE id = $1', [v.visitId])).rows[0].status).toBe('scheduled');
    const ok = await webhook(event);
    expect(ok.body).toMatchObject({ handled: true });
    expect((await t.db.query('SELECT status FROM visit WHERE id = $1', [v.visitId])).rows[0].status).toBe('waiting');
    const replay = await webhook(event);
    expect(replay.body).toMatchObject({ handled: false, duplicate: true });
    const specialistJoined = { ...event, id: `EV_${randomUUID()}`, participant: { identity: a.users.specialist.id } };
    await webhook(specialistJoined);
    expect((await t.db.query('SELECT status FROM visit WHERE id = $1', [v.visitId])).rows[0].status).toBe('in_progress');
    await t.http('POST', `/visits/${v.visitId}/outcome`, { token: tok.specialist, body: { summary: 'Klart.', plan: 'discharged' } });
    expect(standIn.calls.some((c) => c.method === 'DeleteRoom' && c.body.room === join.body.room)).toBe(true);
  });
});
