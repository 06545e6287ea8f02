/// <reference lib="dom" />
import { type Browser } from 'playwright-core';
import { luhnCheckDigit } from '@app/patients';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

describeBrowser('Issue 19 on screen: professions from data, the rollout board and the training mode (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  it("#19.1: each specialist's header names her profession from the specialty data, and her queue opens on her own pathway", async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const derm = await signIn(context, t.baseUrl, 'dermatolog');
    await derm.getByText('Sofia Hedberg · Hudläkare').waitFor();
    await derm.getByTestId('queue').waitFor();
    await derm.waitForFunction(
      () => (document.getElementById('queue-pathway') as HTMLSelectElement | null)?.value === 'suspected-skin-cancer',
    );
    expect(await derm.locator('#queue-pathway option').count()).toBe(1);
    await screenshot(derm, '50-dermatologist-queue');
    const rheum = await signIn(await browser.newContext({ locale: 'sv-SE' }), t.baseUrl, 'specialist');
    await rheum.getByText('Erik Lindqvist · Reumatolog').waitFor();
    await context.close();
  });

  it('#19.3, #19.7: the administrator sets the skin pathway live at Strömsund; its nurse sees it untrained, opens the training and gets feedback', async () => {
    const adminContext = await browser.newContext({ locale: 'sv-SE' });
    const admin = await signIn(adminContext, t.baseUrl, 'admin');
    await admin.getByRole('link', { name: 'Införande per hälsocentral' }).click();
    await admin.getByTestId('rollout-board').waitFor();
    await admin.getByLabel('Flöde').selectOption('suspected-skin-cancer');
    await admin.getByTestId('rollout-row').filter({ hasText: 'Funäsdalen' }).getByText('1 / 1').waitFor();
    await admin.getByLabel('Läge: Strömsund hälsocentral').selectOption('live');
    await admin
      .getByTestId('rollout-row')
      .filter({ hasText: 'Strömsund' })
      .getByText(/^\d{4}-\d{2}-\d{2}$/)
      .waitFor();
    await screenshot(admin, '51-rollout-board');
    expect(
      (
        await t.db.query(
          `SELECT r.state FROM pathway_rollout r JOIN health_centre h ON h.id = r.health_centre_id WHERE r.pathway_key = 'suspected-skin-cancer' AND h.name = 'Strömsund hälsocentral'`,
        )
      ).rows,
    ).toEqual([{ state: 'live' }]);

    const nurseContext = await browser.newContext({ locale: 'sv-SE' });
    const nurse = await signIn(nurseContext, t.baseUrl, 'nurse.stromsund');
    await nurse.getByLabel('Personnummer eller samordningsnummer').fill(`19551120-683${luhnCheckDigit('551120683')}`);
    await nurse.getByRole('button', { name: 'Sök' }).click();
    await nurse.getByLabel('Flöde').waitFor();
    await nurse.getByRole('option', { name: /Misstänkt hudcancer.*ej utbildad/ }).waitFor({ state: 'attached' });
    await nurse.getByLabel('Flöde').selectOption('suspected-skin-cancer');
    await nurse.getByTestId('pathway-status').getByRole('link', { name: 'Till utbildningen' }).click();
    await nurse.getByTestId('vignette-facts').waitFor();
    await nurse.getByRole('button', { name: 'Rätta' }).click();
    await nurse
      .getByTestId('vignette-feedback')
      .getByText(/Förväntat: Välgrundad misstanke om hudcancer/)
      .waitFor();
    await screenshot(nurse, '52-nurse-training');
    await adminContext.close();
    await nurseContext.close();
  });
});
