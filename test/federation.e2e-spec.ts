import { randomUUID } from 'node:crypto';
import { newKeyPair, signMessage } from '@app/federation';
import { createRegion, login, createPatient, type TestRegion } from './support/factories';
import { fhirR4Problems } from './support/fhir-r4';
import { JOINT, jointAnswers } from './support/joint-answers';
import { type Installation, startInstallation } from './support/second-installation';

/**
 * Issue 21: two regions, each on its own installation (its own api and its own database), refer
 * and answer through signed FHIR messages.
 */
type Tokens = { nurse: string; otherNurse: string; specialist: string; admin: string };

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Federation between installations (issue 21)', () => {
  let a: Installation;
  let b: Installation;
  let ra: TestRegion;
  let rb: TestRegion;
  let ta: Tokens;
  let tb: Tokens;
  let serviceId: string;
  /** Every line B's api logs. */
  const logOfB: string[] = [];

  const tokens = async (i: Installation, r: TestRegion): Promise<Tokens> => {
    const t = { http: i.http } as Parameters<typeof login>[0];
    return {
      nurse: await login(t, r.users.nurse.username),
      otherNurse: await login(t, r.users.otherNurse.username),
      specialist: await login(t, r.users.specialist.username),
      admin: await login(t, r.users.admin.username),
    };
  };
  const patientAtA = () => createPatient({ http: a.http } as Parameters<typeof createPatient>[0], ta.nurse, ra.centres.main);
  const statusAt = async (i: Installation, token: string, id: string) => (await i.http('GET', `/referrals/${id}`, { token })).body;
  const refer = async (answers = jointAnswers()) => {
    const p = await patientAtA();
    const res = await a.http('POST', '/referrals', { token: ta.nurse, body: { serviceId, patientId: p.id, answers } });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, patient: p };
  };
  const bothAt = async (id: string, status: string) => {
    await until(`${id} ${status} at both ends`, async () => {
      const [x, y] = [await statusAt(a, ta.nurse, id), await statusAt(b, tb.specialist, id)];
      return x.status === status && y.status === status && x.waitingForDelivery === 0 && y.waitingForDelivery === 0;
    });
  };

  beforeAll(async () => {
    const logB = { write: (line: string) => void logOfB.push(line) };
    [a, b] = await Promise.all([startInstallation(), startInstallation({ LOG_LEVEL: 'info' }, logB)]);
    ra = await createRegion(a.db, 'FA');
    rb = await createRegion(b.db, 'FB');
    [ta, tb] = await Promise.all([tokens(a, ra), tokens(b, rb)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('#21.1: each installation publishes an ES256 key set with its id; an admin registers another by base URL, keys pinned', async () => {
    const jwks = (await b.http('GET', '/federation/jwks')).body;
    expect(jwks.installationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();

    const bad = await a.http('POST', '/federation/partners', { token: ta.admin, body: { name: 'Ingen', baseUrl: 'http://127.0.0.1:9' } });
    expect(bad.status).toBe(422);
    expect(bad.body.details[0].field).toBe('baseUrl');
    expect((await a.http('POST', '/federation/partners', { token: ta.admin, body: { name: 'X', baseUrl: 'ftp://x' } })).status).toBe(400);
    expect((await a.http('POST', '/federation/partners', { token: ta.nurse, body: { name: 'X', baseUrl: b.baseUrl } })).status).toBe(403);
    expect((await a.db.query('SELECT count(*)::int AS n FROM federation_partner')).rows[0].n).toBe(0);

    const ab = await a.http('POST', '/federation/partners', { token: ta.admin, body: { name: 'Region FB', baseUrl: b.baseUrl } });
    expect(ab.status).toBe(201);
    expect(ab.body).toMatchObject({ installationId: jwks.installationId, keyIds: [jwks.keys[0].kid] });
    const ba = await b.http('POST', '/federation/partners', { token: tb.admin, body: { name: 'Region FA', baseUrl: `${a.baseUrl}/` } });
    expect(ba.status).toBe(201);
    expect(ba.body.baseUrl).toBe(a.baseUrl);
    expect((await b.http('POST', '/federation/partners', { token: tb.admin, body: { name: 'Igen', baseUrl: a.baseUrl } })).status).toBe(
      409,
    );
    const audit = await a.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE resource_type = 'FederationPartner' AND action = 'create'`,
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it("#21.2: B offers a service in its catalogue; A's staff see it among the partners' offers", async () => {
    const wrong = await b.http('POST', '/federation/services', {
      token: tb.admin,
      body: {
        title: 'Reumatologisk bedömning',
        specialty: 'rheumatology',
        pathwayKey: 'no-such',
        turnaroundDays: 14,
        pricePerReferral: 1500,
      },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details[0].field).toBe('pathwayKey');
    const created = await b.http('POST', '/federation/services', {
      token: tb.admin,
      body: {
        title: 'Reumatologisk bedömning',
        specialty: 'rheumatology',
        pathwayKey: JOINT,
        turnaroundDays: 14,
        pricePerReferral: 1500,
        contact: '060-18 10 00',
      },
    });
    expect(created.status).toBe(201);
    serviceId = created.body.id;
    const catalogue = (await b.http('GET', '/federation/catalogue')).body;
    expect(catalogue.services.map((s: { id: string }) => s.id)).toEqual([serviceId]);
    expect(catalogue.services[0].form.definition.key).toBe(JOINT);
    const offers = await a.http('GET', '/federation/offers', { token: ta.nurse });
    expect(offers.status).toBe(200);
    expect(offers.body).toEqual([
      expect.objectContaining({
        serviceId,
        partnerName: 'Region FB',
        pricePerReferral: 1500,
        turnaroundDays: 14,
        status: 'open',
        partnerReachable: true,
      }),
    ]);
  });

  it('#21.3: a referral goes through every status, both ends show the same, and the answer reaches the referring centre', async () => {
    const wrongAnswers = { serviceId, patientId: (await patientAtA()).id, answers: { age_years: 'old' } };
    const invalid = await a.http('POST', '/referrals', { token: ta.nurse, body: wrongAnswers });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.map((d: { field: string }) => d.field)).toContain('answers.age_years');

    const { id, patient } = await refer();
    await bothAt(id, 'received');
    const incoming = await b.http('GET', '/referrals?direction=incoming', { token: tb.specialist });
    expect(incoming.body.map((r: { id: string }) => r.id)).toContain(id);
    const atB = await statusAt(b, tb.specialist, id);
    expect(atB.patient.personnummer).toBe(patient.personnummer.replace('-', ''));
    expect(atB).toMatchObject({ direction: 'incoming', serviceTitle: 'Reumatologisk bedömning', price: 1500, currency: 'SEK' });
    // Nobody at B sees it but through the referral: no patient row, and B's nurse sees no referral.
    expect((await b.db.query('SELECT count(*)::int AS n FROM patient')).rows[0].n).toBe(0);
    expect((await b.http('GET', `/referrals/${id}`, { token: tb.nurse })).status).toBe(404);
    expect((await a.http('GET', `/referrals/${id}`, { token: ta.otherNurse })).status).toBe(404);

    // The message as it crossed is a FHIR R4 message Bundle.
    const [stored] = (await b.db.query('SELECT bundle FROM federation_referral WHERE id = $1', [id])).rows;
    expect(fhirR4Problems(stored.bundle)).toEqual([]);
    // The Bundle travels under its own id: the message id B keeps to take it once.
    expect((await b.db.query('SELECT 1 FROM federation_inbound WHERE message_id = $1', [stored.bundle.id])).rowCount).toBe(1);
    expect(stored.bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual([
      'MessageHeader',
      'ServiceRequest',
      'QuestionnaireResponse',
      'Patient',
    ]);

    // Only the receiver accepts, only the referrer completes; steps out of order are 409.
    expect((await a.http('POST', `/referrals/${id}/accept`, { token: ta.specialist })).status).toBe(404);
    expect((await b.http('POST', `/referrals/${id}/answer`, { token: tb.specialist, body: { summary: 'x' } })).status).toBe(409);

    const ask = await b.http('POST', `/referrals/${id}/request-completion`, { token: tb.specialist, body: { question: 'CRP och SR?' } });
    expect(ask.status).toBe(200);
    await bothAt(id, 'completion_requested');
    expect((await statusAt(a, ta.nurse, id)).completionQuestion).toBe('CRP och SR?');
    expect((await a.http('POST', `/referrals/${id}/complete`, { token: ta.nurse, body: { reply: 'CRP 12, SR 30' } })).status).toBe(200);
    await bothAt(id, 'received');
    expect((await statusAt(b, tb.specialist, id)).completionReply).toBe('CRP 12, SR 30');
    expect((await b.http('POST', `/referrals/${id}/accept`, { token: tb.specialist })).status).toBe(200);
    await bothAt(id, 'accepted');
    const summary = 'Artros; ingen inflammatorisk sjukdom.';
    expect((await b.http('POST', `/referrals/${id}/answer`, { token: tb.specialist, body: { summary } })).status).toBe(200);
    await bothAt(id, 'answered');
    const answered = await statusAt(a, ta.nurse, id);
    expect(answered.answer).toMatchObject({ summary: 'Artros; ingen inflammatorisk sjukdom.', author: 'specialist FB' });
    // The referring centre's inbox: the answer is read once, by whom is kept.
    const answeredList = await a.http('GET', '/referrals?direction=outgoing&status=answered', { token: ta.nurse });
    expect(answeredList.body.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await a.http('POST', `/referrals/${id}/answer/read`, { token: ta.otherNurse })).status).toBe(404);
    const read = await a.http('POST', `/referrals/${id}/answer/read`, { token: ta.nurse });
    expect(read.body).toMatchObject({ id, answerReadBy: ra.users.nurse.id });
    expect((await statusAt(a, ta.nurse, id)).answerReadAt).toBe(read.body.answerReadAt);
    // Neither end can step back: the trigger refuses what the protocol does not know.
    await expect(a.db.query(`UPDATE federation_referral SET status = 'sent' WHERE id = $1`, [id])).rejects.toThrow(/cannot become/);
    const fhir = await a.http('GET', `/referrals/${id}/fhir`, { token: ta.nurse });
    expect(fhir.status).toBe(200);
    expect(fhirR4Problems(fhir.body)).toEqual([]);
    expect(fhir.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual([
      'ServiceRequest',
      'QuestionnaireResponse',
      'Patient',
      'Communication',
    ]);
    expect(fhir.body.entry[3].resource).toMatchObject({ payload: [{ contentString: 'Artros; ingen inflammatorisk sjukdom.' }] });
    // The answer's message as it crossed is valid R4 too.
    const [answerMessage] = (await a.db.query('SELECT answer FROM federation_referral WHERE id = $1', [id])).rows;
    expect(fhirR4Problems(answerMessage.answer.bundle)).toEqual([]);

    const second = await refer();
    await bothAt(second.id, 'received');
    const reject = { token: tb.specialist, body: { reason: 'Handläggs i primärvården' } };
    expect((await b.http('POST', `/referrals/${second.id}/reject`, reject)).status).toBe(200);
    await bothAt(second.id, 'rejected');
    expect((await statusAt(a, ta.nurse, second.id)).statusReason).toBe('Handläggs i primärvården');
  }, 60_000);

  it('#21.4: the receiver stops mid-stream; its referrals wait for delivery and arrive once each, in order, when it is back', async () => {
    const before = await refer();
    await bothAt(before.id, 'received');
    await b.stop();
    const during = [await refer(), await refer(), await refer()];
    const waiting = await until('the outbox to try and fail', async () => {
      const s = (await a.http('GET', '/federation/outbox', { token: ta.admin })).body[0];
      return s.waiting >= 3 && s.attempts >= 1 && s;
    });
    expect(waiting.lastError).toBeTruthy();
    expect(await statusAt(a, ta.nurse, during[0]!.id)).toMatchObject({ status: 'sent', waitingForDelivery: 1 });
    const metrics = await (await fetch(`${a.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/federation_outbox_waiting\{partner="Region FB"\} [3-9]/);
    expect(metrics).toMatch(/federation_deliveries_total\{outcome="failed"\} [1-9]/);
    await b.start();
    await a.http('POST', '/federation/outbox/retry', { token: ta.admin, body: {} });
    for (const r of during) await bothAt(r.id, 'received');
    const atB = await b.db.query(`SELECT id, count(*)::int AS n FROM federation_referral WHERE direction = 'incoming' GROUP BY id`);
    expect(atB.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    expect(atB.rows.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([before.id, ...during.map((r) => r.id)]));

    // An acknowledgement lost on the way: A sends the same message again; B takes it once.
    const outbox = `SELECT message_id FROM federation_outbox WHERE referral_id = $1 AND kind = 'referral'`;
    const [sent] = (await a.db.query(outbox, [during[1]!.id])).rows;
    await a.db.query('UPDATE federation_outbox SET delivered_at = NULL WHERE message_id = $1', [sent.message_id]);
    await a.http('POST', '/federation/outbox/retry', { token: ta.admin, body: {} });
    await until(
      'the resend to count as delivered',
      async () =>
        (await a.db.query('SELECT delivered_at FROM federation_outbox WHERE message_id = $1', [sent.message_id])).rows[0].delivered_at,
    );
    expect((await b.db.query(`SELECT count(*)::int AS n FROM federation_referral WHERE id = $1`, [during[1]!.id])).rows[0].n).toBe(1);
    const taken = await b.db.query(`SELECT count(*)::int AS n FROM federation_inbound WHERE message_id = $1`, [sent.message_id]);
    expect(taken.rows[0].n).toBe(1);
  }, 90_000);

  it("#21.1: a replayed, forged, delayed, misaddressed or unknown sender's message is refused, audited and changes nothing", async () => {
    const own = (await a.http('GET', '/federation/jwks')).body;
    const bId = (await b.http('GET', '/federation/jwks')).body.installationId;
    const [key] = (await a.db.query('SELECT kid, private_jwk FROM federation_key WHERE retired_at IS NULL')).rows;
    const [delivered] = (
      await a.db.query(`SELECT message_id, body FROM federation_outbox WHERE kind = 'referral' AND delivered_at IS NOT NULL LIMIT 1`)
    ).rows;
    const countAtB = async () => (await b.db.query('SELECT count(*)::int AS n FROM federation_referral')).rows[0].n as number;
    const n0 = await countAtB();
    const deniedSql = `SELECT count(*)::int AS n FROM audit_event WHERE resource_type = 'FederationMessage' AND outcome = 'denied'`;
    const deniedBefore = (await b.db.query(deniedSql)).rows[0].n;
    const msg = { kind: 'referral' as const, fromRegion: 'Region FA', body: delivered.body.body };
    const post = (jws: string) => b.http('POST', '/federation/messages', { body: { jws } });

    const ours = { kid: key.kid, privateJwk: key.private_jwk };
    const replay = await post(await signMessage(ours, { iss: own.installationId, aud: bId, jti: delivered.message_id }, msg));
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('duplicate');
    const forger = await newKeyPair(key.kid);
    const forged = await post(await signMessage(forger, { iss: own.installationId, aud: bId, jti: randomUUID() }, msg));
    expect([forged.status, forged.body.code]).toEqual([401, 'signature']);
    const stale = await post(
      await signMessage(ours, { iss: own.installationId, aud: bId, jti: randomUUID(), iat: Math.floor(Date.now() / 1000) - 600 }, msg),
    );
    expect([stale.status, stale.body.code]).toEqual([401, 'stale']);
    const elsewhere = await post(await signMessage(ours, { iss: own.installationId, aud: randomUUID(), jti: randomUUID() }, msg));
    expect([elsewhere.status, elsewhere.body.code]).toEqual([401, 'audience']);
    const stranger = await post(await signMessage(forger, { iss: randomUUID(), aud: bId, jti: randomUUID() }, msg));
    expect([stranger.status, stranger.body.code]).toEqual([401, 'unknown_sender']);
    // A new message id for a referral B already has: refused, not a second referral.
    const again = await post(await signMessage(ours, { iss: own.installationId, aud: bId, jti: randomUUID() }, msg));
    expect([again.status, again.body.code]).toEqual([409, 'referral_exists']);
    expect((await post('not.a.compact-jws.at-all-really')).status).toBe(400);
    expect((await b.http('POST', '/federation/messages', { body: { bundle: delivered.body.body.bundle } })).status).toBe(400);

    expect(await countAtB()).toBe(n0);
    const denied = await b.db.query(
      `SELECT actor_username, reason, detail::text AS detail FROM audit_event
        WHERE resource_type = 'FederationMessage' AND outcome = 'denied' ORDER BY id`,
    );
    expect(denied.rows.length - deniedBefore).toBe(7);
    // The refusals name the sender and the reason, never the patient the message carried.
    const carried = delivered.body.body.bundle.entry[3].resource;
    for (const row of denied.rows) expect(JSON.stringify(row)).not.toContain(carried.identifier[0].value);
    // Logged too, with the sender, the message id and the reason: never the patient the message carried.
    const refusals = logOfB.filter((l) => l.includes('federation message refused'));
    expect(refusals.map((l) => JSON.parse(l).code)).toEqual(
      expect.arrayContaining(['duplicate', 'signature', 'stale', 'audience', 'unknown_sender']),
    );
    for (const line of logOfB) {
      expect(line).not.toContain(carried.identifier[0].value);
      expect(line).not.toContain(carried.name[0].text);
    }
    expect(denied.rows.map((r: { reason: string }) => r.reason.split(':')[0])).toEqual(
      expect.arrayContaining(['duplicate', 'signature', 'stale', 'audience', 'unknown_sender', 'malformed', 'referral_exists']),
    );
  });

  it("#21.1: a rotated key is picked up from the sender's JWKS and pinned; the old key stays published for a while", async () => {
    const old = (await a.http('GET', '/federation/jwks')).body.keys[0].kid;
    const rotated = await a.http('POST', '/federation/keys/rotate', { token: ta.admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.retired).toEqual([old]);
    expect((await a.http('GET', '/federation/jwks')).body.keys.map((k: { kid: string }) => k.kid)).toEqual([rotated.body.kid, old]);
    // B's pinned keys were fetched longer ago than the refresh interval allows.
    await b.db.query(`UPDATE federation_partner SET keys_fetched_at = now() - interval '1 minute'`);
    const r = await refer();
    await bothAt(r.id, 'received');
    const [pinned] = (await b.db.query('SELECT keys FROM federation_partner')).rows;
    expect(pinned.keys.map((k: { kid: string }) => k.kid)).toContain(rotated.body.kid);
    const picked = await b.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE resource_type = 'FederationPartner' AND reason = 'key rotation picked up'`,
    );
    expect(picked.rows[0].n).toBe(1);
  }, 60_000);

  it("#21.5: a changed price becomes news for A's referrers, shown until read, with the reader recorded", async () => {
    const change = { token: tb.admin, body: { pricePerReferral: 1750, turnaroundDays: 10 } };
    const changed = await b.http('PUT', `/federation/services/${serviceId}`, change);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ pricePerReferral: 1750, version: 2 });
    expect((await b.http('PUT', `/federation/services/${serviceId}`, { token: tb.admin, body: {} })).status).toBe(400);
    const news = await until('the news at A', async () => {
      const n = (await a.http('GET', '/federation/news?unread=true', { token: ta.nurse })).body;
      return n.some((x: { changes: Array<{ field: string }> }) => x.changes.some((c) => c.field === 'pricePerReferral')) && n;
    });
    // The newest first: the price change, after the news that the service opened.
    expect(news.map((n: { serviceId: string }) => n.serviceId)).toEqual([serviceId, serviceId]);
    expect(news[0].changes).toEqual(expect.arrayContaining([{ field: 'pricePerReferral', from: 1500, to: 1750 }]));
    const read = await a.http('POST', `/federation/news/${news[0].id}/read`, { token: ta.nurse });
    expect(read.body.readBy).toBe(ra.users.nurse.id);
    const unread = async (token: string) =>
      (await a.http('GET', '/federation/news?unread=true', { token })).body.map((n: { id: string }) => n.id);
    expect(await unread(ta.nurse)).not.toContain(news[0].id);
    // Another referrer still sees it.
    expect(await unread(ta.otherNurse)).toContain(news[0].id);
    const offers = (await a.http('GET', '/federation/offers', { token: ta.nurse })).body;
    expect(offers[0]).toMatchObject({ pricePerReferral: 1750, turnaroundDays: 10 });
  });

  it("#21.6: the price at sending is recorded, and both sides' invoice basis for the month agree", async () => {
    const r = await refer();
    await bothAt(r.id, 'received');
    expect((await statusAt(a, ta.nurse, r.id)).price).toBe(1750);
    const month = new Date().toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 7);
    const atA = (await a.http('GET', `/federation/invoice-basis?month=${month}`, { token: ta.admin })).body;
    const atB = (await b.http('GET', `/federation/invoice-basis?month=${month}`, { token: tb.admin })).body;
    const total = (x: { totals: Array<{ referrals: number; total: number }> }) => x.totals.map((t) => [t.referrals, t.total]);
    expect(total(atA)).toEqual(total(atB));
    expect(atA.totals[0]).toMatchObject({ direction: 'outgoing', partnerName: 'Region FB' });
    expect(atB.totals[0]).toMatchObject({ direction: 'incoming', partnerName: 'Region FA' });
    const ids = (x: { lines: Array<{ referralId: string }> }) => x.lines.map((l) => l.referralId).sort();
    expect(ids(atA)).toEqual(ids(atB));
    const prices = new Set(atA.lines.map((l: { price: number }) => l.price));
    expect(prices.has(1500) && prices.has(1750)).toBe(true);
    expect((await a.http('GET', '/federation/invoice-basis?month=2026-13', { token: ta.admin })).status).toBe(400);
  });

  it('#21.7: sending and receiving are audited on both sides, naming both regions', async () => {
    const atA = await a.db.query(
      `SELECT patient_id, detail FROM audit_event WHERE resource_type = 'FederatedReferral' AND action = 'create' AND outcome = 'success'`,
    );
    expect(atA.rows.length).toBeGreaterThan(0);
    expect(atA.rows.every((r: { patient_id: string | null }) => r.patient_id)).toBe(true);
    expect(atA.rows[0].detail).toMatchObject({ fromRegion: 'Region FA', toPartner: 'Region FB' });
    const atB = await b.db.query(
      `SELECT actor_role, actor_username, detail FROM audit_event WHERE resource_type = 'FederatedReferral' AND action = 'create'`,
    );
    expect(atB.rows.length).toBe(atA.rows.length);
    expect(atB.rows[0]).toMatchObject({
      actor_role: 'partner',
      actor_username: 'partner:Region FA',
      detail: expect.objectContaining({ fromRegion: 'Region FA', toRegion: 'Region FB' }),
    });
    const reads = await b.db.query(
      `SELECT count(*)::int AS n FROM audit_event
        WHERE resource_type = 'FederatedReferral' AND action = 'read' AND actor_role = 'specialist'`,
    );
    expect(reads.rows[0].n).toBeGreaterThan(0);
  });
});
