/// <reference lib="dom" />
import { type Browser, type BrowserContext, type Locator, type Page, type Route } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { createPatient, login } from '../support/factories';
import { JOINT, jointAnswers } from '../support/joint-answers';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

/** GETs to `url` answer 500 until `recover()`: a server having a bad moment. */
async function failing(context: BrowserContext, url: RegExp): Promise<{ recover: () => void }> {
  let on = true;
  await context.route(url, (route: Route) =>
    on && route.request().method() === 'GET'
      ? route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: 'boom' }),
        })
      : route.continue(),
  );
  return {
    recover: () => {
      on = false;
    },
  };
}

/**
 * The read's failure is said in words with the server's part and a retry button; once the server is
 * back, the retry shows what `recovered` waits for and the failure is gone.
 */
async function failsThenRetries(
  scope: Page | Locator,
  failedText: string,
  server: { recover: () => void },
  recovered: () => Promise<unknown>,
) {
  const alert = scope.getByTestId('load-error').filter({ hasText: failedText }).first();
  await alert.waitFor();
  expect(await alert.textContent()).toContain('Servern svarade med ett fel.');
  server.recover();
  await alert.getByRole('button', { name: 'Försök igen' }).click();
  await recovered();
  expect(await scope.getByTestId('load-error').filter({ hasText: failedText }).count()).toBe(0);
}

