/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { type Browser } from 'playwright-core';
import { luhnCheckDigit } from '@app/patients';
import { describeBrowser, screenshot, startDemoInBrowser, stopDemoInBrowser, signIn } from '../support/browser';
import { goutPathway } from '../support/gout-pathway';
import { publishDraft } from '../support/pathway-drafts';
import { JOINT, jointAnswers } from '../support/joint-answers';
import type { TestApp } from '../support/test-app';

describeBrowser("Two regions on screen: the agreement, the partner's queue, the catalogue, the reports (Debian Chromium)", () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  const token = async (username: string) =>
    (await t.http('POST', '/auth/login', { body: { username, password: 'demo' } })).body.accessToken as string;

  it("shows the administrator the active agreement, and the other region's rheumatologist the covered centre's patient", async () => {
    // Margareta Lund at Strömsund (a demo patient), triaged by the Strömsund nurse through the api.
    const nurse = await token('nurse.stromsund');
    const pnr = `19551120-683${luhnCheckDigit('551120683')}`;
    const patient = (await t.http('POST', '/patients/search', { token: nurse, body: { personnummer: pnr } })).body;
    const triaged = await t.http('POST', '/triage-cases', {
      token: nurse,
      headers: { 'idempotency-key': randomUUID() },
      body: { patientId: patient.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
    });
    expect(triaged.status).toBe(201);

    const adminContext = await browser.newContext({ locale: 'sv-SE' });
    const admin = await signIn(adminContext, t.baseUrl, 'admin');
    await admin.getByRole('tab', { name: 'Samverkan' }).click();
    const agreements = admin.getByTestId('agreements');
    await agreements.getByText('Region Västernorrland').waitFor();
    await agreements.getByText('Aktivt').waitFor();
    await agreements.getByText('40 % = 16 timmar/vecka').waitFor();
    await agreements.getByText('Hammarstrand hälsocentral, Strömsund hälsocentral').waitFor();
    await screenshot(admin, '15-admin-agreements');

    const partnerContext = await browser.newContext({ locale: 'sv-SE' });
    const partner = await signIn(partnerContext, t.baseUrl, 'specialist.y');
    const queue = partner.getByTestId('queue');
    // The phone layout repeats the name for screen readers (hidden): the row's comes first.
    await queue.getByText('Margareta Lund').first().waitFor();
    await queue.locator('tbody').getByText('Strömsund hälsocentral').waitFor();
    // Only the covered centres: the Funäsdalen nurse's patients are not hers to see.
    expect(await queue.locator('tbody').getByText('Funäsdalen hälsocentral').count()).toBe(0);
    await screenshot(partner, '16-partner-region-specialist-queue');
    await adminContext.close();
    await partnerContext.close();
  });

  it('lets an administrator adopt a pathway another region offers, with one click', async () => {
    const partnerAdmin = await token('admin.y');
    expect((await t.http('POST', '/pathways', { token: partnerAdmin, body: goutPathway({ key: 'y-gout' }) })).status).toBe(201);
    expect((await publishDraft(t, partnerAdmin, 'y-gout')).status).toBe(200);
    expect((await t.http('POST', '/pathways/y-gout/offer', { token: partnerAdmin })).status).toBe(201);

    const context = await browser.newContext({ locale: 'sv-SE' });
    const admin = await signIn(context, t.baseUrl, 'admin');
    await admin.getByRole('tab', { name: 'Samverkan' }).click();
    const catalogue = admin.getByTestId('catalogue');
    const row = catalogue.getByRole('row', { name: /Misstänkt gikt/ });
    await row.getByText('Region Västernorrland').waitFor();
    await row.getByRole('button', { name: 'Anta' }).click();
    await row.getByText('Antaget av oss').waitFor();
    await screenshot(admin, '17-admin-catalogue-adopted');
    // The region's nurses now have the pathway.
    const pathways = (await t.http('GET', '/pathways', { token: await token('nurse') })).body.map((p: { key: string }) => p.key);
    expect(pathways).toContain('y-gout');
    await context.close();
  });

  it('shows the administrator a report of the past year as a chart and a table, prints it and downloads it as CSV', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', acceptDownloads: true });
    const admin = await signIn(context, t.baseUrl, 'admin');
    await admin.getByRole('tab', { name: 'Rapporter' }).click();
    await admin.getByLabel('Rapport', { exact: true }).selectOption({ label: 'Undvikna resor' });
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    await admin.getByLabel('Från och med').fill(yearAgo);
    await admin.getByRole('button', { name: 'Visa rapport' }).click();
    // The demo's past year of visits: a chart and a table of months with kilometres avoided.
    await admin.getByRole('img', { name: /^Diagram: / }).waitFor();
    const rows = admin.locator('table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(6);
    await screenshot(admin, '18-admin-report-travel-avoided');
    // Printing shows the report, not the controls.
    await admin.emulateMedia({ media: 'print' });
    expect(await admin.getByRole('button', { name: 'Visa rapport' }).isVisible()).toBe(false);
    expect(await admin.getByRole('img', { name: /^Diagram: / }).isVisible()).toBe(true);
    await admin.emulateMedia({ media: 'screen' });
    const download = admin.waitForEvent('download');
    await admin.getByRole('button', { name: 'Ladda ner CSV' }).click();
    const csv = await (await download).path();
    const text = require('node:fs').readFileSync(csv, 'utf8') as string;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n').length).toBeGreaterThan(6);
    await context.close();
  });
});
