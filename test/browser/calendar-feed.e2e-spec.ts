/// <reference lib="dom" />
import { type Browser } from 'playwright-core';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

describeBrowser('Calendar feed link on screen (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  it('#15.15: the rheumatologist creates, copies and renews her calendar link, and a calendar application can read it', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await signIn(context, t.baseUrl, 'specialist');
    page.on('dialog', (d) => void d.accept());
    await page.getByRole('tab', { name: 'Mottagningar' }).click();
    await page.getByText('Prenumerera i din kalenderapp').click();
    await page.getByText('Du har ingen kalenderlänk.').waitFor();
    await page.getByRole('button', { name: 'Skapa kalenderlänk' }).click();
    const field = page.getByLabel('Kalenderlänk');
    await field.waitFor();
    const first = await field.inputValue();
    expect(first).toMatch(new RegExp(`^${t.baseUrl}/api/v1/calendar/feed/[A-Za-z0-9_-]{43}\\.ics$`));
    await screenshot(page, '20-specialist-calendar-link');
    // What a calendar application does: a plain GET with no sign-in.
    const feed = await fetch(first);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR/);

    await page.getByRole('button', { name: 'Förnya länken' }).click();
    await page.waitForFunction((old) => (document.getElementById('calendar-feed-url') as HTMLInputElement | null)?.value !== old, first);
    const second = await field.inputValue();
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);
    await page.getByRole('button', { name: 'Återkalla länken' }).click();
    await page.getByText('Du har ingen kalenderlänk.').waitFor();
    expect((await fetch(second)).status).toBe(404);
    await context.close();
  });
});