/** Issue 17 (intro, part 1): a read that fails or has not answered yet is never shown as "nothing there". */
describeBrowser('Loading and failure states (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  it('#17.1: the queue says "Hämtar…" while it loads and "Kön kunde inte hämtas" when the request fails, never "Kön är tom."; retry loads it', async () => {
    // One patient waiting, so that an empty queue and an unknown one differ on screen.
    const nurse = await login(t, 'nurse', 'demo');
    const me = await t.http('GET', '/auth/me', { token: nurse });
    const patient = await createPatient(t, nurse, me.body.healthCentreId, '19580704');
    const sent = await t.http('POST', '/triage-cases', {
      token: nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: patient.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
    });
    expect(sent.status).toBe(201);
    const context = await browser.newContext({ locale: 'sv-SE' });
    // The queue request is held, then cut: what a dropped connection or a dead server looks like.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let failing = true;
    await context.route('**/api/v1/queue?*', async (route: Route) => {
      if (!failing) return route.continue();
      await held;
      await route.abort('connectionfailed');
    });
    const page = await signIn(context, t.baseUrl, 'specialist');
    const queue = page.getByTestId('queue');
    await queue.getByText('Hämtar…').waitFor();
    expect(await queue.getByText('Kön är tom.').count()).toBe(0);
    release();
    await queue.getByText('Kön kunde inte hämtas.').waitFor();
    await expect(queue.getByRole('alert').textContent()).resolves.toContain('Ingen kontakt med servern.');
    expect(await queue.getByText('Kön är tom.').count()).toBe(0);
    expect(await queue.locator('tr[data-case]').count()).toBe(0);
    await screenshot(page, '40-queue-load-failed');

    failing = false;
    await queue.getByRole('button', { name: 'Försök igen' }).click();
    await queue.locator('tr[data-case]').first().waitFor();
    expect(await queue.getByText('Kön kunde inte hämtas.').count()).toBe(0);
    await context.close();
  });

  it('#17.1: a server error on the agreements is "Avtalen kunde inte hämtas", not "Inga avtal ännu."', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    await context.route('**/api/v1/agreements', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'down' }),
      }),
    );
    const page = await signIn(context, t.baseUrl, 'admin');
    await page.getByRole('tab', { name: 'Samverkan' }).click();
    await page.getByText('Avtalen kunde inte hämtas.').waitFor();
    await page.getByText('Servern svarade med ett fel.').first().waitFor();
    expect(await page.getByText('Inga avtal ännu.').count()).toBe(0);
    await context.close();
  });

  it("#17.1: the nurse's answers, cases and visits each say that they could not be loaded", async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    for (const path of ['**/api/v1/inbox', '**/api/v1/triage-cases', '**/api/v1/visits?*']) {
      await context.route(path, (route) => (route.request().method() === 'GET' ? route.abort('connectionfailed') : route.continue()));
    }
    const page = await signIn(context, t.baseUrl, 'nurse');
    await page.getByRole('tab', { name: 'Svar från specialist' }).click();
    await page.getByText('Svaren kunde inte hämtas.').waitFor();
    expect(await page.getByText('Inga svar ännu.').count()).toBe(0);
    await page.getByRole('tab', { name: 'Hälsocentralens ärenden' }).click();
    await page.getByText('Ärendena kunde inte hämtas.').waitFor();
    await page.getByRole('tab', { name: 'Dagens videobesök' }).click();
    await page.getByText('Besöken kunde inte hämtas.').waitFor();
    expect(await page.getByText('Inga besök i dag.').count()).toBe(0);
    await context.close();
  });

  it('#17.1: the queue says "Uppdateras direkt" only while the live connection is up', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await signIn(context, t.baseUrl, 'specialist');
    const live = page.getByTestId('queue').getByTestId('live');
    await page.waitForFunction(() => document.querySelector('[data-testid=live]')?.textContent === 'Uppdateras direkt');
    // Every new socket is refused from here on, and the open one is cut.
    await page.routeWebSocket('**/socket.io/**', (ws) => ws.close());
    await context.setOffline(true);
    await page.waitForFunction(() => document.querySelector('[data-testid=live]')?.textContent?.startsWith('Ingen direktuppdatering'));
    expect(await live.textContent()).toContain('anslutningen är bruten');
    await context.setOffline(false);
    await context.close();
  });
  it('#17.1: the reports page says that the reports, or the report asked for, could not be loaded; the retry loads them', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const list = await failing(context, /\/api\/v1\/reports$/);
    const report = await failing(context, /\/api\/v1\/reports\/travel-avoided\?/);
    const page = await signIn(context, t.baseUrl, 'admin');
    await page.getByRole('tab', { name: 'Rapporter' }).click();
    await failsThenRetries(page, 'Rapporterna kunde inte hämtas.', list, () => page.getByLabel('Rapport', { exact: true }).waitFor());
    await page.getByLabel('Rapport', { exact: true }).selectOption({ label: 'Undvikna resor' });
    await page.getByRole('button', { name: 'Visa rapport' }).click();
    await failsThenRetries(page, 'Rapporten kunde inte hämtas.', report, () => page.getByTestId('report-table').waitFor());
    await context.close();
  });

  it("#17.1: the pathway editor's list, an opened pathway and the reviewers each say that they could not be loaded; retry recovers", async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const list = await failing(context, /\/api\/v1\/pathways$/);
    const reviewers = await failing(context, /\/api\/v1\/pathway-reviewers\/sign-off$/);
    const page = await signIn(context, t.baseUrl, 'admin');
    await page.getByRole('tab', { name: 'Flöden' }).click();
    await failsThenRetries(page, 'Granskarna kunde inte hämtas.', reviewers, () => page.getByTestId('reviewers').waitFor());
    await failsThenRetries(page, 'Flödena kunde inte hämtas.', list, () => page.getByTestId('pathway-list').waitFor());
    // Opening a pathway whose definition cannot be read: said, not an empty editor.
    const opened = await failing(context, /\/api\/v1\/pathways\/joint-complaints(\/draft)?$/);
    const row = page.getByTestId('pathway-list').locator('tr', { hasText: 'joint-complaints' }).first();
    await row.getByRole('button', { name: 'Redigera utkast' }).click();
    await failsThenRetries(page, 'Flödet kunde inte hämtas.', opened, () =>
      page.locator('#editor-title', { hasText: 'joint-complaints' }).waitFor(),
    );
    await context.close();
  });

  it("#17.1: the specialist's review queue and calendar link say that they could not be loaded; retry recovers", async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const queue = await failing(context, /\/api\/v1\/pathway-reviewers\/queue$/);
    const feed = await failing(context, /\/api\/v1\/calendar\/feed$/);
    const page = await signIn(context, t.baseUrl, 'specialist');
    await page.getByRole('tab', { name: 'Flöden att granska' }).click();
    const review = page.getByTestId('review-queue');
    expect(await review.getByText('Inget väntar på granskning.').count()).toBe(0);
    await failsThenRetries(review, 'Granskningskön kunde inte hämtas.', queue, () =>
      page.waitForFunction(() => {
        const box = document.querySelector('[data-testid=review-queue]');
        return box && !box.querySelector('[data-testid=loading]') && box.querySelector('ul, p.muted');
      }),
    );
    await page.getByRole('tab', { name: 'Mottagningar' }).click();
    await failsThenRetries(page, 'Kalenderlänken kunde inte hämtas.', feed, () =>
      page.getByText('Prenumerera i din kalenderapp').waitFor(),
    );
    await context.close();
  });

  it('#17.1: the answer form says that its plans and saved draft could not be loaded, not an answer never begun; retry loads them', async () => {
    const nurse = await login(t, 'nurse', 'demo');
    const me = await t.http('GET', '/auth/me', { token: nurse });
    const patient = await createPatient(t, nurse, me.body.healthCentreId, '19610302');
    const sent = await t.http('POST', '/triage-cases', {
      token: nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: patient.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
    });
    expect(sent.status).toBe(201);
    const free = await t.http('GET', `/slots?healthCentreId=${me.body.healthCentreId}&free=true`, { token: nurse });
    const slot = (free.body as Array<{ id: string; start: string }>).find((s) => Date.parse(s.start) > Date.now() + 3600_000);
    expect(slot).toBeDefined();
    const booking = await t.http('POST', '/bookings', { token: nurse, body: { caseId: sent.body.id, slotId: slot!.id } });
    expect(booking.status).toBe(201);

    const context = await browser.newContext({ locale: 'sv-SE' });
    const draft = await failing(context, /\/api\/v1\/visits\/[^/]+\/outcome-draft$/);
    const page = await signIn(context, t.baseUrl, 'specialist');
    await page.goto(`${t.baseUrl}/#/visit/${booking.body.visitId}`);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Konsultationssvar till hälsocentralen' }) });
    await failsThenRetries(form, 'Svarsformuläret kunde inte hämtas', draft, () =>
      page.waitForFunction(() => (document.querySelectorAll('#plan option').length ?? 0) > 0),
    );
    expect(await form.getByTestId('loading').count()).toBe(0);
    await context.close();
  });

  it("#17.1: the patient's link page says that it could not be read, with a retry, not an empty page", async () => {
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 390, height: 844 }, isMobile: true });
    let down = true;
    // A made-up link: the page's states are what is tested, the server's answer is played here.
    await context.route(/\/api\/v1\/p\/[A-Za-z0-9_-]{43}$/, (route) =>
      down
        ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"statusCode":503}' })
        : route.fulfill({
            status: 200,
            contentType: 'application/json',
            body: JSON.stringify({
              state: 'scheduled',
              start: new Date(Date.now() + 2 * 86_400_000).toISOString(),
              when: 'torsdag 3 december kl. 10:00',
              place: { name: 'Funäsdalen hälsocentral', address: 'Vårdvägen 1, 840 95 Funäsdalen', phone: null },
              bring: [],
              confirmedAt: null,
              wish: null,
              canChange: true,
            }),
          }),
    );
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/p/${'A'.repeat(43)}`);
    const alert = page.getByRole('alert');
    await alert.getByText('Något gick fel.', { exact: false }).waitFor();
    expect(await page.getByTestId('pl-when').count()).toBe(0);
    down = false;
    await alert.getByRole('button', { name: 'Försök igen' }).click();
    await page.getByTestId('pl-when').getByText('torsdag 3 december kl. 10:00').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });
});
