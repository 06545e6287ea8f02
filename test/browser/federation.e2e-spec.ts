/// <reference lib="dom" />
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { describeBrowser, ensureWebBuilt, launchChromium, ROOT, screenshot } from '../support/browser';
import { createPatient, createRegion, login, TEST_PASSWORD, type TestRegion } from '../support/factories';
import { publishDraft } from '../support/pathway-drafts';
import { goutPathway } from '../support/gout-pathway';
import { type Installation, startInstallation } from '../support/second-installation';

/** Issue 21 on screen: a nurse at region A refers to region B's service; B's specialist accepts and answers; A's nurse reads it. */
describeBrowser('Referral between two installations on screen (Debian Chromium)', () => {
  let a: Installation;
  let b: Installation;
  let ra: TestRegion;
  let rb: TestRegion;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    const env = { WEB_DIST_DIR: join(ROOT, 'dist/web') };
    [a, b] = await Promise.all([startInstallation(env), startInstallation(env)]);
    ra = await createRegion(a.db, 'WA');
    rb = await createRegion(b.db, 'WB');
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  const signIn = async (i: Installation, username: string) => {
    const page = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`${i.baseUrl}/#/referrals`);
    await page.getByLabel('Användarnamn').fill(username);
    await page.getByLabel('Lösenord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();
    await page.goto(`${i.baseUrl}/#/referrals`);
    return page;
  };

  it("#21.8: a nurse refers on screen, the other installation's specialist accepts and answers, the nurse reads it", async () => {
    const adminA = await login({ http: a.http } as Parameters<typeof login>[0], ra.users.admin.username);
    const adminB = await login({ http: b.http } as Parameters<typeof login>[0], rb.users.admin.username);
    const partner = (i: Installation, token: string, name: string, baseUrl: string) =>
      i.http('POST', '/federation/partners', { token, body: { name, baseUrl } });
    expect((await partner(a, adminA, 'Region WB', b.baseUrl)).status).toBe(201);
    expect((await partner(b, adminB, 'Region WA', a.baseUrl)).status).toBe(201);
    expect((await b.http('POST', '/pathways', { token: adminB, body: goutPathway({ key: 'wb-gout' }) })).status).toBe(201);
    expect((await publishDraft(b, adminB, 'wb-gout')).status).toBe(200);
    const service = await b.http('POST', '/federation/services', {
      token: adminB,
      body: { title: 'Giktmottagningen', specialty: 'rheumatology', pathwayKey: 'wb-gout', turnaroundDays: 21, pricePerReferral: 1200 },
    });
    expect(service.status).toBe(201);
    const nurseToken = await login({ http: a.http } as Parameters<typeof login>[0], ra.users.nurse.username);
    const patient = await createPatient({ http: a.http } as Parameters<typeof createPatient>[0], nurseToken, ra.centres.main, '19600101');

    // A's nurse: the partner's service, the form it asks for, send.
    const nurse = await signIn(a, ra.users.nurse.username);
    const offer = nurse.getByTestId(`offer-${service.body.id}`);
    await offer.getByText('Region WB').waitFor();
    await screenshot(nurse, '70 federation offers');
    await offer.getByRole('button', { name: 'Remittera' }).click();
    const form = nurse.getByTestId('referral-form');
    await form.getByLabel('Personnummer eller samordningsnummer').fill(patient.personnummer);
    await form.getByRole('button', { name: 'Sök' }).click();
    await nurse.locator('[data-question="first_mtp_attack"] input[type=radio]').first().check();
    await nurse.locator('[data-question="attacks_last_year"] input').fill('1');
    await screenshot(nurse, '71 federation referral form');
    await form.getByRole('button', { name: 'Skicka remissen' }).click();
    await form.waitFor({ state: 'detached', timeout: 10_000 }).catch(async (e: unknown) => {
      throw new Error(`the referral was not sent: ${await form.getByRole('alert').allTextContents()} (${String(e)})`);
    });
    const [sent] = (await a.db.query(`SELECT id FROM federation_referral WHERE direction = 'outgoing'`)).rows;
    expect(sent).toBeDefined();
    const status = nurse.getByTestId(`referral-status-${sent.id}`);
    await nurse.getByRole('button', { name: 'Uppdatera' }).first().click();
    await status
      .getByText(/Mottagen|Skickad/)
      .first()
      .waitFor();

    // B's specialist: the referral in the service's queue; accept, then answer.
    const specialist = await signIn(b, rb.users.specialist.username);
    const incoming = specialist.getByTestId(`incoming-${sent.id}`);
    await incoming.getByText('Giktmottagningen').waitFor();
    await incoming.getByText(patient.personnummer.replace('-', '')).first().waitFor();
    await screenshot(specialist, '72 federation incoming');
    await incoming.getByRole('button', { name: 'Acceptera' }).click();
    await incoming.getByLabel('Svar (svar till remittenten)').fill('Giktartrit. Starta allopurinol, urat om 3 månader.');
    await incoming.getByRole('button', { name: 'Svara' }).click();
    await incoming.locator('[data-status="answered"]').waitFor();

    // A's nurse: the answer on the referral, and in the centre's inbox beside the visits' answers, read there.
    for (let i = 0; i < 50; i++) {
      await nurse.getByRole('button', { name: 'Uppdatera' }).first().click();
      if (await nurse.getByTestId(`referral-answer-${sent.id}`).count()) break;
      await nurse.waitForTimeout(200);
    }
    await nurse.getByTestId(`referral-answer-${sent.id}`).getByText('Giktartrit. Starta allopurinol, urat om 3 månader.').waitFor();
    await screenshot(nurse, '73 federation answer');
    await nurse.goto(`${a.baseUrl}/#/`);
    await nurse.getByRole('tab', { name: 'Svar från specialist' }).click();
    const inbox = nurse.getByTestId('referral-answers');
    await inbox.getByText('Giktartrit. Starta allopurinol, urat om 3 månader.').waitFor();
    await screenshot(nurse, '74 federation answer in the inbox');
    await inbox.getByRole('button', { name: 'Markera som läst' }).click();
    await inbox.getByRole('button', { name: 'Markera som läst' }).waitFor({ state: 'detached' });
    const [row] = (await a.db.query('SELECT status, answer_read_by FROM federation_referral WHERE id = $1', [sent.id])).rows;
    expect(row).toEqual({ status: 'answered', answer_read_by: ra.users.nurse.id });
  }, 180_000);
});
