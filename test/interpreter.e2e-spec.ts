import { TokenVerifier } from 'livekit-server-sdk';
import { io, type Socket } from 'socket.io-client';
import { createRegion, loginAll, type TestRegion } from './support/factories';
import { startLiveKitStandIn } from './support/livekit-standin';
import { collect, connected, connectRealtime, nextEvent } from './support/sockets';
import { bookedVisit } from './support/cases';
import { createTestApp, type TestApp } from './support/test-app';

const LK_KEY = 'APIinterpreter';
const LK_SECRET = 'interpreter-secret-that-is-long-enough-for-hmac';

const tokenOf = (link: string) => /\/i\/([A-Za-z0-9_-]{43})$/.exec(link)![1]!;

/**
 * Issue 22, item 3: an interpreter for a visit, joining from outside by a one-time link valid around the
 * visit's time; with LiveKit a token for the visit's room (its third participant). Against the LiveKit
 * room-service stand-in; the embedded mode's refusal is checked on a second app.
 */
describe('An interpreter joins a visit by a one-time link (LiveKit stand-in, real PostgreSQL)', () => {
  let t: TestApp;
  let standIn: Awaited<ReturnType<typeof startLiveKitStandIn>>;
  let r: TestRegion;
  let tok: Record<string, string>;

  beforeAll(async () => {
    standIn = await startLiveKitStandIn(LK_KEY, LK_SECRET);
    t = await createTestApp({
      env: {
        LIVEKIT_URL: standIn.url,
        LIVEKIT_API_KEY: LK_KEY,
        LIVEKIT_API_SECRET: LK_SECRET,
        VISIT_JOIN_OPENS_MINUTES: '60',
        PUBLIC_BASE_URL: 'https://vard.example',
      },
    });
    r = await createRegion(t.db, 'IN');
    tok = await loginAll(t, r);
  });
  afterAll(async () => {
    await t?.close();
    await standIn?.close();
  });

  it("#22.3 the centre books an interpreter in the patient's language; the link works once, in the visit's window, as a room token; audited", async () => {
    const v = await bookedVisit(t, r, tok, 0.5);
    // No language recorded and none given: 422 naming it.
    const none = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: {} });
    expect(none.status).toBe(422);
    expect(none.body.details).toEqual([
      expect.objectContaining({ field: 'language', reason: 'required: the patient has no interpreter language recorded' }),
    ]);
    await t.http('PUT', `/patients/${v.patientId}`, { token: tok.nurse, body: { interpreterLanguage: 'so' } });
    // Another centre's nurse, another role: refused.
    expect((await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.otherNurse, body: {} })).status).toBe(404);
    expect((await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.admin, body: {} })).status).toBe(403);
    const booked = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: {} });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({
      visitId: v.visitId,
      language: 'so',
      link: expect.stringMatching(/^https:\/\/vard\.example\/i\/[A-Za-z0-9_-]{43}$/),
    });
    expect(new Date(booked.body.validFrom).getTime()).toBe(v.start.getTime() - 3600_000);

    const token = tokenOf(booked.body.link);
    const join = await t.http('POST', `/i/${token}/join`);
    expect(join.status).toBe(200);
    expect(join.body).toMatchObject({ mode: 'livekit', language: 'so' });
    const claims = await new TokenVerifier(LK_KEY, LK_SECRET).verify(join.body.token);
    expect(claims.sub).toBe(`interpreter-${v.visitId}`);
    expect(claims.video).toMatchObject({ room: join.body.room, roomJoin: true, canPublish: true, canSubscribe: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    // The room the specialist joins is the same one (at most three participants).
    const spec = await t.http('POST', `/visits/${v.visitId}/join`, { token: tok.specialist });
    expect(spec.body.room).toBe(join.body.room);
    expect(standIn.calls.find((c) => c.method === 'CreateRoom' && c.body.name === join.body.room)?.body).toMatchObject({
      maxParticipants: 3,
    });
    // One-time.
    expect((await t.http('POST', `/i/${token}/join`)).status).toBe(410);
    expect((await t.http('POST', `/i/${'A'.repeat(43)}/join`)).status).toBe(404);
    const audit = await t.db.query(
      `SELECT actor_username, actor_role, action, resource_type, patient_id FROM audit_event WHERE resource_id = $1 AND resource_type IN ('Visit', 'VisitInterpreter') AND action <> 'read' ORDER BY id`,
      [v.visitId],
    );
    expect(audit.rows).toEqual(
      expect.arrayContaining([
        {
          actor_username: r.users.nurse.username,
          actor_role: 'nurse',
          action: 'create',
          resource_type: 'VisitInterpreter',
          patient_id: v.patientId,
        },
        {
          actor_username: 'interpreter:link',
          actor_role: 'interpreter',
          action: 'execute',
          resource_type: 'Visit',
          patient_id: v.patientId,
        },
      ]),
    );
  });

  it('#22.3 a link is refused before the window opens; booking again replaces the link; the specialist may book', async () => {
    const v = await bookedVisit(t, r, tok, 5);
    const first = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.specialist, body: { language: 'ar' } });
    expect(first.status).toBe(201);
    const early = await t.http('POST', `/i/${tokenOf(first.body.link)}/join`);
    expect(early.status).toBe(409);
    expect(early.body.opensAt).toBe(first.body.validFrom);
    const second = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: { language: 'ti' } });
    expect(second.body.language).toBe('ti');
    expect((await t.http('POST', `/i/${tokenOf(first.body.link)}/join`)).status).toBe(404);
    expect((await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: { language: 'Somali' } })).status).toBe(400);
  });
});

