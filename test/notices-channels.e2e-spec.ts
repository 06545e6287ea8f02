import { randomUUID } from 'node:crypto';
import { NoticeDeliveryWorker } from '@app/scheduling';
import { createRegion, login, loginAll, personnummer, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { startSmsStandIn, startSmtpStandIn, type SmsStandIn, type SmtpStandIn } from './support/notice-standins';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 22, item 1: patient notices through real channels, each against a local stand-in the test
 * starts: an HTTP SMS gateway (form-encoded from/to/message, basic auth) and an SMTP server (the npm
 * `smtp-server` package); letters for patients with neither, printed as a PDF batch by the centre.
 * Failures are retried, then listed for the centre's staff with the reason and counted in /metrics.
 */
describe('Patient notice channels: SMS gateway, SMTP, printed letters (stand-ins, real PostgreSQL)', () => {
  let t: TestApp;
  let sms: SmsStandIn;
  let smtp: SmtpStandIn;
  let r: TestRegion;
  let tok: Record<string, string>;
  let slots: string[] = [];
  const worker = () => t.app.get(NoticeDeliveryWorker);
  const BASE = 'https://patient.region.example';

  /** A patient of the main centre with the contact details given, triaged and booked into the next free slot. */
  async function booked(contact: { phone?: string; email?: string; postalAddress?: string }) {
    const pnr = personnummer('19610203');
    const p = await t.http('POST', '/patients', {
      token: tok.nurse,
      body: { personnummer: pnr, name: 'Greta Ek', healthCentreId: r.centres.main, ...(contact.phone ? { phone: contact.phone } : {}) },
    });
    expect(p.status).toBe(201);
    const { phone: _phone, ...rest } = contact;
    if (Object.keys(rest).length > 0)
      expect((await t.http('PUT', `/patients/${p.body.id}`, { token: tok.nurse, body: rest })).status).toBe(200);
    const c = await t.http('POST', '/triage-cases', {
      token: tok.nurse,
      body: { patientId: p.body.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(c.status).toBe(201);
    const b = await t.http('POST', '/bookings', { token: tok.nurse, body: { caseId: c.body.id, slotId: slots.shift() } });
    expect(b.status).toBe(201);
    const [notice] = (await t.db.query(`SELECT * FROM notice_outbox WHERE visit_id = $1`, [b.body.visitId])).rows;
    return {
      patientId: p.body.id as string,
      visitId: b.body.visitId as string,
      bookingId: b.body.id as string,
      caseId: c.body.id as string,
      notice,
    };
  }
  /** Runs the worker until the notice is no longer due now (retries are made due at once). */
  async function deliver(noticeId: string, times = 1) {
    for (let i = 0; i < times; i++) {
      await t.db.query(`UPDATE notice_outbox SET next_attempt_at = now() WHERE id = $1 AND status = 'pending'`, [noticeId]);
      await worker().deliverDue(50);
    }
    return (await t.db.query(`SELECT status, attempts, last_error, channel, letter_batch_id FROM notice_outbox WHERE id = $1`, [noticeId]))
      .rows[0];
  }

  beforeAll(async () => {
    sms = await startSmsStandIn();
    smtp = await startSmtpStandIn();
    t = await createTestApp({
      env: {
        SMS_GATEWAY_URL: sms.url,
        SMS_GATEWAY_USER: 'ledtriage',
        SMS_GATEWAY_PASSWORD: 'gateway-secret',
        SMS_SENDER: 'Halsocentr',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Norra hälsocentral <noreply@region.example>',
        PUBLIC_BASE_URL: `${BASE}/`,
      },
    });
    // The test drives the worker; its 2-second timer stays off.
    await worker().onApplicationShutdown();
    r = await createRegion(t.db, 'NC');
    tok = await loginAll(t, r);
    await t.db.query(`UPDATE health_centre SET phone = '0680-123 45', address = 'Storgatan 1, 840 96 Norrby' WHERE id = $1`, [
      r.centres.main,
    ]);
    const start = new Date(Math.ceil(Date.now() / 3600_000) * 3600_000 + 48 * 3600_000);
    const session = await t.http('POST', '/clinic-sessions', {
      token: tok.admin,
      body: {
        specialistId: r.users.specialist.id,
        healthCentreId: r.centres.main,
        start: start.toISOString(),
        end: new Date(start.getTime() + 8 * 3600_000).toISOString(),
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    expect(session.status).toBe(201);
    slots = session.body.slots.map((s: { id: string }) => s.id);
  });
  afterAll(async () => {
    await t?.close();
    await sms?.close();
    await smtp?.close();
  });

  it('#22.1 SMS: the booking notice reaches the gateway form-encoded with basic auth, naming the centre, its number and the link', async () => {
    const v = await booked({ phone: '070-123 45 67' });
    expect(v.notice).toMatchObject({ channel: 'sms', status: 'pending', kind: 'booked' });
    const arrived = sms.next();
    expect(await deliver(v.notice.id)).toMatchObject({ status: 'sent', attempts: 1 });
    const m = await arrived;
    expect(m).toMatchObject({ from: 'Halsocentr', to: '+46701234567', user: 'ledtriage', password: 'gateway-secret' });
    expect(m.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(m.message).toContain('NC Norra hälsocentral, Storgatan 1, 840 96 Norrby');
    expect(m.message).toContain('Frågor? Ring NC Norra hälsocentral på 0680-123 45.');
    expect(m.message).toMatch(new RegExp(`Bekräfta, avboka eller be om en annan tid här: ${BASE}/p/[A-Za-z0-9_-]{43}( |$)`));
    expect(m.message).not.toMatch(/ring din hälsocentral/i);
    // Nothing about the patient's health: no pathway, no specialty.
    expect(m.message).not.toMatch(/reumat|led|artrit/i);
  });

  it("#22.1 SMS: 503s are retried with a back-off, the last failure is listed for the centre's staff with its reason and counted", async () => {
    const metric = async () => {
      const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
      return Number(/^patient_notices_undelivered\{status="failed"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const failedBefore = await metric();
    const v = await booked({ phone: '070-765 43 21' });
    sms.failNext(2, 503);
    const afterFirst = (await t.db.query(`SELECT id FROM notice_outbox WHERE id = $1`, [v.notice.id])).rows[0];
    expect(afterFirst).toBeDefined();
    await worker().deliverDue(50);
    const retried = (
      await t.db.query(`SELECT status, attempts, last_error, next_attempt_at > now() AS backed_off FROM notice_outbox WHERE id = $1`, [
        v.notice.id,
      ])
    ).rows[0];
    expect(retried).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMS gateway answered 503', backed_off: true });
    const arrived = sms.next();
    expect(await deliver(v.notice.id, 2)).toMatchObject({ status: 'sent', attempts: 3 });
    expect((await arrived).to).toBe('+46707654321');

    // A gateway that refuses for good: six attempts, then failed, on the staff's list with the reason.
    const w = await booked({ phone: '070-111 22 33' });
    sms.failNext(6, 500);
    const final = await deliver(w.notice.id, 6);
    expect(final).toMatchObject({ status: 'failed', attempts: 6, last_error: 'SMS gateway answered 500' });
    const list = await t.http('GET', '/notices/undelivered', { token: tok.nurse });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: w.notice.id,
          status: 'failed',
          channel: 'sms',
          reason: 'SMS gateway answered 500',
          patient: { id: w.patientId, name: 'Greta Ek' },
        }),
      ]),
    );
    // Another centre's nurse does not see it; the region's admin does.
    expect(
      (await t.http('GET', '/notices/undelivered', { token: tok.otherNurse })).body.items.map((i: { id: string }) => i.id),
    ).not.toContain(w.notice.id);
    expect((await t.http('GET', `/notices/undelivered?healthCentreId=${r.centres.other}`, { token: tok.nurse })).status).toBe(404);
    expect((await t.http('GET', '/notices/undelivered', { token: tok.admin })).body.items.map((i: { id: string }) => i.id)).toContain(
      w.notice.id,
    );
    expect((await t.http('GET', '/notices/undelivered', { token: tok.specialist })).status).toBe(403);
    expect(await metric()).toBe(failedBefore + 1);
    const audit = await t.db.query(
      `SELECT detail FROM audit_event WHERE resource_type = 'Notice' AND detail ->> 'list' = 'undelivered-notices' AND patient_id IS NULL`,
    );
    expect(audit.rows.some((a) => (a.detail.patientIds as string[]).includes(w.patientId))).toBe(true);
  });

  it('#22.1 e-mail through SMTP with the centre as sender and a subject; a refused recipient is retried, then delivered', async () => {
    const v = await booked({ email: 'greta.ek@example.se' });
    expect(v.notice).toMatchObject({ channel: 'email', recipient: 'greta.ek@example.se' });
    smtp.failNext(1);
    expect(await deliver(v.notice.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: expect.stringMatching(/^SMTP delivery failed \(EENVELOPE 550\)$/),
    });
    const arrived = smtp.next();
    expect(await deliver(v.notice.id)).toMatchObject({ status: 'sent', attempts: 2 });
    const mail = await arrived;
    expect(mail).toMatchObject({ from: 'noreply@region.example', to: ['greta.ek@example.se'], user: 'mailer' });
    expect(mail.raw).toMatch(/^Subject: Din tid \S+ \d+ \S+ kl\. \d\d:\d\d\r?$/m);
    expect(mail.raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/m);
    const text = mail.raw.replace(/=\r?\n/g, '');
    expect(text).toContain(`${BASE}/p/`);
    expect(text).toContain('0680-123 45');
  });

  it("#22.1 letters: a patient with neither phone nor e-mail gets a letter in the centre's printed batch (PDF); no address: failed with the reason", async () => {
    const v = await booked({ postalAddress: 'Byvägen 3\n840 96 Norrby' });
    expect(v.notice).toMatchObject({ channel: 'letter', recipient: null });
    expect(await deliver(v.notice.id)).toMatchObject({ status: 'sent', letter_batch_id: null });
    const before = await t.http('GET', '/notices/undelivered', { token: tok.nurse });
    expect(before.body.lettersToPrint).toBe(1);
    // Another centre's nurse cannot print this centre's letters.
    expect(
      (await t.http('POST', '/notices/letter-batches', { token: tok.otherNurse, body: { healthCentreId: r.centres.main } })).status,
    ).toBe(404);
    const res = await fetch(`${t.baseUrl}/api/v1/notices/letter-batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tok.nurse}`, 'content-type': 'application/json' },
      body: JSON.stringify({ healthCentreId: r.centres.main }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/Type \/Page\b/);
    const [row] = (await t.db.query(`SELECT letter_batch_id FROM notice_outbox WHERE id = $1`, [v.notice.id])).rows;
    expect(row.letter_batch_id).not.toBeNull();
    // Printed once: the next batch has nothing.
    expect((await t.http('POST', '/notices/letter-batches', { token: tok.nurse, body: { healthCentreId: r.centres.main } })).status).toBe(
      404,
    );
    const audit = await t.db.query(`SELECT actor_username, resource_id, detail FROM audit_event WHERE resource_type = 'LetterBatch'`);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor_username: r.users.nurse.username, resource_id: res.headers.get('letter-batch-id') });
    expect(audit.rows[0].detail.patientIds).toEqual([v.patientId]);

    const w = await booked({});
    const final = await deliver(w.notice.id, 6);
    expect(final).toMatchObject({
      status: 'failed',
      last_error: 'the patient has no postal address, no mobile number and no e-mail address',
    });
  });

  it('#22.1 a centre with neither telephone nor address: the notice is not written, and its staff see why', async () => {
    await t.db.query(`UPDATE health_centre SET phone = NULL, address = NULL WHERE id = $1`, [r.centres.main]);
    try {
      const v = await booked({ phone: '070-222 33 44' });
      expect(v.notice).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/neither a telephone number nor an address/) });
      const sent = sms.received.length;
      await deliver(v.notice.id);
      expect(sms.received.length).toBe(sent);
      const list = await t.http('GET', '/notices/undelivered', { token: tok.nurse });
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(v.notice.id);
    } finally {
      await t.db.query(`UPDATE health_centre SET phone = '0680-123 45', address = 'Storgatan 1, 840 96 Norrby' WHERE id = $1`, [
        r.centres.main,
      ]);
    }
  });

  it('#22.3 PUT /patients/{id}: contact details and interpreterLanguage (ISO 639-1) set, refused with the field named, audited', async () => {
    const v = await booked({ phone: '070-333 44 55' });
    const ok = await t.http('PUT', `/patients/${v.patientId}`, { token: tok.nurse, body: { interpreterLanguage: 'ti', email: 'a@b.se' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ interpreterLanguage: 'ti', email: 'a@b.se', phone: '070-333 44 55' });
    for (const [body, field] of [
      [{ interpreterLanguage: 'xx' }, 'interpreterLanguage'],
      [{ interpreterLanguage: 'TI' }, 'interpreterLanguage'],
      [{ email: 'nope' }, 'email'],
      [{ phone: 'abc' }, 'phone'],
      [{ shoeSize: 42 }, ''],
    ] as const) {
      const res = await t.http('PUT', `/patients/${v.patientId}`, { token: tok.nurse, body });
      expect(res.status).toBe(400);
      if (field) expect(JSON.stringify(res.body.details)).toContain(field);
    }
    expect((await t.db.query(`SELECT interpreter_language FROM patient WHERE id = $1`, [v.patientId])).rows[0].interpreter_language).toBe(
      'ti',
    );
    const cleared = await t.http('PUT', `/patients/${v.patientId}`, { token: tok.nurse, body: { interpreterLanguage: null } });
    expect(cleared.body.interpreterLanguage).toBeNull();
    expect((await t.http('PUT', `/patients/${v.patientId}`, { token: tok.otherNurse, body: { interpreterLanguage: 'ar' } })).status).toBe(
      404,
    );
    expect((await t.http('PUT', `/patients/${v.patientId}`, { token: tok.specialist, body: { interpreterLanguage: 'ar' } })).status).toBe(
      403,
    );
    const audit = await t.db.query(
      `SELECT actor_username, detail FROM audit_event WHERE resource_type = 'Patient' AND action = 'update' AND patient_id = $1 ORDER BY occurred_at`,
      [v.patientId],
    );
    expect(audit.rows.map((a) => a.detail)).toEqual([
      { fields: ['email', 'interpreterLanguage'], interpreterLanguage: 'ti' },
      { fields: ['interpreterLanguage'], interpreterLanguage: null },
    ]);
    expect(await login(t, r.users.nurse.username)).toBeTruthy();
  });

  it("#22.3 the interpreter's language is shown on the case, the visit and the queue", async () => {
    const v = await booked({ phone: '070-333 44 66' });
    expect((await t.http('PUT', `/patients/${v.patientId}`, { token: tok.nurse, body: { interpreterLanguage: 'ar' } })).status).toBe(200);
    const cases = await t.http('GET', `/triage-cases?patientId=${v.patientId}`, { token: tok.nurse });
    expect(cases.body.map((c: { interpreterLanguage: string }) => c.interpreterLanguage)).toEqual(['ar']);
    const visit = await t.http('GET', `/visits/${v.visitId}`, { token: tok.specialist });
    expect(visit.status).toBe(200);
    expect(visit.body.patient.interpreterLanguage).toBe('ar');
    expect((await t.http('POST', `/bookings/${v.bookingId}/cancel`, { token: tok.nurse, body: {} })).status).toBe(200);
    const queue = await t.http('GET', `/queue?pathwayKey=${JOINT}&limit=500`, { token: tok.specialist });
    const item = queue.body.items.find((i: { caseId: string }) => i.caseId === v.caseId);
    expect(item.patient.interpreterLanguage).toBe('ar');
  });
});
