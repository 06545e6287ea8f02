/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { freePort } from '@app/database';
import { describeBrowser, ensureWebBuilt, launchChromium, ROOT, screenshot } from '../support/browser';
import { createRegion, type TestRegion } from '../support/factories';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 18, #1 in Debian's Chromium: the sign-in page of an installation with the region's IdP and
 * passwords switched off offers only "Logga in med SITHS-kort"; the IdP's own page signs her in and
 * the app opens signed in; an HSA-id no user has lands on the refusal page, in Swedish and English.
 */
describeBrowser("Issue 18 #1: signing in through the region's IdP (OIDC) in the browser", () => {
  let t: TestApp;
  let idp: TestOidcProvider;
  let browser: Browser;
  let region: TestRegion;

  beforeAll(async () => {
    ensureWebBuilt();
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`;
    idp = await startOidcProvider({
      redirectUri,
      accounts: { anna: { hsaId: 'SE2321000016-BR01', name: 'Anna' }, okand: { hsaId: 'SE2321000016-BR99', name: 'Okänd' } },
    });
    t = await createTestApp({
      port,
      env: {
        WEB_DIST_DIR: join(ROOT, 'dist/web'),
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.clientId,
        OIDC_CLIENT_SECRET: idp.clientSecret,
        OIDC_REDIRECT_URI: redirectUri,
        PASSWORD_LOGIN: 'off',
      },
    });
    region = await createRegion(t.db, 'BO');
    await t.db.query('UPDATE app_user SET hsa_id = $2 WHERE id = $1', [region.users.nurse.id, 'SE2321000016-BR01']);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await idp?.close();
  });

  async function throughTheIdp(account: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.goto(t.baseUrl);
    await page.getByRole('button', { name: 'Logga in med SITHS-kort' }).waitFor();
    // Passwords are off here: no password form to fill in.
    expect(await page.getByLabel('Lösenord').count()).toBe(0);
    await screenshot(page, 'oidc-01-sign-in-siths');
    await page.getByRole('button', { name: 'Logga in med SITHS-kort' }).click();
    await page.getByLabel('Konto').fill(account);
    await page.getByRole('button', { name: 'Logga in' }).click();
    return { context, page };
  }

  it("#18.1: the IdP's sign-in opens the app signed in as the user with that HSA-id", async () => {
    const { context, page } = await throughTheIdp('anna');
    await page.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();
    expect(new URL(page.url()).origin).toBe(t.baseUrl);
    await screenshot(page, 'oidc-02-signed-in');
    // The app took its access token from the session's refresh cookie: the API knows her.
    const me = await page.evaluate(async () => {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ledtriage-refresh': '1' },
        body: '{}',
      });
      const { accessToken } = (await res.json()) as { accessToken: string };
      return (await fetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${accessToken}` } })).json();
    });
    expect(me).toMatchObject({ id: region.users.nurse.id, role: 'nurse' });
    await context.close();
  });

  it('#18.1: an HSA-id no user has lands on the refusal page, which says why in Swedish and in English', async () => {
    const { context, page } = await throughTheIdp('okand');
    await page.getByRole('heading', { name: 'Inloggningen nekades' }).waitFor();
    expect(page.url()).toContain('#/sign-in-refused?reason=unknown_hsa_id');
    await page.getByText('Ditt HSA-id finns inte som användare här.').waitFor();
    await screenshot(page, 'oidc-03-refused-sv');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign-in refused' }).waitFor();
    await page.getByText('Your HSA-id is not a user here.').waitFor();
    const cookies = await context.cookies(t.baseUrl);
    expect(cookies.filter((c) => c.name === 'ledtriage_refresh')).toEqual([]);
    await page.getByRole('button', { name: 'Back to sign-in' }).click();
    await page.getByRole('button', { name: 'Sign in with a SITHS card' }).waitFor();
    await context.close();
  });
});
