/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { type Browser } from 'playwright-core';
import { luhnCheckDigit } from '@app/patients';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

describeBrowser("Issue 18 #2 #5: HSA-ids and the audit log for people, on the admin's screen (Debian Chromium)", () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  it("#18.2 #18.5: the admin gives the nurse an HSA-id, finds the patient's access log naming her by it, and downloads it as CSV", async () => {
    const nurseToken = (await t.http('POST', '/auth/login', { body: { username: 'nurse', password: 'demo' } })).body.accessToken as string;
    const nurse = (await t.http('GET', '/auth/me', { token: nurseToken })).body;
    const serial = String(100 + Math.floor(Math.random() * 800));
    const pnr = `19610505-${serial}${luhnCheckDigit(`610505${serial}`)}`;
    const patient = await t.http('POST', '/patients', {
      token: nurseToken,
      body: { personnummer: pnr, name: 'Loggbritt Testsson', healthCentreId: nurse.healthCentreId },
    });
    expect(patient.status).toBe(201);

    const context = await browser.newContext({ locale: 'sv-SE', acceptDownloads: true });
    const admin = await signIn(context, t.baseUrl, 'admin');
    await admin.getByRole('tab', { name: 'Logg och HSA-id' }).click();
    const hsa = admin.getByLabel('HSA-id nurse', { exact: true });
    await hsa.fill('SE2321000016-SSK1');
    await hsa.locator('..').getByRole('button', { name: 'Spara' }).click();
    await admin.getByText('HSA-id sparat.').waitFor();

    // The nurse opens the patient's record: one more access, by her HSA-id.
    expect((await t.http('GET', `/patients/${patient.body.id}`, { token: nurseToken })).status).toBe(200);
    await admin.getByLabel('Personnummer eller samordningsnummer').fill(pnr);
    await admin.getByRole('button', { name: 'Sök i loggen' }).click();
    const log = admin.getByTestId('access-log');
    await log.getByText('Loggutdrag för Loggbritt Testsson').waitFor();
    await log.getByText(`${nurse.displayName} · SE2321000016-SSK1`).first().waitFor();
    await screenshot(admin, '62-patient-access-log');

    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      log.getByRole('button', { name: 'Ladda ner loggutdraget (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`access-log-${patient.body.id}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('user_hsa_id');
    expect(csv).toContain('SE2321000016-SSK1');
    await context.close();
  }, 90_000);
});
