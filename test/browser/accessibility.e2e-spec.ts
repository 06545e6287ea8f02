/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { luhnCheckDigit } from '@app/patients';
import { describeBrowser, planFreeRemoteSession, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

/** axe-core's own build, injected into each page as it is (no wrapper library). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.1 A and AA (what DOS-lagen asks of a region), plus axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface Violation {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe over the page as it is now; returns its serious and critical violations, named by page. */
async function axe(page: Page, name: string): Promise<Violation[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    const w = window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: Array<Record<string, any>> }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n: { target: string[] }) => n.target.join(' ')),
    }));
  }, TAGS);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ page: name, ...v }));
}

/** A signed-in page: exactly one level-one heading. */
async function oneH1(page: Page, name: string): Promise<Violation[]> {
  const n = await page.locator('h1').count();
  return n === 1 ? [] : [{ page: name, id: 'one-h1', impact: 'serious', help: `${n} level-one headings`, targets: [] }];
}

/** Nothing still saying "Hämtar…", a moment after the last change. */
async function settled(page: Page): Promise<void> {
  await page.waitForTimeout(400);
  await page.waitForFunction(() => !document.querySelector('[data-testid=loading], main > p[role=status]'));
}

/** Every tab of the role's page, each checked by axe (and the h1), with a screenshot. */
async function everyTab(page: Page, role: string): Promise<Violation[]> {
  const found: Violation[] = [];
  await page.getByRole('tab').first().waitFor();
  const names = await page.getByRole('tab').allTextContents();
  expect(names.length).toBeGreaterThan(1);
  for (const [i, name] of names.entries()) {
    await page.getByRole('tab', { name, exact: true }).click();
    await settled(page);
    const label = `${role} / ${name}`;
    found.push(...(await axe(page, label)), ...(await oneH1(page, label)));
    await screenshot(page, `50-a11y-${role}-${i}`);
  }
  return found;
}

