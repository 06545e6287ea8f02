/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { type Browser, type Page } from 'playwright-core';
import { luhnCheckDigit } from '@app/patients';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import { jointAnswers } from '../support/joint-answers';
import type { TestApp } from '../support/test-app';

const TTL_SECONDS = 4;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeBrowser(`Issue 18: a clinic day's session with ${TTL_SECONDS}-second access tokens (Debian Chromium)`, () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser({ ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS), VISIT_JOIN_OPENS_MINUTES: '1440' }));
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  /** A token for arranging through the api, fresh each time (they live four seconds). */
  const tokenOf = async (username: string) =>
    (await t.http('POST', '/auth/login', { body: { username, password: 'demo' } })).body.accessToken as string;

  /** Still signed in: the header's sign-out button, never the sign-in form. */
  const stillSignedIn = async (page: Page) => {
    expect(await page.getByRole('button', { name: 'Logga in' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Logga ut', exact: true }).count()).toBe(1);
  };

  it("#18.3 #18.4: the specialist writes the answer across expiries and a reload unawares; the nurse's inbox updates live", async () => {
    // A booked visit at the nurse's centre, arranged through the api.
    const admin = await tokenOf('admin');
    // The demo has several specialists: the visit is the one who signs in below.
    const specialist = (await t.http('GET', '/users', { token: admin })).body.find(
      (u: { username: string }) => u.username === 'specialist',
    );
    const nurseUser = (await t.http('GET', '/auth/me', { token: await tokenOf('nurse') })).body;
    const start = new Date(Math.ceil(Date.now() / 600_000) * 600_000 + 600_000);
    const session = await t.http('POST', '/clinic-sessions', {
      token: await tokenOf('admin'),
      body: {
        specialistId: specialist.id,
        healthCentreId: nurseUser.healthCentreId,
        start: start.toISOString(),
        end: new Date(start.getTime() + 3600_000).toISOString(),
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    expect(session.status).toBe(201);
    const serial = String(100 + Math.floor(Math.random() * 800));
    const patient = await t.http('POST', '/patients', {
      token: await tokenOf('nurse'),
      body: {
        personnummer: `19580303-${serial}${luhnCheckDigit(`580303${serial}`)}`,
        name: 'Sessionstina Testsson',
        healthCentreId: nurseUser.healthCentreId,
      },
    });
    expect(patient.status).toBe(201);
    const triage = await t.http('POST', '/triage-cases', {
      token: await tokenOf('nurse'),
      body: { patientId: patient.body.id, pathwayKey: 'joint-complaints', answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(triage.status).toBe(201);
    const booking = await t.http('POST', '/bookings', {
      token: await tokenOf('nurse'),
      body: { caseId: triage.body.id, slotId: session.body.slots[0].id },
    });
    expect(booking.status).toBe(201);

    const nurseContext = await browser.newContext({ locale: 'sv-SE' });
    const nurse = await signIn(nurseContext, t.baseUrl, 'nurse');
    await nurse.getByRole('tab', { name: 'Svar från specialist' }).click();
    await nurse.getByTestId('inbox').waitFor();

    const doctorContext = await browser.newContext({ locale: 'sv-SE' });
    const doctor = await signIn(doctorContext, t.baseUrl, 'specialist');
    await doctor.goto(`${t.baseUrl}/#/visit/${booking.body.visitId}`);
    const summary = doctor.getByLabel('Bedömning');
    await summary.waitFor();
    // She types slowly, across expiries of her access token: each pause outlasts a token.
    await summary.pressSequentially('Tidig RA sannolik. ', { delay: 20 });
    await pause((TTL_SECONDS + 1) * 1000);
    await summary.pressSequentially('Startar metotrexat ', { delay: 20 });
    await doctor.getByTestId('draft-saved').waitFor();
    await pause((TTL_SECONDS + 1) * 1000);
    await stillSignedIn(doctor);
    // A reload (a crash, another device) finds her session and her draft on the server.
    await pause(1500);
    await doctor.reload();
    await doctor.waitForFunction(() => Boolean((document.getElementById('summary') as HTMLTextAreaElement | null)?.value));
    expect(await summary.inputValue()).toBe('Tidig RA sannolik. Startar metotrexat ');
    await summary.pressSequentially('efter provtagning.', { delay: 20 });
    await pause((TTL_SECONDS + 1) * 1000);
    await doctor.getByLabel('Diagnoskoder (ICD-10-SE, kommaseparerade)').fill('M06.9');
    await doctor.getByLabel('Plan', { exact: true }).selectOption('follow_up_remote');
    await pause((TTL_SECONDS + 1) * 1000);
    await stillSignedIn(doctor);
    await screenshot(doctor, '60-answer-across-expiries');
    await doctor.getByTestId('send-answer').click();
    await doctor.getByText('Svaret är skickat till hälsocentralen.').waitFor();

    // The nurse's page, untouched all this while, hears of the answer over its socket.
    await nurse.getByTestId('inbox').getByText('Tidig RA sannolik. Startar metotrexat efter provtagning.').waitFor({ timeout: 10_000 });
    await stillSignedIn(nurse);
    await screenshot(nurse, '61-inbox-live-after-expiries');
    const ended = await t.db.query(`SELECT count(*)::int AS n FROM auth_session WHERE end_reason = 'reuse'`);
    expect(ended.rows[0].n).toBe(0);
    await doctorContext.close();
    await nurseContext.close();
  }, 120_000);

  it("#18.4: the nurse's unsent triage form comes back after a reload and after signing in again when her session was ended", async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const nurse = await signIn(context, t.baseUrl, 'nurse');
    const serial = String(100 + Math.floor(Math.random() * 800));
    await nurse.getByLabel('Personnummer eller samordningsnummer').fill(`19700808-${serial}${luhnCheckDigit(`700808${serial}`)}`);
    await nurse.getByRole('button', { name: 'Sök' }).click();
    await nurse.getByLabel('Namn').fill('Utkastina Testsson');
    await nurse.getByRole('button', { name: 'Registrera patient' }).click();
    await nurse.locator('[data-question="symptom_duration_weeks"] input').fill('8');
    await nurse.locator('[data-question="swollen_joint_count"] input').fill('3');
    await nurse.locator('[data-question="fever"] input[type=radio]').nth(1).check();
    await pause(500);
    await nurse.reload();
    await nurse.locator('[data-question="swollen_joint_count"] input').waitFor();
    expect(await nurse.locator('[data-question="symptom_duration_weeks"] input').inputValue()).toBe('8');
    expect(await nurse.locator('[data-question="swollen_joint_count"] input').inputValue()).toBe('3');
    expect(await nurse.locator('[data-question="fever"] input[type=radio]').nth(1).isChecked()).toBe(true);
    // An administrator ends her sessions (a lost card): she signs in again in the same tab and the form is still there.
    const nurseId = (await t.http('GET', '/auth/me', { token: await tokenOf('nurse') })).body.id as string;
    expect((await t.http('POST', `/users/${nurseId}/end-sessions`, { token: await tokenOf('admin') })).status).toBe(200);
    await nurse.locator('[data-question="swollen_joint_count"] input').fill('4');
    await nurse.getByRole('button', { name: 'Logga in' }).waitFor({ timeout: 15_000 });
    await nurse.getByLabel('Användarnamn').fill('nurse');
    await nurse.getByLabel('Lösenord').fill('demo');
    await nurse.getByRole('button', { name: 'Logga in' }).click();
    await nurse.locator('[data-question="swollen_joint_count"] input').waitFor();
    expect(await nurse.locator('[data-question="symptom_duration_weeks"] input').inputValue()).toBe('8');
    expect(await nurse.getByText('Utkastina Testsson').count()).toBeGreaterThan(0);
    await context.close();
  }, 90_000);

  it('#18.3: sign out ends the session: a reload shows the sign-in form, the old cookie renews nothing', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await signIn(context, t.baseUrl, 'nurse');
    await pause((TTL_SECONDS + 1) * 1000);
    await page.reload();
    await page.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    await context.close();
  }, 60_000);
});
