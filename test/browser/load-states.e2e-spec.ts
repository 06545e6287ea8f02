/// <reference lib="dom" />
import { type Browser, type Route } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { createPatient, login } from '../support/factories';
import { JOINT, jointAnswers } from '../support/joint-answers';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

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
});
