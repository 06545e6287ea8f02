/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { type Browser } from 'playwright-core';
import { NoticeDeliveryWorker } from '@app/scheduling';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import { login, personnummer } from '../support/factories';
import { JOINT, jointAnswers } from '../support/joint-answers';
import { type SmsStandIn, startSmsStandIn } from '../support/notice-standins';
import type { TestApp } from '../support/test-app';

/**
 * Issue 22, 'Done when': a patient opens the link from the SMS stand-in, cancels, and the nurse sees the
 * case back in the queue (her case list, live) and the slot free. Debian's Chromium, the demo region.
 */
describeBrowser('The patient cancels by the link in her SMS (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let sms: SmsStandIn;

  beforeAll(async () => {
    sms = await startSmsStandIn();
    ({ t, browser } = await startDemoInBrowser({
      SMS_GATEWAY_URL: sms.url,
      SMS_GATEWAY_USER: 'ledtriage',
      SMS_GATEWAY_PASSWORD: 'gateway-secret',
      PUBLIC_BASE_URL: 'https://vard.region.example',
    }));
    // The tests drive the notice worker; its 2-second timer stays off (so no SMS goes out unobserved).
    await t.app.get(NoticeDeliveryWorker).onApplicationShutdown();
  }, 120_000);
  afterAll(async () => {
    await stopDemoInBrowser({ t, browser });
    await sms?.close();
  });

  it("#22.2: the link from the SMS opens the patient's page; she cancels; the nurse sees the case waiting and the slot free", async () => {
    // The nurse registers, triages and books a patient with a mobile number (over the api, as her page does).
    const nurse = await login(t, 'nurse', 'demo');
    const me = await t.http('GET', '/auth/me', { token: nurse });
    const patient = await t.http('POST', '/patients', {
      token: nurse,
      body: {
        personnummer: personnummer('19530409'),
        name: 'Britt Olofsson',
        healthCentreId: me.body.healthCentreId,
        phone: '070-555 66 77',
      },
    });
    expect(patient.status).toBe(201);
    const c = await t.http('POST', '/triage-cases', {
      token: nurse,
      body: { patientId: patient.body.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(c.status).toBe(201);
    const free = await t.http('GET', `/slots?healthCentreId=${me.body.healthCentreId}&free=true`, { token: nurse });
    const slot = free.body.find((s: { start: string }) => new Date(s.start).getTime() > Date.now() + 86_400_000);
    expect(slot).toBeDefined();
    const booking = await t.http('POST', '/bookings', { token: nurse, body: { caseId: c.body.id, slotId: slot.id } });
    expect(booking.status).toBe(201);

    // The SMS arrives at the gateway stand-in.
    const arrived = sms.next();
    await t.app.get(NoticeDeliveryWorker).deliverDue(100);
    const message = (await Promise.race([arrived, new Promise<never>((_, no) => setTimeout(() => no(new Error('no SMS')), 10_000))]))
      .message;
    expect(message).toMatch(/Funäsdalen hälsocentral/);
    const link = /https:\/\/vard\.region\.example(\/p\/[A-Za-z0-9_-]{43})/.exec(message);
    expect(link).not.toBeNull();

    // The nurse watches her centre's cases.
    const staff = await browser.newContext({ locale: 'sv-SE' });
    const nursePage = await signIn(staff, t.baseUrl, 'nurse');
    await nursePage.getByRole('tab', { name: 'Ärenden' }).click();
    const row = nursePage.getByRole('row').filter({ hasText: 'Britt Olofsson' });
    await row.getByText('Bokad').waitFor();

    // The patient opens the link on her phone (PUBLIC_BASE_URL is the region's address; here the api's loopback port).
    const phone = await browser.newContext({ locale: 'sv-SE', viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await phone.newPage();
    await page.goto(`${t.baseUrl}${link![1]}`);
    await page.getByRole('heading', { name: 'Din tid på hälsocentralen' }).waitFor();
    await page.getByText('Vårdvägen 1, 840 95 Funäsdalen').waitFor();
    await page.getByText('Ta med en lista över dina läkemedel.').waitFor();
    expect(await page.content()).not.toContain('Britt');
    await screenshot(page, '40-patient-link');
    await page.getByRole('button', { name: 'Avboka tiden' }).click();
    await page.getByText('Du behåller din plats i kön').waitFor();
    await page.getByRole('button', { name: 'Ja, avboka' }).click();
    await page.getByText('Tiden är avbokad.').waitFor();
    await screenshot(page, '41-patient-link-cancelled');
    expect(await page.getByRole('button', { name: 'Avboka tiden' }).count()).toBe(0);

    // The nurse's list follows at once (socket), and the slot is free to book again.
    await row.getByText('Väntar på tid').waitFor({ timeout: 10_000 });
    await screenshot(nursePage, '42-nurse-case-back-in-queue');
    const after = await t.http('GET', `/slots?healthCentreId=${me.body.healthCentreId}&free=true`, { token: nurse });
    expect(after.body.map((s: { id: string }) => s.id)).toContain(slot.id);
    const queue = await t.http('GET', `/queue?pathwayKey=${JOINT}&limit=500`, { token: await login(t, 'specialist', 'demo') });
    expect(queue.body.items.map((i: { caseId: string }) => i.caseId)).toContain(c.body.id);
    await phone.close();
    await staff.close();
  }, 90_000);

  it("#22.1: a notice the gateway refused to the end is on the nurse's cases tab with the reason", async () => {
    const worker = t.app.get(NoticeDeliveryWorker);
    // Everything queued so far goes out first.
    await worker.deliverDue(500);
    const nurse = await login(t, 'nurse', 'demo');
    const me = await t.http('GET', '/auth/me', { token: nurse });
    const patient = await t.http('POST', '/patients', {
      token: nurse,
      body: { personnummer: personnummer('19640812'), name: 'Per Strand', healthCentreId: me.body.healthCentreId, phone: '070-444 33 22' },
    });
    const c = await t.http('POST', '/triage-cases', {
      token: nurse,
      body: { patientId: patient.body.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    const free = await t.http('GET', `/slots?healthCentreId=${me.body.healthCentreId}&free=true`, { token: nurse });
    const booking = await t.http('POST', '/bookings', { token: nurse, body: { caseId: c.body.id, slotId: free.body.at(-1).id } });
    expect(booking.status).toBe(201);
    // The gateway refuses this notice six times: its last attempt.
    sms.failNext(6, 500);
    for (let i = 0; i < 6; i++) {
      await t.db.query(`UPDATE notice_outbox SET next_attempt_at = now() WHERE visit_id = $1 AND status = 'pending'`, [
        booking.body.visitId,
      ]);
      await worker.deliverDue(10);
    }
    const staff = await browser.newContext({ locale: 'sv-SE' });
    const page = await signIn(staff, t.baseUrl, 'nurse');
    await page.getByRole('tab', { name: 'Ärenden' }).click();
    const section = page.getByRole('region', { name: /Meddelanden som inte nådde patienten/ });
    const row = section.getByRole('row').filter({ hasText: 'Per Strand' });
    await row.getByText('SMS gateway answered 500').waitFor();
    await row.getByText('Ny tid').waitFor();
    await screenshot(page, '43-nurse-undelivered-notices');
    await staff.close();
  }, 60_000);
});
