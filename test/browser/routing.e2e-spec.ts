/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type Dialog, type Page } from 'playwright-core';
import { luhnCheckDigit } from '@app/patients';
import { describeBrowser, planFreeRemoteSession, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import { JOINT, jointAnswers } from '../support/joint-answers';
import type { TestApp } from '../support/test-app';

/** Answers that give early arthritis: in the queue, bookable. */
const EARLY = jointAnswers({
  symptom_duration_weeks: 8,
  swollen_joint_count: 3,
  small_joint_swelling: true,
  squeeze_test_positive: true,
  morning_stiffness_minutes: 45,
});

describeBrowser("Routing (#17.2): page, tab and open case in the URL; the nurse's case list (#17.8) (Debian Chromium)", () => {
  let t: TestApp;
  let browser: Browser;
  let nurseToken: string;
  let centreId: string;

  /** A new patient of Funäsdalen with an early-arthritis case, made through the api as the nurse. */
  async function patientWithCase(name: string, born = '19650210'): Promise<{ caseId: string; patientId: string; personnummer: string }> {
    const serial = String(100 + Math.floor(Math.random() * 800));
    const personnummer = `${born}-${serial}${luhnCheckDigit(`${born.slice(2)}${serial}`)}`;
    const patient = await t.http('POST', '/patients', { token: nurseToken, body: { personnummer, name, healthCentreId: centreId } });
    expect([200, 201]).toContain(patient.status);
    const created = await t.http('POST', '/triage-cases', {
      token: nurseToken,
      headers: { 'Idempotency-Key': randomUUID() },
      body: { patientId: patient.body.id, pathwayKey: JOINT, answers: EARLY },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('awaiting_booking');
    return { caseId: created.body.id, patientId: patient.body.id, personnummer };
  }

  const listed = async (caseId: string) =>
    (await t.http('GET', '/triage-cases', { token: nurseToken })).body.find((c: { id: string }) => c.id === caseId);

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
    const admin = (await t.http('POST', '/auth/login', { body: { username: 'admin', password: 'demo' } })).body.accessToken;
    nurseToken = (await t.http('POST', '/auth/login', { body: { username: 'nurse', password: 'demo' } })).body.accessToken;
    const users: Array<{ id: string; username: string }> = (await t.http('GET', '/users', { token: admin })).body;
    const specialist = users.find((u) => u.username === 'specialist')!;
    const centres: Array<{ id: string; name: string }> = (await t.http('GET', '/health-centres', { token: admin })).body;
    const centre = centres.find((c) => c.name.startsWith('Funäsdalen'))!;
    centreId = centre.id;
    // Free remote times at Funäsdalen tomorrow: to book, and to rebook to.
    await planFreeRemoteSession(t, admin, { specialistId: specialist.id, healthCentreId: centre.id });
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  const context = (): Promise<BrowserContext> => browser.newContext({ locale: 'sv-SE', viewport: { width: 1366, height: 900 } });
  const hash = (page: Page) => page.evaluate(() => location.hash);
  const selectedTab = (page: Page) => page.getByRole('tab', { selected: true }).textContent();

  it('reload and back keep the tab and the open case; the case list opens a case at #/cases/<id>', async () => {
    const { caseId, personnummer } = await patientWithCase('Rutger Routing');
    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    await page.getByRole('tab', { name: 'Hälsocentralens ärenden' }).click();
    expect(await hash(page)).toBe('#/cases');
    await page.reload();
    await page.getByTestId('case-list').waitFor();
    expect(await selectedTab(page)).toBe('Hälsocentralens ärenden');

    await page.getByRole('tab', { name: 'Dagens videobesök' }).click();
    expect(await hash(page)).toBe('#/visits');
    await page.goBack();
    await page.getByTestId('case-list').waitFor();
    expect(await selectedTab(page)).toBe('Hälsocentralens ärenden');

    // The list names the patient with her personnummer; a click opens the case at its own URL.
    const row = page.locator(`[data-case="${caseId}"]`);
    await row.getByText(`${personnummer.slice(0, 8)}-${personnummer.slice(9)}`).waitFor();
    await row.getByRole('link', { name: 'Rutger Routing' }).click();
    const detail = page.getByTestId('case-detail');
    await detail.getByRole('heading', { name: /Rutger Routing/ }).waitFor();
    expect(await hash(page)).toBe(`#/cases/${caseId}`);
    await page.reload();
    await detail.getByRole('heading', { name: /Rutger Routing/ }).waitFor();
    expect(await selectedTab(page)).toBe('Hälsocentralens ärenden');
    await page.goBack();
    await page.getByTestId('case-list').waitFor();
    expect(await hash(page)).toBe('#/cases');
    await page.goForward();
    await detail.waitFor();
    await screenshot(page, 'routing-case-detail');
    await ctx.close();
  }, 90_000);

  it('a shared link to a case opens it after sign-in; an unknown case says it could not be read', async () => {
    const { caseId } = await patientWithCase('Delad Länk');
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${t.baseUrl}/#/cases/${caseId}`);
    await page.getByLabel('Användarnamn').fill('nurse');
    await page.getByLabel('Lösenord').fill('demo');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page
      .getByTestId('case-detail')
      .getByRole('heading', { name: /Delad Länk/ })
      .waitFor();
    expect(await hash(page)).toBe(`#/cases/${caseId}`);
    // Focus moved to what changed: the case's heading, not the page body.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toMatch(/^H[12]$/);

    await page.goto(`${t.baseUrl}/#/cases/${randomUUID()}`);
    await page.getByTestId('case-detail').getByTestId('load-error').waitFor();
    await ctx.close();
  }, 60_000);

  it('the filter is in the URL; the case is booked, rebooked and cancelled on screen, as the api then says', async () => {
    const { caseId } = await patientWithCase('Filippa Filter');
    await patientWithCase('Annan Patient');
    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    await page.goto(`${t.baseUrl}/#/cases`);
    await page.getByLabel('Sök patient (namn eller personnummer)').fill('filippa');
    await page.locator(`[data-case="${caseId}"]`).waitFor();
    expect(await page.getByTestId('case-list').getByText('Annan Patient').count()).toBe(0);
    expect(await hash(page)).toBe('#/cases?q=filippa');
    await page.reload();
    await expect(page.getByLabel('Sök patient (namn eller personnummer)').inputValue()).resolves.toBe('filippa');
    await page.getByLabel('Status').selectOption('booked');
    await page.getByText('Inga ärenden matchar filtret.').waitFor();
    await page.getByLabel('Status').selectOption('');

    await page.locator(`[data-case="${caseId}"]`).getByRole('link').click();
    const panel = page.getByTestId('booking-panel');
    await panel.getByText('Ingen tid bokad').waitFor();
    await panel
      .getByRole('button', { name: /^Boka / })
      .first()
      .click();
    await panel.getByText(/^Bokad tid:/).waitFor();
    const booked = await listed(caseId);
    expect(booked.status).toBe('booked');
    expect(booked.booking).toEqual(expect.objectContaining({ id: expect.any(String), start: expect.any(String) }));
    expect(booked.personnummer).toMatch(/^\d{12}$/);

    // Rebook to another free time.
    await panel.getByRole('button', { name: 'Boka om' }).click();
    await panel
      .getByRole('button', { name: /^Flytta till / })
      .nth(1)
      .click();
    await panel.getByText(/^Tiden är flyttad till/).waitFor();
    const moved = await listed(caseId);
    expect(moved.booking.id).toBe(booked.booking.id);
    expect(moved.booking.start).not.toBe(booked.booking.start);
    await page.getByTestId('booked-time').waitFor();
    await screenshot(page, 'routing-case-rebooked');

    // Cancel, after the confirmation.
    await panel.getByRole('button', { name: 'Avboka tiden' }).click();
    await panel.getByText(/^Avboka tiden .*\?/).waitFor();
    await panel.getByLabel('Orsak (frivillig)').fill('Patienten är bortrest');
    await panel.getByRole('button', { name: 'Avboka tiden' }).click();
    await panel.getByText('Tiden är avbokad. Ärendet väntar på en ny tid.').waitFor();
    const cancelled = await listed(caseId);
    expect(cancelled.status).toBe('awaiting_booking');
    expect(cancelled.booking).toBeNull();
    await ctx.close();
  }, 90_000);

  it('an open case for the patient and pathway is said at search, with a link to it', async () => {
    const { caseId, personnummer } = await patientWithCase('Öppen Ärendesson');
    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    await page.getByLabel('Personnummer eller samordningsnummer').fill(personnummer);
    await page.getByRole('button', { name: 'Sök' }).click();
    const notice = page.getByTestId('open-cases');
    await notice.getByText(/Patienten har redan ett öppet ärende i flödet/).waitFor();
    await notice.getByRole('link', { name: 'Öppna ärendet' }).click();
    await page
      .getByTestId('case-detail')
      .getByRole('heading', { name: /Öppen Ärendesson/ })
      .waitFor();
    expect(await hash(page)).toBe(`#/cases/${caseId}`);
    await ctx.close();
  }, 60_000);

  it('unsaved work asks before it is lost: a registration not made, and the unsent form at sign-out and on closing', async () => {
    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    const dialogs: Array<{ type: string; message: string }> = [];
    const dismiss = (d: Dialog) => {
      dialogs.push({ type: d.type(), message: d.message() });
      void d.dismiss();
    };
    page.on('dialog', dismiss);
    const serial = String(100 + Math.floor(Math.random() * 800));
    await page.getByLabel('Personnummer eller samordningsnummer').fill(`19720808-${serial}${luhnCheckDigit(`720808${serial}`)}`);
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByLabel('Namn').fill('Lämna Inte');
    // A tab change asks; dismissed, the page and what was typed stay.
    await page.getByRole('tab', { name: 'Hälsocentralens ärenden' }).click();
    expect(dialogs).toEqual([{ type: 'confirm', message: expect.stringContaining('Patienten är inte registrerad än') }]);
    expect(await hash(page)).not.toBe('#/cases');
    await expect(page.getByLabel('Namn').inputValue()).resolves.toBe('Lämna Inte');
    // A link followed by the browser itself asks too, and the URL is put back.
    await page.evaluate(() => {
      location.hash = '#/password';
    });
    await page.waitForFunction(() => location.hash !== '#/password');
    expect(dialogs).toHaveLength(2);
    await expect(page.getByLabel('Namn').inputValue()).resolves.toBe('Lämna Inte');
    await expect(page.getByLabel('Namn').inputValue()).resolves.toBe('Lämna Inte');

    await page.getByRole('button', { name: 'Registrera patient' }).click();
    await page.locator('[data-question="swollen_joint_count"] input').fill('3');
    // The draft is kept across in-app moves: no question there.
    await page.getByRole('tab', { name: 'Hälsocentralens ärenden' }).click();
    await page.getByTestId('case-list').waitFor();
    expect(dialogs).toHaveLength(2);
    await page.getByRole('tab', { name: 'Triage' }).click();
    // Restored from the tab's draft once the form is there.
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('[data-question="swollen_joint_count"] input')?.value === '3',
    );
    // Signing out would discard it: asked, and dismissed, she stays signed in.
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    expect(dialogs[2]).toEqual({ type: 'confirm', message: expect.stringContaining('Triageformuläret är inte skickat') });
    await page.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();
    // Closing the tab: the browser's own question.
    page.off('dialog', dismiss);
    const beforeUnload = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.type()), void d.accept())));
    await page.close({ runBeforeUnload: true });
    await expect(beforeUnload).resolves.toBe('beforeunload');
    await ctx.close();
  }, 60_000);
});
