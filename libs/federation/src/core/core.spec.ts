import { randomUUID } from 'node:crypto';
import { fhirR4Problems } from '../../../../test/support/fhir-r4';
import { backoffSeconds } from './backoff';
import { answerBundle, parseAnswerBundle, parseReferralBundle, referralBundle, referralExport } from './fhir-messages';
import { freshness, MAX_MESSAGE_AGE_SECONDS, newKeyPair, peek, signMessage, verifyMessage } from './signing';
import { REFERRAL_STATUSES, type ReferralEvent, step } from './status';

describe('federation core (issue 21)', () => {
  it("#21.3: the status machine allows exactly the protocol's steps, and a completion returns to where it was asked", () => {
    const events: ReferralEvent[] = ['received', 'accept', 'reject', 'request-completion', 'complete', 'answer'];
    const allowed: string[] = [];
    for (const s of REFERRAL_STATUSES)
      for (const e of events) {
        const r = step(s, e, 'accepted');
        if (r.ok) allowed.push(`${s} -${e}-> ${r.status}`);
      }
    expect(allowed.sort()).toEqual([
      'accepted -answer-> answered',
      'accepted -request-completion-> completion_requested',
      'completion_requested -complete-> accepted',
      'received -accept-> accepted',
      'received -reject-> rejected',
      'received -request-completion-> completion_requested',
      'sent -received-> received',
    ]);
    expect(step('received', 'request-completion', null)).toEqual({ ok: true, status: 'completion_requested', resume: 'received' });
    expect(step('completion_requested', 'complete', 'received')).toEqual({ ok: true, status: 'received', resume: null });
  });

  it('#21.4: retries back off 1, 2, 4 … seconds up to a cap', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 100].map((n) => backoffSeconds(n))).toEqual([0, 1, 2, 4, 8, 60, 60, 60]);
  });

  it('#21.1: a signed message verifies; another key, another audience, an old or a future time does not', async () => {
    const key = await newKeyPair(randomUUID());
    const [iss, aud, now] = [randomUUID(), randomUUID(), Math.floor(Date.now() / 1000)];
    const msg = { kind: 'accept' as const, referralId: randomUUID(), fromRegion: 'Region A', body: {} };
    const jws = await signMessage(key, { iss, aud, jti: randomUUID() }, msg);
    expect(peek(jws)).toMatchObject({ ok: true, iss, kid: key.kid });
    expect(await verifyMessage(jws, key.publicJwk, { iss, aud })).toMatchObject({ ok: true, message: msg });
    const other = await newKeyPair(key.kid);
    expect(await verifyMessage(jws, other.publicJwk, { iss, aud })).toMatchObject({ ok: false, reason: 'signature' });
    expect(await verifyMessage(jws, key.publicJwk, { iss, aud: randomUUID() })).toMatchObject({ ok: false, reason: 'audience' });
    const old = await signMessage(key, { iss, aud, jti: randomUUID(), iat: now - MAX_MESSAGE_AGE_SECONDS - 1 }, msg);
    expect(await verifyMessage(old, key.publicJwk, { iss, aud })).toMatchObject({ ok: false, reason: 'stale' });
    expect(freshness(now + 120, now)).toBe('future');
    expect(freshness(now - 10, now)).toBeNull();
    // A tampered payload with the original signature.
    const [h, , s] = jws.split('.');
    const claims = { iss, aud, jti: randomUUID(), iat: now, msg: { ...msg, kind: 'reject' } };
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
    expect(await verifyMessage(`${h}.${forged}.${s}`, key.publicJwk, { iss, aud })).toMatchObject({ ok: false, reason: 'signature' });
    expect(peek('a.b.c')).toMatchObject({ ok: false });
  });

  it('#21.3: the referral and answer messages are valid FHIR R4 and read back to what was sent', () => {
    const [messageId, referralId, patientId] = [randomUUID(), randomUUID(), randomUUID()];
    const bundle = referralBundle({
      messageId,
      referralId,
      sentAt: '2026-12-01T10:00:00.000Z',
      sender: { installationId: randomUUID(), regionName: 'Region A', centreName: 'Norra hc', referrerName: 'Sköterska A' },
      receiver: { installationId: randomUUID() },
      service: { id: randomUUID(), title: 'Reumatologisk bedömning', pathwayKey: 'joint-complaints', price: 1500.5, currency: 'SEK' },
      patient: { id: patientId, personnummer: '197001011234', name: 'Test Testsson', birthDate: '1970-01-01' },
      answers: { age_years: 45, fever: false, note: 'svullen', crp: 12.5 },
    });
    expect(fhirR4Problems(bundle)).toEqual([]);
    const parsed = parseReferralBundle(bundle);
    expect(parsed).toMatchObject({
      ok: true,
      referral: { referralId, price: 1500.5, currency: 'SEK', answers: { age_years: 45, fever: false, note: 'svullen', crp: 12.5 } },
    });
    expect(parseReferralBundle({ resourceType: 'Bundle', type: 'message', entry: [] })).toMatchObject({ ok: false });
    const answer = answerBundle({
      messageId: randomUUID(),
      referralId,
      patientId,
      answeredAt: '2026-12-02T10:00:00.000Z',
      author: 'Reumatolog B',
      summary: 'Artros',
      sender: { installationId: randomUUID(), regionName: 'Region B' },
      receiver: { installationId: randomUUID() },
    });
    expect(fhirR4Problems(answer)).toEqual([]);
    expect(parseAnswerBundle(answer)).toMatchObject({ ok: true, summary: 'Artros', author: 'Reumatolog B' });
    expect(fhirR4Problems(referralExport(referralId, '2026-12-02T10:00:00.000Z', bundle, answer))).toEqual([]);
  });
});
