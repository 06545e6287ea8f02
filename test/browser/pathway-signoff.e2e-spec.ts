/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { Browser, Locator, Page } from 'playwright-core';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import { createPatient } from '../support/factories';
import { JOINT, jointAnswers } from '../support/joint-answers';
import type { TestApp } from '../support/test-app';

const KEY = 'ledbesvar-gikt';
const ROUTINE = 'Rutin (vårdgaranti)';

/** Answers a row of the test-case table question by question, through its inputs. */
async function answerRow(row: Locator, answers: Record<string, unknown>) {
  for (const [question, value] of Object.entries(answers)) {
    const cell = row.locator(`td[data-answer="${question}"]`);
    if ((await cell.locator('select').count()) > 0) await cell.locator('select').selectOption(String(value));
    else await cell.locator('input').fill(String(value));
  }
}

describeBrowser('Issue 20: a pathway changed without touching the JSON, signed off by a reviewer, triaged on (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  const token = async (username: string) => (await t.http('POST', '/auth/login', { body: { username, password: 'demo' } })).body.accessToken as string;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  it('#20.5: copy, change a threshold and a reason, add a question, a rule and two test cases, see the changes and the impact in words, submit, approve, publish, triage', async () => {
    const adminContext = await browser.newContext({ locale: 'sv-SE' });
    const admin = await signIn(adminContext, t.baseUrl, 'admin');
    await admin.setViewportSize({ width: 1600, height: 1000 });
    // The form's parts (questions, rules, test cases …) open when asked for, or by themselves when they hold a problem.
    const openSection = async (name: string) => {
      const section = admin.locator(`details[data-section="${name}"]`);
      if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
      return section;
    };
    const openEditor = async (key: string) => {
      await admin.getByRole('row').filter({ hasText: key }).first().getByRole('button', { name: 'Redigera utkast' }).click();
      await admin.locator('#editor-title').getByText(key, { exact: true }).waitFor();
    };

    // 1. Copy the shipped joint-complaints pathway as the region's own.
    await openEditor(JOINT);
    await admin.getByLabel('Nyckel för kopian').fill(KEY);
    await admin.getByTestId('copy').click();
    await admin.locator('#editor-title').getByText(KEY).waitFor();
    await admin.getByTestId('structured-editor').waitFor();
    await screenshot(admin, '40-signoff-copied');

    // The copy as the region took it into use (version 1): signed off, live at Funäsdalen, its nurse trained;
    // two patients triaged on it with 40 minutes of morning stiffness (early arthritis under the 30-minute rule).
    const adminToken = await token('admin');
    const reviewerToken = await token('specialist');
    const nurseToken = await token('nurse');
    expect((await t.http('POST', `/pathways/${KEY}/draft/submit`, { token: adminToken, body: { comment: 'Kopia av ledbesvär' } })).status).toBe(200);
    expect((await t.http('POST', `/pathways/${KEY}/draft/approve`, { token: reviewerToken, body: {} })).status).toBe(200);
    const v1 = (await t.http('GET', `/pathways/${KEY}/draft`, { token: adminToken })).body.revision;
    expect((await t.http('POST', `/pathways/${KEY}/publish`, { token: adminToken, body: { revision: v1 } })).body.version).toBe(1);
    const me = (await t.http('GET', '/auth/me', { token: nurseToken })).body;
    expect((await t.http('PUT', `/pathways/${KEY}/rollouts/${me.healthCentreId}`, { token: adminToken, body: { state: 'live' } })).status).toBe(200);
    expect((await t.http('POST', `/pathways/${KEY}/training-records`, { token: adminToken, body: { userId: me.id } })).status).toBe(201);
    const stiff = jointAnswers({ swollen_joint_count: 1, morning_stiffness_minutes: 40 });
    const triage = async (born: string) => {
      const p = await createPatient(t, nurseToken, me.healthCentreId, born);
      return t.http('POST', '/triage-cases', { token: nurseToken, headers: { 'idempotency-key': randomUUID() }, body: { patientId: p.id, pathwayKey: KEY, answers: stiff } });
    };
    for (const born of ['19600101', '19610202']) expect((await triage(born)).body).toMatchObject({ pathwayVersion: 1, category: 'early_arthritis' });

    // 2. In the form, never the JSON: the morning-stiffness threshold from 30 to 45 minutes, and the reason.
    await admin.reload();
    await openEditor(KEY);
    await openSection('rules');
    const rule = admin.locator('[data-rule="inflammatory_arthritis"]');
    const stiffness = rule.locator('[data-condition="compare"]').filter({ has: admin.locator('option:checked', { hasText: 'Morgonstelhet' }) });
    await stiffness.getByRole('spinbutton').fill('45');
    await rule.getByLabel('Motivering (svenska)').fill('Svullen led och minst ett av: ≥ 3 svullna leder, positivt kompressionstest, morgonstelhet ≥ 45 minuter.');
    await rule.getByLabel('Motivering (engelska)').fill('Swollen joint and at least one of: ≥ 3 swollen joints, positive squeeze test, morning stiffness ≥ 45 minutes.');
    await screenshot(admin, '41-signoff-threshold-and-reason');

    // 3. A new question, and a rule that uses it.
    await openSection('questions');
    await admin.getByRole('button', { name: 'Lägg till fråga' }).click();
    const question = admin.locator('fieldset[data-question]').last();
    await question.getByLabel('Id (a–z, 0–9, _)').fill('known_gout');
    await question.getByLabel('Frågetext (svenska)').fill('Känd gikt');
    await question.getByLabel('Frågetext (engelska)').fill('Known gout');
    await question.getByLabel('Obligatorisk').uncheck();
    await admin.getByRole('button', { name: 'Lägg till regel' }).click();
    const newRule = admin.locator('fieldset[data-rule]').last();
    await newRule.getByLabel('Regelns id').fill('known_gout');
    await newRule.getByLabel('Leder till').selectOption({ label: ROUTINE });
    const condition = newRule.locator('[data-condition="compare"]').first();
    await condition.locator('select').nth(1).selectOption({ label: 'Känd gikt' });
    await newRule.getByLabel('Motivering (svenska)').fill('Känd gikt: reumatologbedömning inom vårdgarantin.');
    await newRule.getByLabel('Motivering (engelska)').fill('Known gout: rheumatologist assessment within the care guarantee.');
    await screenshot(admin, '42-signoff-question-and-rule');

    // 4. Two test cases in the table, run live; the shipped case at 30 minutes now expects routine, as intended.
    await openSection('testCases');
    const cases = admin.getByTestId('test-cases');
    const thirty = cases.locator('tr[data-test-case^="1 svullen led och morgonstelhet 30 minuter"]');
    await thirty.locator('select[aria-label$="Förväntad kategori"]').selectOption({ label: ROUTINE });
    await admin.getByRole('button', { name: 'Lägg till testfall' }).click();
    await admin.getByRole('button', { name: 'Lägg till testfall' }).click();
    const rows = cases.locator('tbody tr');
    const first = rows.nth((await rows.count()) - 2);
    const second = rows.last();
    await first.locator('td').first().locator('input').fill('Morgonstelhet 40 minuter: rutin');
    await answerRow(first, stiff);
    await first.locator('select[aria-label$="Förväntad kategori"]').selectOption({ label: ROUTINE });
    await second.locator('td').first().locator('input').fill('Känd gikt: rutin');
    await answerRow(second, jointAnswers({ known_gout: true }));
    await second.locator('select[aria-label$="Förväntad kategori"]').selectOption({ label: ROUTINE });
    for (const row of [first, second, thirty]) await row.getByTestId('test-result').getByText('Godkänt').waitFor();
    expect(await cases.getByTestId('test-result').getByText('Underkänt').count()).toBe(0);
    await screenshot(admin, '43-signoff-test-cases-live');

    // 5. Saved: the changes and the impact in words, and the cases behind the number.
    await admin.getByRole('button', { name: 'Spara utkast' }).click();
    await admin.getByRole('status').getByText('Sparat.').waitFor();
    const changes = admin.getByTestId('changes');
    await changes.getByText('Morgonstelhet (minuter): gränsen ändrad från 30 till 45; regeln «Tidig artrit»', { exact: false }).waitFor();
    await changes.getByText('Ny fråga «Känd gikt» (ja/nej)').waitFor();
    await changes.getByText('Ny regel «Rutin (vårdgaranti)» (Känd gikt: reumatologbedömning', { exact: false }).waitFor();
    await changes.getByText('2 testfall tillagda', { exact: false }).waitFor();
    await admin.getByTestId('impact').click();
    const impact = admin.getByTestId('impact-words');
    await impact.getByText('2 av 2 ärenden flyttas från Tidig artrit till Rutin (vårdgaranti)').waitFor();
    await impact.getByRole('button', { name: 'Visa ärendena' }).click();
    await impact.getByTestId('impact-cases').locator('tbody tr').nth(1).waitFor();
    expect(await impact.getByTestId('impact-cases').locator('tbody tr').count()).toBe(2);
    await screenshot(admin, '44-signoff-changes-and-impact');

    // 6. Submitted for review with a comment; the author herself cannot approve (the server says 403).
    await admin.getByLabel('Kommentar').fill('Morgonstelhet 45 minuter enligt regionens riktlinje; känd gikt till rutin.');
    await admin.getByTestId('submit-review').click();
    await admin.getByTestId('review').getByText('Väntar på granskning').waitFor();
    expect((await t.http('POST', `/pathways/${KEY}/draft/approve`, { token: adminToken, body: {} })).status).toBe(403);
    await screenshot(admin, '45-signoff-submitted');

    // 7. The rheumatologist reviews: the changes, the test results and the impact, then approves.
    const reviewerContext = await browser.newContext({ locale: 'sv-SE' });
    const reviewer = await signIn(reviewerContext, t.baseUrl, 'specialist');
    await reviewer.getByRole('tab', { name: 'Flöden att granska' }).click();
    const queue = reviewer.getByTestId('review-queue');
    await queue.getByRole('button', { name: 'Ledbesvär' }).click();
    await queue.getByTestId('changes').getByText('gränsen ändrad från 30 till 45', { exact: false }).waitFor();
    await queue.getByTestId('review-tests').waitFor();
    await queue.getByText('2 av 2 ärenden flyttas från Tidig artrit till Rutin (vårdgaranti)').waitFor();
    await screenshot(reviewer, '46-signoff-reviewer-sees-changes');
    await queue.getByTestId('approve').click();
    await queue.getByText('Inget väntar på granskning.').waitFor();
    await screenshot(reviewer, '47-signoff-approved');

    // 8. The administrator publishes the approved version, confirming; the version records both names.
    await admin.reload();
    await openEditor(KEY);
    await admin.getByTestId('review').getByText('Godkänt').waitFor();
    await admin.getByTestId('publish').click();
    await admin.getByTestId('confirm-publish').click();
    await admin.getByText('Publicerad som version 2').waitFor();
    await admin.getByTestId('versions').getByText('v2 (Publicerad)').waitFor();
    const versions = (await t.http('GET', `/pathways/${KEY}/versions`, { token: adminToken })).body;
    expect(versions[0]).toMatchObject({ version: 2, status: 'published', submittedBy: { name: expect.any(String) }, reviewedBy: { name: expect.any(String) } });
    expect(versions[0].submittedBy.userId).not.toBe(versions[0].reviewedBy.userId);
    await screenshot(admin, '48-signoff-published');

    // 9. The nurse at Funäsdalen, where the pathway is live, triages on the new version.
    const after = await triage('19620303');
    expect(after.body).toMatchObject({ pathwayVersion: 2, category: 'routine' });
    const nurseContext = await browser.newContext({ locale: 'sv-SE' });
    const nurse: Page = await signIn(nurseContext, t.baseUrl, 'nurse');
    await screenshot(nurse, '49-signoff-nurse');
    await Promise.all([adminContext.close(), reviewerContext.close(), nurseContext.close()]);
  }, 240_000);
});
