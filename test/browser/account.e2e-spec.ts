/// <reference lib="dom" />
import { type Browser } from 'playwright-core';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

describeBrowser("#15.10 the signed-in user's password and the sign-in back-off on screen (Debian Chromium)", () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser({ LOGIN_MAX_FAILURES: '2', LOGIN_BACKOFF_SECONDS: '30' }));
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  it('#15.10: changes her own password from the header, with the policy shown as she types; her other sessions end', async () => {
    const elsewhere = (await t.http('POST', '/auth/login', { body: { username: 'nurse.sveg', password: 'demo' } })).body
      .accessToken as string;
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await signIn(context, t.baseUrl, 'nurse.sveg');
    await page.getByRole('link', { name: 'Byt lösenord' }).click();
    await page.getByLabel('Nuvarande lösenord').fill('demo');
    await page.getByLabel('Nytt lösenord', { exact: true }).fill('aaaaaaaaaaaaaa');
    await page.getByText('får inte vara ett och samma tecken upprepat').waitFor();
    await page.getByLabel('Nytt lösenord', { exact: true }).fill('Tre glada björnar i skogen');
    await page.getByLabel('Nytt lösenord igen').fill('Tre glada björnar i skogen');
    await screenshot(page, '30-change-password');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.getByText('Lösenordet är bytt. Du är utloggad på alla andra enheter.').waitFor();
    expect((await t.http('GET', '/auth/me', { token: elsewhere })).status).toBe(401);
    // This tab carries on with its new token.
    await page.getByRole('link', { name: 'Tillbaka till startsidan' }).click();
    await page.getByRole('tab', { name: 'Triage' }).waitFor();
    expect(
      await page.evaluate(() =>
        fetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${sessionStorage.getItem('token')}` } }).then((r) => r.status),
      ),
    ).toBe(200);
    await context.close();
  });

  it('#15.10: tells the user after repeated wrong passwords when to try again, and that the account is not locked', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(t.baseUrl);
    await page.getByLabel('Användarnamn').fill('nurse.stromsund');
    for (let i = 0; i < 2; i++) {
      await page.getByLabel('Lösenord').fill(`fel ${i}`);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.getByText('Fel användarnamn eller lösenord.').waitFor();
    }
    await page.getByLabel('Lösenord').fill('demo');
    await page.getByRole('button', { name: 'Logga in' }).click();
    const message = page.getByText(/Kontot är inte låst: försök igen om \d+ sekunder, kl\. \d\d:\d\d\./);
    await message.waitFor();
    await screenshot(page, '31-sign-in-back-off');
    await context.close();
  });
});
