/// <reference lib="dom" />
import { type Browser } from 'playwright-core';
import { describeBrowser, screenshot, startDemoInBrowser, stopDemoInBrowser, signIn } from '../support/browser';
import { JOINT } from '../support/joint-answers';
import type { TestApp } from '../support/test-app';

describeBrowser('The pathway editor: templates are copied, drafts are saved with If-Match (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  it("#15.1, #15.12: the shipped pathway is read-only and copied; a save over another's change says so, overwriting nothing", async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const admin = await signIn(context, t.baseUrl, 'admin');
    await admin.getByRole('row').filter({ hasText: JOINT }).getByRole('button', { name: 'Redigera utkast' }).click();
    await admin.getByTestId('read-only').getByText('levereras med produkten').waitFor();
    expect(await admin.getByTestId('publish').count()).toBe(0);
    await admin.getByLabel('Nyckel för kopian').fill('ledbesvar-jh');
    await screenshot(admin, '20-admin-template-read-only');
    await admin.getByTestId('copy').click();
    await admin.locator('#editor-title').getByText('ledbesvar-jh').waitFor();
    await admin.getByRole('button', { name: 'Spara utkast' }).waitFor();

    // Issue 20: the form's parts start closed, each a button saying whether it is expanded and a summary line;
    // the keyboard opens and closes them. The page's height is printed closed and with every part open.
    const sections = admin.locator('[data-section]');
    const names = await sections.evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(names).toEqual(['questions', 'rules', 'categories', 'score', 'ranking', 'answerPlans', 'testCases']);
    expect(await admin.locator('[data-section] button[aria-expanded="true"]').count()).toBe(0);
    await admin
      .getByTestId('summary-rules')
      .getByText(/^\d+ regler$/)
      .waitFor();
    await admin
      .getByTestId('summary-testCases')
      .getByText(/^(\d+) av \1 testfall godkända$/)
      .waitFor();
    const height = () => admin.evaluate(() => document.documentElement.scrollHeight);
    const closed = await height();
    const rules = admin.locator('[data-section="rules"] button[aria-expanded]');
    await rules.focus();
    await admin.keyboard.press('Enter');
    expect(await rules.getAttribute('aria-expanded')).toBe('true');
    await admin.locator('[data-section="rules"] fieldset[data-rule]').first().waitFor();
    await admin.keyboard.press('Space');
    expect(await rules.getAttribute('aria-expanded')).toBe('false');
    expect(await admin.locator('[data-section="rules"] fieldset[data-rule]').count()).toBe(0);
    const toggle = (name: string | null) => admin.locator(`[data-section="${name}"] button[aria-expanded]`).click();
    for (const name of names) await toggle(name);
    expect(await admin.locator('[data-section] button[aria-expanded="false"]').count()).toBe(0);
    const open = await height();
    console.log(`Pathway editor page height (viewport 900 px): ${closed} px with its parts closed, ${open} px with all open`);
    expect(closed).toBeLessThan(open);
    // Deterministic for the demo data and this viewport (2 127 px when written; 39 067 px with every part open).
    expect(closed).toBeLessThan(4 * 900);
    for (const name of names) await toggle(name);

    // A category's urgency level and the answer plans, as forms too (the JSON beside follows).
    const json = () => admin.getByLabel('Definition (JSON)').inputValue();
    await toggle('categories');
    const urgency = admin.getByLabel('early_arthritis: Brådskandegrad');
    expect(await urgency.locator('option:checked').textContent()).toBe('Snart');
    await urgency.selectOption('urgent');
    expect(JSON.parse(await json()).categories.find((c: { key: string }) => c.key === 'early_arthritis').urgency).toBe('urgent');
    await toggle('answerPlans');
    const plans = admin.getByTestId('answer-plans');
    if ((await plans.getByRole('button', { name: 'Anpassa svarsplanerna' }).count()) > 0) {
      await plans.getByRole('button', { name: 'Anpassa svarsplanerna' }).click();
    }
    await plans.getByRole('button', { name: 'Lägg till svarsplan' }).click();
    const plan = plans.locator('tr[data-answer-plan]').last();
    await plan.getByLabel('Planens nyckel').fill('physiotherapy');
    await plan.getByLabel('Namn (svenska)').fill('Fysioterapi på hälsocentralen');
    await plan.getByLabel('Namn (engelska)').fill('Physiotherapy at the health centre');
    expect(JSON.parse(await json()).answerPlans.at(-1)).toEqual({
      key: 'physiotherapy',
      label: { sv: 'Fysioterapi på hälsocentralen', en: 'Physiotherapy at the health centre' },
    });
    await screenshot(admin, '20b-admin-urgency-and-answer-plans');
    await toggle('categories');
    await toggle('answerPlans');

    // Someone else (another session) saves the draft meanwhile.
    const other = (await t.http('POST', '/auth/login', { body: { username: 'admin', password: 'demo' } })).body.accessToken as string;
    const draft = await t.http('GET', '/pathways/ledbesvar-jh/draft', { token: other });
    const { version: _v, status: _s, updatedAt: _u, revision: _r, ...definition } = draft.body;
    const theirs = { ...definition, title: { sv: 'Ledbesvär (deras)', en: 'Joint complaints (theirs)' } };
    const etag = draft.headers.get('etag')!;
    const saved = await t.http('PUT', '/pathways/ledbesvar-jh/draft', { token: other, body: theirs, headers: { 'if-match': etag } });
    expect(saved.status).toBe(200);

    const mine = { ...definition, title: { sv: 'Ledbesvär (mina)', en: 'Joint complaints (mine)' } };
    await admin.getByLabel('Definition (JSON)').fill(JSON.stringify(mine, null, 2));
    await admin.getByRole('button', { name: 'Spara utkast' }).click();
    await admin.getByTestId('draft-changed').getByText('Utkastet har ändrats av någon annan').waitFor();
    await screenshot(admin, '21-admin-draft-changed');
    // Publishing from the stale text is refused the same way, and nothing was overwritten or published.
    await admin.getByTestId('publish').click();
    await admin.getByTestId('confirm-publish').click();
    await admin.getByTestId('draft-changed').waitFor();
    const stored = await t.http('GET', '/pathways/ledbesvar-jh/draft', { token: other });
    expect(stored.body).toMatchObject({ title: theirs.title, revision: saved.body.revision });
    const versions = await t.http('GET', '/pathways/ledbesvar-jh/versions', { token: other });
    expect(versions.body.map((v: { status: string }) => v.status)).toEqual(['draft']);

    // Reloaded, the editor holds their change; publishing it names that revision and lists the new version.
    await admin.getByRole('button', { name: 'Ladda om utkastet' }).click();
    await admin.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('#definition')?.value.includes('Ledbesvär (deras)'));
    // Issue 20: Jämtland's rheumatologist signs off the draft first (her screen: test/browser/pathway-signoff).
    await admin.getByTestId('submit-review').click();
    await admin.getByTestId('review').getByText('Väntar på granskning').waitFor();
    const reviewer = (await t.http('POST', '/auth/login', { body: { username: 'specialist', password: 'demo' } })).body
      .accessToken as string;
    expect((await t.http('POST', '/pathways/ledbesvar-jh/draft/approve', { token: reviewer, body: {} })).status).toBe(200);
    await admin.getByTestId('publish').click();
    await admin.getByTestId('confirm-publish').click();
    await admin.getByText('Publicerad som version 1').waitFor();
    await admin.getByTestId('versions').getByText('v1 (Publicerad)').waitFor();
    await context.close();
  }, 120_000);
});