/** A socket that shows the interpreter's seat credential instead of a user's token. */
function connectSeat(baseUrl: string, credential: string): Socket {
  return io(`${baseUrl}/realtime`, {
    path: '/socket.io',
    auth: { guest: credential },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}

const settle = () => new Promise((r) => setTimeout(r, 200));

/**
 * Issue 22, item 3 in the embedded mode: a three-way call as a mesh (each pair its own peer connection), its
 * signalling addressed per peer over the api's socket; the interpreter's link gives a seat credential for
 * that one visit's call in its window, and nothing else. Real sockets, real PostgreSQL.
 */
describe('The interpreter in the embedded peer-to-peer mode: a three-way mesh over the socket', () => {
  let t: TestApp;
  let r: TestRegion;
  let tok: Record<string, string>;
  const sockets: Socket[] = [];
  const open = (s: Socket) => (sockets.push(s), s);

  beforeAll(async () => {
    t = await createTestApp({ env: { VISIT_JOIN_OPENS_MINUTES: '600', NO_SHOW_AFTER_MINUTES: '30' } });
    r = await createRegion(t.db, 'IM');
    tok = await loginAll(t, r);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t?.close());

  /** A visit with the nurse and the specialist in its call and an interpreter booked; the link's token. */
  async function callOfTwo(hoursAhead = 0.5) {
    const v = await bookedVisit(t, r, tok, hoursAhead);
    const booked = await t.http('POST', `/visits/${v.visitId}/interpreter`, { token: tok.nurse, body: { language: 'so' } });
    expect(booked.status).toBe(201);
    const nurse = open(connectRealtime(t.baseUrl, tok.nurse));
    const specialist = open(connectRealtime(t.baseUrl, tok.specialist));
    await Promise.all([connected(nurse), connected(specialist)]);
    for (const token of [tok.nurse, tok.specialist]) {
      expect((await t.http('POST', `/visits/${v.visitId}/join`, { token })).status).toBe(200);
    }
    expect(await nurse.emitWithAck('visit.signal.join', { visitId: v.visitId })).toMatchObject({ ok: true, initiator: false });
    expect(await specialist.emitWithAck('visit.signal.join', { visitId: v.visitId })).toMatchObject({
      ok: true,
      self: r.users.specialist.id,
      peers: [r.users.nurse.id],
      roles: { [r.users.nurse.id]: 'nurse' },
      initiator: true,
    });
    return { ...v, token: tokenOf(booked.body.link), nurse, specialist };
  }

  /** The link's one join, as the interpreter's page makes it: a seat for the embedded mode. */
  async function seatOf(token: string): Promise<{ credential: string; peerId: string; visitId: string; expiresAt: string }> {
    const join = await t.http('POST', `/i/${token}/join`);
    expect(join.status).toBe(200);
    expect(join.body).toMatchObject({ mode: 'p2p', language: 'so', iceServers: [] });
    return join.body.seat;
  }

  it("#22.3 three seats: the interpreter joins by the link's seat, and each message reaches only the peer it names", async () => {
    const call = await callOfTwo();
    // Before joining, the page shows the time and the language only: nothing of the patient.
    const view = await t.http('GET', `/i/${call.token}`);
    expect(view.status).toBe(200);
    expect(view.body).toEqual({
      state: 'open',
      language: 'so',
      start: call.start.toISOString(),
      end: new Date(call.start.getTime() + 1800_000).toISOString(),
      opensAt: new Date(call.start.getTime() - 600 * 60_000).toISOString(),
    });
    expect((await t.http('GET', `/i/${'B'.repeat(43)}`)).status).toBe(404);
    const seat = await seatOf(call.token);
    expect(seat).toMatchObject({
      peerId: `interpreter-${call.visitId}`,
      visitId: call.visitId,
      credential: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(new Date(seat.expiresAt).getTime()).toBe(call.start.getTime() + 1800_000 + 30 * 60_000);
    expect((await t.http('GET', `/i/${call.token}`)).body.state).toBe('used');

    const interpreter = open(connectSeat(t.baseUrl, seat.credential));
    await connected(interpreter);
    const joinedAtNurse = nextEvent(call.nurse, 'visit.peer-joined');
    const joinedAtSpecialist = nextEvent(call.specialist, 'visit.peer-joined');
    const ack = await interpreter.emitWithAck('visit.signal.join', { visitId: call.visitId });
    expect(ack).toMatchObject({ ok: true, side: 'interpreter', self: seat.peerId, initiator: true });
    expect([...ack.peers].sort()).toEqual([r.users.nurse.id, r.users.specialist.id].sort());
    expect(ack.roles).toEqual({ [r.users.nurse.id]: 'nurse', [r.users.specialist.id]: 'specialist' });
    for (const e of [await joinedAtNurse, await joinedAtSpecialist]) {
      expect(e).toEqual({ visitId: call.visitId, userId: seat.peerId, role: 'interpreter' });
    }

    // Each message goes to the one peer it names, and the sender is named by the server.
    const heard = {
      nurse: collect(call.nurse, 'visit.signal'),
      specialist: collect(call.specialist, 'visit.signal'),
      interpreter: collect(interpreter, 'visit.signal'),
    };
    const signal = (socket: Socket, body: Record<string, unknown>) =>
      socket.emitWithAck('visit.signal', { visitId: call.visitId, ...body });
    const offer = { type: 'offer', sdp: 'v=0' };
    expect(await signal(interpreter, { to: r.users.specialist.id, description: offer })).toEqual({ ok: true });
    expect(await signal(call.specialist, { to: seat.peerId, candidate: { candidate: '', sdpMid: '0' } })).toEqual({ ok: true });
    expect(await signal(call.nurse, { to: seat.peerId, media: { audio: false, video: true } })).toEqual({ ok: true });
    await settle();
    expect(heard.specialist).toEqual([{ visitId: call.visitId, from: seat.peerId, to: r.users.specialist.id, description: offer }]);
    expect(heard.interpreter).toEqual([
      { visitId: call.visitId, from: r.users.specialist.id, to: seat.peerId, candidate: { candidate: '', sdpMid: '0' } },
      { visitId: call.visitId, from: r.users.nurse.id, to: seat.peerId, media: { audio: false, video: true } },
    ]);
    expect(heard.nurse).toEqual([]);
    // A message naming nobody in the call reaches nobody; a malformed one is refused naming the field.
    expect(await signal(call.nurse, { to: 'someone-else', candidate: {} })).toEqual({ ok: true });
    const bad = await signal(call.nurse, { to: seat.peerId, media: { audio: 'off', video: true } });
    expect(bad).toMatchObject({ ok: false, status: 400, details: [expect.objectContaining({ field: 'media.audio' })] });
    await settle();
    expect(heard.specialist).toHaveLength(1);
    expect(heard.interpreter).toHaveLength(2);

    // The interpreter leaves: the others are told, and her socket relays nothing more.
    const left = nextEvent(call.specialist, 'visit.peer-left');
    expect(await interpreter.emitWithAck('visit.signal.leave', { visitId: call.visitId })).toEqual({ ok: true });
    expect(await left).toEqual({ visitId: call.visitId, userId: seat.peerId });
    expect(await signal(interpreter, { candidate: {} })).toMatchObject({ ok: false, status: 409 });
    const audit = await t.db.query(
      `SELECT actor_username, actor_role, outcome, patient_id, detail FROM audit_event
        WHERE resource_type = 'Visit' AND resource_id = $1 AND actor_username = 'interpreter:link' ORDER BY id`,
      [call.visitId],
    );
    expect(audit.rows).toEqual([
      {
        actor_username: 'interpreter:link',
        actor_role: 'interpreter',
        outcome: 'success',
        patient_id: call.patientId,
        detail: { via: 'interpreter-link', change: 'interpreter joined', language: 'so' },
      },
      {
        actor_username: 'interpreter:link',
        actor_role: 'interpreter',
        outcome: 'success',
        patient_id: call.patientId,
        detail: { via: 'socket', join: 'interpreter', language: 'so' },
      },
    ]);
  });

  it("#22.3 the seat gives no other right: not another visit, no other event, none of the product's events", async () => {
    const call = await callOfTwo(1.5);
    const other = await bookedVisit(t, r, tok, 2.5);
    for (const token of [tok.nurse, tok.specialist]) {
      expect((await t.http('POST', `/visits/${other.visitId}/join`, { token })).status).toBe(200);
    }
    const seat = await seatOf(call.token);
    // No credential, a made-up one, or the used link's token: no socket at all.
    for (const guest of ['', 'x'.repeat(43), call.token]) {
      const s = open(connectSeat(t.baseUrl, guest));
      await expect(connected(s)).rejects.toThrow(/unauthorized/);
    }
    const interpreter = open(connectSeat(t.baseUrl, seat.credential));
    await connected(interpreter);
    const events: string[] = [];
    interpreter.onAny((event: string) => events.push(event));
    // Another visit: unknown to it, as any visit is to a stranger; nothing it sends reaches that visit's call.
    const overheard = collect(call.nurse, 'visit.signal');
    expect(await interpreter.emitWithAck('visit.signal.join', { visitId: other.visitId })).toMatchObject({ ok: false, status: 404 });
    expect(await interpreter.emitWithAck('visit.signal.join', { visitId: 'nope' })).toMatchObject({ ok: false, status: 400 });
    const relayed = await interpreter.emitWithAck('visit.signal', { visitId: other.visitId, candidate: {} });
    expect(relayed).toMatchObject({ ok: false, status: 409 });
    // Any other event is refused: renewing a user's session, anything else.
    expect(await interpreter.emitWithAck('auth.renew', { token: tok.nurse })).toMatchObject({ ok: false, status: 403 });
    expect(await interpreter.emitWithAck('queue.updated', {})).toMatchObject({ ok: false, status: 403 });
    // In its own visit's call it hears the call, never the product's events (the visit's status, queues, cases).
    expect(await interpreter.emitWithAck('visit.signal.join', { visitId: call.visitId })).toMatchObject({ ok: true });
    const completed = nextEvent(call.nurse, 'visit.updated', (e) => e.visitId === call.visitId && e.status === 'completed');
    const answer = await t.http('POST', `/visits/${call.visitId}/outcome`, {
      token: tok.specialist,
      body: { summary: 'Bedömd med tolk.', diagnosisCodes: ['M06.9'], plan: 'discharged' },
    });
    expect(answer.status).toBe(201);
    await completed;
    await settle();
    expect(events).toEqual([]);
    expect(overheard).toEqual([]);
    // The visit is over: the seat no longer admits a socket.
    await expect(connected(open(connectSeat(t.baseUrl, seat.credential)))).rejects.toThrow(/unauthorized/);
  });

  it("#22.3 the seat is refused after the visit's window and revoked by booking again; the refusals are audited", async () => {
    const call = await callOfTwo(3.5);
    const seat = await seatOf(call.token);
    const interpreter = open(connectSeat(t.baseUrl, seat.credential));
    await connected(interpreter);
    // The window moved past its end (the slot's end + NO_SHOW_AFTER_MINUTES), not the clock.
    await t.db.query(
      `UPDATE visit_interpreter SET valid_from = now() - interval '3 hours', valid_until = now() - interval '31 minutes'
        WHERE visit_id = $1`,
      [call.visitId],
    );
    expect(await interpreter.emitWithAck('visit.signal.join', { visitId: call.visitId })).toMatchObject({
      ok: false,
      status: 409,
      error: expect.stringMatching(/time has passed/),
    });
    await expect(connected(open(connectSeat(t.baseUrl, seat.credential)))).rejects.toThrow(/unauthorized/);
    // Back in the window: it joins; then the centre books again, and the first interpreter is put out of the call.
    await t.db.query(`UPDATE visit_interpreter SET valid_until = now() + interval '1 hour' WHERE visit_id = $1`, [call.visitId]);
    const again = open(connectSeat(t.baseUrl, seat.credential));
    await connected(again);
    expect(await again.emitWithAck('visit.signal.join', { visitId: call.visitId })).toMatchObject({ ok: true });
    const ended = nextEvent(again, 'disconnect');
    const left = nextEvent(call.nurse, 'visit.peer-left', (e) => e.userId === seat.peerId);
    expect((await t.http('POST', `/visits/${call.visitId}/interpreter`, { token: tok.nurse, body: { language: 'ar' } })).status).toBe(201);
    await ended;
    await left;
    await expect(connected(open(connectSeat(t.baseUrl, seat.credential)))).rejects.toThrow(/unauthorized/);
    const audit = await t.db.query(
      `SELECT outcome, reason, detail->>'via' AS via FROM audit_event
        WHERE resource_type = 'Visit' AND resource_id = $1 AND actor_username = 'interpreter:link' ORDER BY id`,
      [call.visitId],
    );
    expect(audit.rows).toEqual([
      { outcome: 'success', reason: null, via: 'interpreter-link' },
      { outcome: 'denied', reason: expect.stringMatching(/time has passed/), via: 'socket' },
      { outcome: 'success', reason: null, via: 'socket' },
    ]);
  });
});
