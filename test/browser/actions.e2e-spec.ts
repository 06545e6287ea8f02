/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { luhnCheckDigit } from '@app/patients';
import { login } from '../support/factories';
import { JOINT, jointAnswers } from '../support/joint-answers';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Presses Tab (at most `max` times) until `target` has the focus. */
async function tabTo(page: Page, target: Locator, max = 400): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
  }
  throw new Error(`not reachable with Tab: ${target}`);
}

/**
 * Issue 17 (#3, #8): every action the api offers the specialist and the administrator is on screen, asks first,
 * and says why it failed; each is done here in Chromium and its effect checked through the api.
 */
describeBrowser('Actions on screen: the specialist and the administrator (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  let nurse: string;
  let specialistId: string;
  let funasdalen: string;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
    admin = await login(t, 'admin', 'demo');
    nurse = await login(t, 'nurse', 'demo');
    const users = (await t.http('GET', '/users', { token: admin })).body as Array<{ id: string; username: string }>;
    specialistId = users.find((u) => u.username === 'specialist')!.id;
    funasdalen = (await t.http('GET', '/auth/me', { token: nurse })).body.healthCentreId;
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  const context = (): Promise<BrowserContext> => browser.newContext({ locale: 'sv-SE', viewport: { width: 1366, height: 900 } });

  /** A new patient at Funäsdalen with a case in the joint-complaints queue. */
  const earlyArthritis = jointAnswers({
    symptom_duration_weeks: 8,
    swollen_joint_count: 3,
    small_joint_swelling: true,
    squeeze_test_positive: true,
    morning_stiffness_minutes: 45,
  });
  async function waitingCase(name: string, answers = earlyArthritis) {
    const serial = String(100 + Math.floor(Math.random() * 800));
    const patient = await t.http('POST', '/patients', {
      token: nurse,
      body: { personnummer: `19500505-${serial}${luhnCheckDigit(`500505${serial}`)}`, name, healthCentreId: funasdalen },
    });
    expect(patient.status).toBe(201);
    const sent = await t.http('POST', '/triage-cases', {
      token: nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: patient.body.id, pathwayKey: JOINT, answers },
    });
    expect(sent.status).toBe(201);
    return { caseId: sent.body.id as string, patientId: patient.body.id as string, personnummer: patient.body.personnummer as string };
  }

  /** A remote session of the demo rheumatologist at Funäsdalen. */
  async function session(start: Date, minutes: number, slotMinutes = 30) {
    const res = await t.http('POST', '/clinic-sessions', {
      token: admin,
      body: {
        specialistId,
        healthCentreId: funasdalen,
        start: start.toISOString(),
        end: new Date(start.getTime() + minutes * MINUTE).toISOString(),
        slotMinutes,
        mode: 'remote',
      },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; slots: Array<{ id: string; start: string }> };
  }

  const book = async (caseId: string, slotId: string) => {
    const res = await t.http('POST', '/bookings', { token: nurse, body: { caseId, slotId } });
    expect(res.status).toBe(201);
    return res.body as { id: string; visitId: string };
  };

  it("#17.5: the specialist's queue to answer by keyboard alone: open the case, book, open the visit, answer; FHIR export", async () => {
    const name = `Tangent Queue ${randomUUID().slice(0, 4)}`;
    const { caseId } = await waitingCase(name);
    // Starts within the join window, so the answer may be written; its first time is still ahead, so it may be booked.
    await session(new Date(Math.ceil((Date.now() + 5 * MINUTE) / MINUTE) * MINUTE), 60);
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(t.baseUrl);
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    const key = (k: string) => page.keyboard.press(k);
    await tabTo(page, page.getByLabel('Användarnamn'));
    await page.keyboard.type('specialist');
    await key('Tab');
    await page.keyboard.type('demo');
    await key('Enter');

    // The queue: her centre chosen by typing on the select, then the case opened from its row.
    const queue = page.getByTestId('queue');
    await queue.locator('tr[data-case]').first().waitFor();
    await tabTo(page, page.getByLabel('Hälsocentral', { exact: true }));
    await page.keyboard.type('Funäsdalen');
    await page.waitForFunction(() => location.hash.includes('centre='));
    const row = queue.locator(`tr[data-case="${caseId}"]`);
    await row.waitFor();
    await tabTo(page, row.getByTestId('open-case'));
    await key('Enter');
    const details = page.getByTestId('case-details');
    await details.getByRole('heading', { name: new RegExp(name) }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-details-title');
    expect(page.url()).toContain(`#/queue/${caseId}`);
    await expect(details.getByTestId('case-answers').textContent()).resolves.toContain('Antal svullna leder');
    await details.getByTestId('priority-history').getByText('triagerad som').waitFor();

    // Book a time for her from the case.
    await tabTo(page, details.getByRole('button', { name: 'Boka tid' }));
    await key('Enter');
    const time = details.getByLabel('Ny tid');
    await time.locator('option').nth(1).waitFor({ state: 'attached' });
    await tabTo(page, time);
    await key('ArrowDown');
    await tabTo(page, details.getByRole('button', { name: 'Ja, boka' }));
    await key('Enter');
    const booked = details.getByTestId('case-booked');
    await booked.waitFor();
    expect((await t.http('GET', `/triage-cases/${caseId}`, { token: admin })).body.status).toBe('booked');

    // The visit from the notice, and the answer written and sent.
    await tabTo(page, booked.getByRole('link', { name: 'Starta videobesök' }));
    await key('Enter');
    const summary = page.getByLabel('Bedömning');
    await summary.waitFor();
    await tabTo(page, summary);
    await page.keyboard.type('Tidig artrit sannolik; blodprover tas.');
    await tabTo(page, page.getByLabel('Diagnoskoder (ICD-10-SE, kommaseparerade)'));
    await page.keyboard.type('M06.9');
    await tabTo(page, page.getByTestId('send-answer'));
    await key('Enter');
    await page.getByText('Svaret är skickat till hälsocentralen.').waitFor();
    await screenshot(page, 'actions-keyboard-answer-sent');
    expect((await t.http('GET', `/triage-cases/${caseId}`, { token: admin })).body.status).toBe('completed');

    // The completed visit and its answer exported as FHIR from the calendar.
    await page.goto(`${t.baseUrl}/#/calendar`);
    const slotRow = page.locator('tr', { hasText: name });
    await slotRow.getByTestId('fhir-export').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), slotRow.getByTestId('fhir-export').click()]);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(bundle.resourceType).toBe('Bundle');
    expect(JSON.stringify(bundle)).toContain('Tidig artrit sannolik');
    await slotRow.getByRole('status').getByText('Sparad som').waitFor();
    await ctx.close();
  }, 120_000);

  it('#17.3: the specialist moves a time (told in words when it was taken meanwhile), cancels a booking, cancels a session', async () => {
    const start = new Date(Date.now() + 3 * DAY);
    start.setUTCHours(14, 0, 0, 0);
    const s = await session(start, 150);
    const a = await waitingCase(`Flyttas Andersson ${randomUUID().slice(0, 4)}`);
    const b = await waitingCase(`Avbokas Berg ${randomUUID().slice(0, 4)}`);
    const d = await waitingCase(`Hinner Dahlberg ${randomUUID().slice(0, 4)}`);
    await book(a.caseId, s.slots[0]!.id);
    await book(b.caseId, s.slots[1]!.id);

    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'specialist');
    await page.getByRole('tab', { name: 'Mottagningar' }).click();
    const article = page.locator(`article[data-session="${s.id}"]`);
    const rowOf = (who: string) => article.locator('tr', { hasText: who });
    const sessionNow = async () =>
      (
        (await t.http('GET', `/clinic-sessions?specialistId=${specialistId}&from=${start.toISOString()}`, { token: admin })).body as Array<{
          id: string;
          status: string;
          cancelReason: string | null;
          slots: Array<{ booking?: { caseId: string } }>;
        }>
      ).find((x) => x.id === s.id)!;

    // Move A to the fourth time; someone else books it meanwhile: the failure is said in words. Then the fifth.
    await rowOf('Flyttas Andersson').getByTestId('reschedule').click();
    const confirm = rowOf('Flyttas Andersson').getByTestId('reschedule-confirm');
    const choice = confirm.getByLabel('Ny tid');
    await choice.locator(`option[value="${s.slots[4]!.id}"]`).waitFor({ state: 'attached' });
    await choice.selectOption(s.slots[3]!.id);
    await book(d.caseId, s.slots[3]!.id);
    await confirm.getByRole('button', { name: 'Ja, flytta tiden' }).click();
    const failed = confirm.getByTestId('action-error');
    await failed.waitFor();
    // The server's code (slot_taken) in words, after what could not be done.
    await failed.locator('[data-code="slot_taken"]').waitFor();
    await expect(failed.textContent()).resolves.toMatch(/^Tiden kunde inte flyttas\. Tiden är redan bokad\./);
    await screenshot(page, 'actions-reschedule-failed-in-words');
    await choice.selectOption(s.slots[4]!.id);
    await confirm.getByRole('button', { name: 'Ja, flytta tiden' }).click();
    await confirm.waitFor({ state: 'detached' });
    const moved = await sessionNow();
    expect(moved.slots[4]!.booking?.caseId).toBe(a.caseId);
    expect(moved.slots[0]!.booking).toBeFalsy();

    // Cancel B's booking with a reason: the case waits for a time again.
    await rowOf('Avbokas Berg').getByTestId('cancel-booking').click();
    const cancelB = rowOf('Avbokas Berg').getByTestId('cancel-booking-confirm');
    await cancelB.getByText(/^Avboka tiden för Avbokas Berg/).waitFor();
    await cancelB.getByLabel('Motivering (frivillig)').fill('Patienten är inlagd');
    await screenshot(page, 'actions-cancel-booking-confirm');
    await cancelB.getByRole('button', { name: 'Ja, avboka' }).click();
    await cancelB.waitFor({ state: 'detached' });
    expect((await t.http('GET', `/triage-cases/${b.caseId}`, { token: admin })).body.status).toBe('awaiting_booking');

    // Cancel the session: a reason is required, the question counts the bookings that go with it.
    await article.getByTestId('cancel-session').click();
    const cancelS = article.getByTestId('cancel-session-confirm');
    await cancelS.getByText(/Bokade besök som avbokas: 2\./).waitFor();
    await cancelS.getByRole('button', { name: 'Ja, ställ in' }).click();
    expect(await cancelS.getByLabel('Motivering').evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    await cancelS.getByLabel('Motivering').fill('Specialisten är sjuk');
    await cancelS.getByRole('button', { name: 'Ja, ställ in' }).click();
    await article.getByText('Inställd').waitFor();
    await article.getByText('Motivering: Specialisten är sjuk').waitFor();
    expect(await sessionNow()).toMatchObject({ status: 'cancelled', cancelReason: 'Specialisten är sjuk' });
    for (const c of [a, d]) {
      expect((await t.http('GET', `/triage-cases/${c.caseId}`, { token: admin })).body.status).toBe('awaiting_booking');
    }
    await screenshot(page, 'actions-session-cancelled');
    await ctx.close();
  }, 90_000);

  it('#17.8: a case opened from the queue shows an earlier change of priority and its reason; the queue fits a phone', async () => {
    const name = `Omprioriterad Dahl ${randomUUID().slice(0, 4)}`;
    const { caseId, personnummer } = await waitingCase(name);
    const specialist = await login(t, 'specialist', 'demo');
    const reason = 'Svullnaden har gått tillbaka';
    const changed = await t.http('POST', `/triage-cases/${caseId}/retriage`, { token: specialist, body: { category: 'routine', reason } });
    expect(changed.status).toBe(200);

    const ctx = await browser.newContext({ locale: 'sv-SE', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await signIn(ctx, t.baseUrl, 'specialist');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${t.baseUrl}/#/queue/${caseId}?centre=${funasdalen}`);
    const details = page.getByTestId('case-details');
    await details.getByRole('heading', { name: `${name}, ${personnummer}` }).waitFor();
    const history = details.getByTestId('priority-history');
    await history.getByText('Svullnaden har gått tillbaka').waitFor();
    await expect(history.textContent()).resolves.toMatch(
      /triagerad som Tidig artrit.*ändrade prioriteten från Tidig artrit till Rutin \(vårdgaranti\)\. Motivering: Svullnaden har/s,
    );
    const api = await t.http('GET', `/triage-cases/${caseId}/history`, { token: specialist });
    expect(api.body.changes).toEqual([expect.objectContaining({ from: 'early_arthritis', to: 'routine', reason })]);
    // The read of the history is audited, naming the patient.
    const audit = await t.db.query(
      `SELECT count(*)::int AS n, bool_and(patient_id IS NOT NULL) AS named FROM audit_event
        WHERE resource_type = 'TriageCaseHistory' AND resource_id = $1 AND action = 'read' AND outcome = 'success'`,
      [caseId],
    );
    expect(audit.rows[0].named).toBe(true);
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(2);

    const row = page.getByTestId('queue').locator(`tr[data-case="${caseId}"]`);
    // Two patients of one name are told apart: the date of birth beside the name.
    await expect(row.textContent()).resolves.toContain(`${name}, född 5 maj 1950`);
    const width = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
    await screenshot(page, 'actions-queue-360');
    expect(width.scroll).toBeLessThanOrEqual(width.inner);
    await details.getByRole('button', { name: 'Stäng ärendet' }).click();
    await page.waitForFunction(() => !location.hash.includes('/queue/'));
    await ctx.close();
  }, 60_000);

  it('#17.3: the admin deactivates and reactivates a user, plans a session with a nurse on duty, books a proposal', async () => {
    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'admin');
    await page.setViewportSize({ width: 1366, height: 900 });

    // Deactivate nurse.stromsund, then reactivate her.
    await page.getByRole('tab', { name: 'Hälsocentraler och användare' }).click();
    const row = page.locator('tr[data-user="nurse.stromsund"]');
    await row.getByTestId('deactivate').click();
    await row.getByTestId('deactivate-confirm').getByRole('button', { name: 'Ja, inaktivera' }).click();
    await row.getByText('Inaktiverad').waitFor();
    const user = async () =>
      ((await t.http('GET', '/users', { token: admin })).body as Array<{ username: string; active: boolean }>).find(
        (u) => u.username === 'nurse.stromsund',
      )!;
    expect((await user()).active).toBe(false);
    expect((await t.http('POST', '/auth/login', { body: { username: 'nurse.stromsund', password: 'demo' } })).status).toBe(401);
    await screenshot(page, 'actions-user-deactivated');
    await row.getByTestId('activate').click();
    await row.getByTestId('activate-confirm').getByRole('button', { name: 'Ja, aktivera' }).click();
    await row.getByText('Aktiv', { exact: true }).waitFor();
    expect((await user()).active).toBe(true);
    // The own account has no deactivation.
    expect(await page.locator('tr[data-user="admin"]').getByTestId('deactivate').count()).toBe(0);

    // A session with the nurse on duty: the calendar below shows it at once.
    await page.getByRole('tab', { name: 'Mottagningar' }).click();
    const nurses = (await t.http('GET', '/users', { token: admin })).body as Array<{ id: string; username: string; displayName: string }>;
    const onDuty = nurses.find((u) => u.username === 'nurse')!;
    const day = new Date(Date.now() + 4 * DAY).toISOString().slice(0, 10);
    await page.getByLabel('Specialistläkare').selectOption(specialistId);
    await page.getByLabel('Hälsocentral', { exact: true }).first().selectOption(funasdalen);
    await page.getByLabel('Sjuksköterska i tjänst').selectOption(onDuty.id);
    await page.getByLabel('Start', { exact: true }).fill(`${day}T16:00`);
    await page.getByLabel('Slut', { exact: true }).fill(`${day}T17:00`);
    await page.getByRole('button', { name: 'Lägg till' }).click();
    await page.getByTestId('session-planned').getByText(`Sjuksköterska i tjänst: ${onDuty.displayName}`).waitFor();
    type Planned = { id: string; nurseId: string; start: string; startLocal: string };
    const planned = (await t.http('GET', `/clinic-sessions?from=${day}T00:00&to=${day}T23:59`, { token: admin })).body as Planned[];
    const made = planned.find((x) => x.startLocal.startsWith(`${day}T16:00`))!;
    expect(made.nurseId).toBe(onDuty.id);
    // The calendar below shows it without a reload.
    await page.locator(`article[data-session="${made.id}"]`).waitFor();

    // The proposal, patient by patient, then booked.
    const waiting = await waitingCase(`Schemaläggs Ek ${randomUUID().slice(0, 4)}`);
    const auto = page.getByTestId('auto-schedule');
    await auto.getByLabel('Flöde').selectOption(JOINT);
    await auto.getByRole('button', { name: 'Förslag' }).click();
    const proposal = auto.getByTestId('proposal');
    await proposal.waitFor();
    const rows = proposal.locator('tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    await auto.getByTestId('auto-summary').getByText(`Föreslagna tider: ${n}`).waitFor();
    // Each row names the case's patient, as the api has her, and a time, a centre and a specialist.
    for (let i = 0; i < Math.min(n, 5); i++) {
      const id = await rows.nth(i).getAttribute('data-case');
      const kase = (await t.http('GET', `/triage-cases/${id}`, { token: admin })).body;
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(cells[0]).toContain(kase.patientName);
      expect(cells[2]).toMatch(/\d\d:\d\d/);
      expect(cells[3]).toMatch(/hälsocentral/);
      expect(cells[4].length).toBeGreaterThan(0);
    }
    expect((await t.http('GET', `/triage-cases/${waiting.caseId}`, { token: admin })).body.status).toBe('awaiting_booking');
    await screenshot(page, 'actions-auto-proposal');
    const proposed = await Promise.all((await rows.all()).map((r) => r.getAttribute('data-case')));
    await auto.getByTestId('apply-schedule').click();
    await auto.getByTestId('apply-schedule-confirm').getByRole('button', { name: 'Ja, boka' }).click();
    await auto.getByTestId('auto-summary').getByText('Bokade tider:').waitFor();
    const statusOf = async (id: string | null) => (await t.http('GET', `/triage-cases/${id}`, { token: admin })).body.status;
    const statuses = await Promise.all(proposed.slice(0, 5).map(statusOf));
    expect(statuses.every((s) => s === 'booked')).toBe(true);
    await screenshot(page, 'actions-auto-booked');
    await ctx.close();
  }, 120_000);
});