/** Presses Tab (at most `max` times) until `target` has the focus: it is reachable with the keyboard alone. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
  }
  throw new Error(`not reachable with Tab: ${target}`);
}

describeBrowser('Accessibility: axe-core on every page of every role, and the keyboard alone (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
    // A free remote time at Funäsdalen, so that the nurse's result has times to book.
    const admin = (await t.http('POST', '/auth/login', { body: { username: 'admin', password: 'demo' } })).body.accessToken;
    const [specialist] = (await t.http('GET', '/users', { token: admin })).body.filter((u: { role: string }) => u.role === 'specialist');
    const centre = (await t.http('GET', '/health-centres', { token: admin })).body.find((c: { name: string }) =>
      c.name.startsWith('Funäsdalen'),
    );
    await planFreeRemoteSession(t, admin, { specialistId: specialist.id, healthCentreId: centre.id });
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  const context = (): Promise<BrowserContext> => browser.newContext({ locale: 'sv-SE', viewport: { width: 1366, height: 900 } });

  it('#17.5: the sign-in page has no serious or critical axe violation', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(t.baseUrl);
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    expect([...(await axe(page, 'sign-in')), ...(await oneH1(page, 'sign-in'))]).toEqual([]);
    await ctx.close();
  });

  it('#17.5: the check finds what it should: an unlabelled field and grey-on-grey text are reported', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(t.baseUrl);
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    await page.evaluate(() => {
      const bad = document.createElement('div');
      bad.innerHTML = '<input type="text"><span class="badge" style="background:#ddd;color:#bbb">Rutin</span>';
      document.querySelector('main')!.append(bad);
    });
    const ids = (await axe(page, 'planted')).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['label', 'color-contrast']));
    await ctx.close();
  });

  it.each(['nurse', 'specialist', 'admin'])(
    '#17.5: every tab of the %s has no serious or critical axe violation and one h1',
    async (username) => {
      const ctx = await context();
      const page = await signIn(ctx, t.baseUrl, username);
      await page.setViewportSize({ width: 1366, height: 900 });
      await settled(page);
      const found = await everyTab(page, username);
      // The pages outside the tabs: the password change, and for the nurse the triage form with a patient.
      await page.getByRole('link', { name: 'Byt lösenord' }).click();
      await page.getByLabel('Nuvarande lösenord').waitFor();
      found.push(...(await axe(page, `${username} / password`)), ...(await oneH1(page, `${username} / password`)));
      expect(found).toEqual([]);
      await ctx.close();
    },
  );

  it('#17.5: the triage form, its preview and the result have no serious or critical axe violation', async () => {
    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    const serial = String(100 + Math.floor(Math.random() * 800));
    await page.getByLabel('Personnummer eller samordningsnummer').fill(`19580704-${serial}${luhnCheckDigit(`580704${serial}`)}`);
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByLabel('Namn').fill('Axel Tillgänglig');
    const found = await axe(page, 'nurse / register');
    await page.getByRole('button', { name: 'Registrera patient' }).click();
    await page.locator('[data-question="swollen_joint_count"] input').fill('3');
    await page.getByTestId('preview').waitFor();
    await settled(page);
    found.push(...(await axe(page, 'nurse / triage form')));
    expect(found).toEqual([]);
    await ctx.close();
  });

  it("#17.8: the nurse's case list and an open case with its booking have no serious or critical axe violation", async () => {
    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    await page.getByRole('tab', { name: 'Hälsocentralens ärenden' }).click();
    await page.getByTestId('case-list').waitFor();
    await settled(page);
    const found = await axe(page, 'nurse / cases');
    await page.getByTestId('case-list').getByRole('link').first().click();
    await page.getByTestId('case-detail').getByTestId('booking-panel').waitFor();
    await settled(page);
    found.push(...(await axe(page, 'nurse / case')), ...(await oneH1(page, 'nurse / case')));
    expect(found).toEqual([]);
    await ctx.close();
  });

  it('#17.5: tabs are ARIA tabs: one tab stop, arrow keys, Home and End select, the panel is labelled by its tab', async () => {
    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    const tabs = page.getByRole('tab');
    await tabs.first().waitFor();
    expect(await tabs.count()).toBe(4);
    expect(await page.locator('[role=tab][tabindex="0"]').count()).toBe(1);
    await page.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { selected: true }).textContent()).resolves.toBe('Hälsocentralens ärenden');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hälsocentralens ärenden');
    await page.keyboard.press('End');
    await expect(page.getByRole('tab', { selected: true }).textContent()).resolves.toMatch(/^Konsultationssvar från specialist/);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { selected: true }).textContent()).resolves.toBe('Triage');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('tab', { selected: true }).textContent()).resolves.toMatch(/^Konsultationssvar från specialist/);
    const panel = page.getByRole('tabpanel', { name: 'Konsultationssvar från specialist' });
    await panel.getByTestId('inbox').waitFor();
    expect(await page.getByRole('tab', { selected: true }).getAttribute('aria-controls')).toBe(await panel.getAttribute('id'));
    await ctx.close();
  });

  it('#17.5: a required answer is announced as required, and its help text once, as the description', async () => {
    const ctx = await context();
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    const serial = String(100 + Math.floor(Math.random() * 800));
    await page.getByLabel('Personnummer eller samordningsnummer').fill(`19700101-${serial}${luhnCheckDigit(`700101${serial}`)}`);
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByLabel('Namn').fill('Hjälp Texten');
    await page.getByRole('button', { name: 'Registrera patient' }).click();
    const field = page.locator('[data-question="swollen_joint_count"] input');
    await field.waitFor();
    // What a screen reader reads: the accessible name and description Chromium computes.
    const cdp = await ctx.newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const id = await field.getAttribute('id');
    const described = await field.getAttribute('aria-describedby');
    const help = described ? await page.locator(`[id="${described.split(' ')[0]}"]`).textContent() : null;
    const node = nodes.find((n) => n.name && String(n.name.value).startsWith('Antal svullna leder'));
    expect(node).toBeDefined();
    expect(String(node!.name!.value)).toContain('obligatorisk');
    expect(await field.getAttribute('aria-required')).toBe('true');
    if (help) {
      expect(String(node!.name!.value)).not.toContain(help.trim());
      expect(String(node!.description?.value ?? '')).toContain(help.trim());
    }
    expect(id).toBe('q-swollen_joint_count');
    await ctx.close();
  });

  it("#17.5: the nurse's whole story with the keyboard alone: sign in, find, register, fill in, send, book", async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(t.baseUrl);
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    const key = (k: string) => page.keyboard.press(k);
    const type = (s: string) => page.keyboard.type(s);

    await tabTo(page, page.getByLabel('Användarnamn'));
    await type('nurse');
    await key('Tab');
    await type('demo');
    await key('Enter');
    const pnr = page.getByLabel('Personnummer eller samordningsnummer');
    await pnr.waitFor();
    // Find: a new patient, so the search says so and offers to register her.
    const serial = String(100 + Math.floor(Math.random() * 800));
    await tabTo(page, pnr);
    await type(`19610315-${serial}${luhnCheckDigit(`610315${serial}`)}`);
    await key('Enter');
    const name = page.getByLabel('Namn');
    await name.waitFor();
    await tabTo(page, name);
    await type('Karin Tangentbord');
    await key('Enter');

    // The form: numbers typed, yes/no with Space (yes) or an arrow key (no).
    const q = (id: string) => page.locator(`[data-question="${id}"]`);
    await q('symptom_duration_weeks').waitFor();
    const number = async (id: string, value: string) => {
      await tabTo(page, q(id).locator('input'));
      await type(value);
    };
    const yesNo = async (id: string, yes: boolean) => {
      await tabTo(page, q(id).locator('input[type=radio]').first());
      await key(yes ? 'Space' : 'ArrowRight');
      await expect(
        q(id)
          .locator('input[type=radio]')
          .nth(yes ? 0 : 1)
          .isChecked(),
      ).resolves.toBe(true);
    };
    await number('symptom_duration_weeks', '8');
    await number('swollen_joint_count', '3');
    await yesNo('small_joint_swelling', true);
    await yesNo('squeeze_test_positive', true);
    await number('morning_stiffness_minutes', '45');
    for (const id of [
      'fever',
      'acute_hot_swollen_joint',
      'immunosuppressed_or_prosthetic_joint',
      'systemic_features',
      'inflammatory_back_pain',
      'psoriasis_or_ibd',
    ]) {
      await yesNo(id, false);
    }
    await yesNo('temporal_symptoms', false);
    await yesNo('girdle_pain_stiffness', false);
    await page.getByTestId('preview').getByText('Tidig artrit').waitFor();

    // Send, then book the first free time.
    const send = page.getByRole('button', { name: 'Skicka triage' });
    await expect(send.isEnabled()).resolves.toBe(true);
    await tabTo(page, send);
    await key('Enter');
    const result = page.getByTestId('triage-result');
    await result.getByText('Tidig artrit').waitFor();
    const book = result.getByRole('button', { name: /^Boka/ }).first();
    await book.waitFor();
    await tabTo(page, book);
    await key('Enter');
    await result.getByText('Bokad tid').waitFor();
    await screenshot(page, '51-a11y-keyboard-booked');
    await ctx.close();
  }, 90_000);

  it('#17.5: the case opened from the queue, the confirmations and the proposal have no serious or critical axe violation', async () => {
    // A booked time in the demo rheumatologist's calendar, so that its actions can be opened.
    const nurse = (await t.http('POST', '/auth/login', { body: { username: 'nurse', password: 'demo' } })).body.accessToken;
    const centre = (await t.http('GET', '/auth/me', { token: nurse })).body.healthCentreId;
    const answers = {
      age_years: 45,
      symptom_duration_weeks: 8,
      swollen_joint_count: 3,
      small_joint_swelling: true,
      squeeze_test_positive: true,
      morning_stiffness_minutes: 45,
      fever: false,
      acute_hot_swollen_joint: false,
      immunosuppressed_or_prosthetic_joint: false,
      systemic_features: false,
      inflammatory_back_pain: false,
      psoriasis_or_ibd: false,
    };
    // Two waiting, one of them then booked.
    const caseIds: string[] = [];
    for (const name of ['Axel Åtgärd', 'Vera Väntar']) {
      const serial = String(100 + Math.floor(Math.random() * 800));
      const patient = await t.http('POST', '/patients', {
        token: nurse,
        body: { personnummer: `19480808-${serial}${luhnCheckDigit(`480808${serial}`)}`, name, healthCentreId: centre },
      });
      const sent = await t.http('POST', '/triage-cases', {
        token: nurse,
        headers: { 'idempotency-key': `a11y-actions-${serial}-${name}` },
        body: { patientId: patient.body.id, pathwayKey: 'joint-complaints', answers },
      });
      expect([sent.status, sent.body.message]).toEqual([201, undefined]);
      caseIds.push(sent.body.id);
    }
    const free = (await t.http('GET', `/slots?healthCentreId=${centre}&free=true&from=${new Date().toISOString()}`, { token: nurse })).body;
    const doctorToken = (await t.http('POST', '/auth/login', { body: { username: 'specialist', password: 'demo' } })).body.accessToken;
    const doctorId = (await t.http('GET', '/auth/me', { token: doctorToken })).body.id;
    const slot = free.find((s: { specialist: { id: string } }) => s.specialist.id === doctorId);
    expect((await t.http('POST', '/bookings', { token: nurse, body: { caseId: caseIds[0], slotId: slot.id } })).status).toBe(201);

    const ctx = await context();
    const doctor = await signIn(ctx, t.baseUrl, 'specialist');
    await doctor.setViewportSize({ width: 1366, height: 900 });
    await doctor.getByTestId('open-case').first().click();
    await doctor.getByTestId('case-answers').waitFor();
    await settled(doctor);
    const found = [...(await axe(doctor, 'specialist / case')), ...(await oneH1(doctor, 'specialist / case'))];
    await doctor.getByRole('tab', { name: 'Mottagningar' }).click();
    const row = doctor.locator('tr', { hasText: 'Axel Åtgärd' });
    await row.getByTestId('reschedule').click();
    await row.getByTestId('cancel-booking').click();
    await doctor.getByTestId('cancel-session').first().click();
    await settled(doctor);
    found.push(...(await axe(doctor, 'specialist / confirmations')));
    await screenshot(doctor, '52-a11y-specialist-confirmations');

    const adminCtx = await context();
    const admin = await signIn(adminCtx, t.baseUrl, 'admin');
    await admin.setViewportSize({ width: 1366, height: 900 });
    await admin.getByRole('tab', { name: 'Hälsocentraler och användare' }).click();
    await admin.getByTestId('deactivate').first().click();
    await settled(admin);
    found.push(...(await axe(admin, 'admin / deactivate')));
    await admin.getByRole('tab', { name: 'Mottagningar' }).click();
    await admin.getByTestId('auto-schedule').getByRole('button', { name: 'Förslag' }).click();
    await admin.getByTestId('auto-summary').waitFor();
    await settled(admin);
    found.push(...(await axe(admin, 'admin / proposal')));
    await screenshot(admin, '53-a11y-admin-proposal');
    expect(found).toEqual([]);
    await ctx.close();
    await adminCtx.close();
  }, 90_000);
});
