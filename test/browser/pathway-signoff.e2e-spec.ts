/// <reference lib="dom" />
import { type Browser, type Locator, type Page } from 'playwright-core';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import { personnummer } from '../support/factories';
import { JOINT, jointAnswers } from '../support/joint-answers';
import type { TestApp } from '../support/test-app';

const KEY = 'ledbesvar-gikt';
const ROUTINE = 'Rutin (vårdgaranti)';
const EARLY = 'Tidig artrit';

type Answers = Record<string, unknown>;
interface Definition {
  questions: Array<{ id: string; type: string }>;
  testCases: Array<{ name: string; answers: Answers }>;
}

/** Answers a row of the test-case table question by question, through its inputs. */
async function answerRow(row: Locator, answers: Answers) {
  for (const [question, value] of Object.entries(answers)) {
    const cell = row.locator(`td[data-answer="${question}"]`);
    if ((await cell.locator('select').count()) > 0) await cell.locator('select').selectOption(String(value));
    else await cell.locator('input').fill(String(value));
  }
}

/**
 * Fills a triage form (the nurse's, or the training's) as a nurse does: question by question in the form's
 * order, each input as its type asks (yes/no radios, a choice's list, a number), waiting for a question that
 * an earlier answer shows. `skip`: questions the form fills in itself (the age from the personnummer).
 */
async function fillForm(form: Locator, definition: Definition, answers: Answers, skip: string[] = []) {
  for (const q of definition.questions) {
    const value = answers[q.id];
    if (value === undefined || skip.includes(q.id)) continue;
    const field = form.locator(`[data-question="${q.id}"]`).first();
    await field.waitFor();
    if (q.type === 'boolean')
      await field
        .locator('input[type=radio]')
        .nth(value ? 0 : 1)
        .check();
    else if (q.type === 'choice') await field.locator('select').selectOption(String(value));
    else if (q.type === 'text') await field.locator('textarea').fill(String(value));
    else await field.locator('input').fill(String(value));
  }
}

describeBrowser('Issue 20: a pathway changed without touching the JSON, signed off by a reviewer, triaged on (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  const token = async (username: string) =>
    (await t.http('POST', '/auth/login', { body: { username, password: 'demo' } })).body.accessToken as string;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  // Copy, sign off and roll out on screen; change a threshold and a reason, add a question, a rule and two test cases; see the
  // changes and the impact in words; submit, approve, publish; the nurse, trained on screen, triages on the new version.
  it('#20.5: an administrator who never touches the JSON changes a pathway, a reviewer signs it off, a nurse triages on it', async () => {
    const adminContext = await browser.newContext({ locale: 'sv-SE' });
    const admin = await signIn(adminContext, t.baseUrl, 'admin');
    await admin.setViewportSize({ width: 1600, height: 1000 });
    const reviewerContext = await browser.newContext({ locale: 'sv-SE' });
    const reviewer = await signIn(reviewerContext, t.baseUrl, 'specialist');
    const nurseContext = await browser.newContext({ locale: 'sv-SE' });
    const nurse: Page = await signIn(nurseContext, t.baseUrl, 'nurse');
    // The form's parts (questions, rules, test cases …) are closed at first; each opens with its button.
    const openSection = async (name: string) => {
      const section = admin.locator(`[data-section="${name}"]`);
      const toggle = section.getByRole('button', { expanded: false });
      if ((await toggle.count()) > 0) await toggle.first().click();
      await section.getByRole('button', { expanded: true }).first().waitFor();
      return section;
    };
    const openEditor = async (key: string) => {
      await admin.getByRole('row').filter({ hasText: key }).first().getByRole('button', { name: 'Redigera utkast' }).click();
      await admin.locator('#editor-title').getByText(key, { exact: true }).waitFor();
    };
    /** The reviewer's list: she opens the draft, reads the changes and the tests, and approves it. */
    const approveOnScreen = async (shot: string, expectChange?: string) => {
      await reviewer.reload();
      await reviewer.getByRole('tab', { name: 'Flöden att granska' }).click();
      const queue = reviewer.getByTestId('review-queue');
      await queue.getByRole('button', { name: 'Ledbesvär' }).click();
      await queue.getByTestId('review-tests').waitFor();
      if (expectChange) await queue.getByTestId('changes').getByText(expectChange, { exact: false }).waitFor();
      await screenshot(reviewer, shot);
      await queue.getByTestId('approve').click();
      await queue.getByText('Inget väntar på granskning.').waitFor();
    };
    /** The administrator publishes the approved draft from the editor, confirming it. */
    const publishOnScreen = async (version: number) => {
      await admin.reload();
      await openEditor(KEY);
      await admin.getByTestId('review').getByText('Godkänt').waitFor();
      await admin.getByTestId('publish').click();
      await admin.getByTestId('confirm-publish').click();
      await admin.getByText(`Publicerad som version ${version}`).waitFor();
      await admin.getByTestId('versions').getByText(`v${version} (Publicerad)`).waitFor();
    };

    // 1. Copy the shipped joint-complaints pathway as the region's own. Its parts are closed, each with a summary line.
    await openEditor(JOINT);
    await admin.getByLabel('Nyckel för kopian').fill(KEY);
    await admin.getByTestId('copy').click();
    await admin.locator('#editor-title').getByText(KEY).waitFor();
    await admin.getByTestId('structured-editor').waitFor();
    await admin.getByTestId('summary-questions').getByText('20 frågor', { exact: false }).waitFor();
    await screenshot(admin, 'signoff-01-copied');

    // 2. Version 1 is signed off on screen: the author submits it, the rheumatologist approves it, the author publishes it.
    await admin.getByLabel('Kommentar').fill('Kopia av ledbesvär för regionen.');
    await admin.getByTestId('submit-review').click();
    await admin.getByTestId('review').getByText('Väntar på granskning').waitFor();
    await screenshot(admin, 'signoff-02-copy-submitted');
    await approveOnScreen('signoff-03-copy-reviewed');
    await publishOnScreen(1);
    await screenshot(admin, 'signoff-04-copy-published');

    // 3. On the rollout board the administrator sets it live at Funäsdalen.
    await admin.getByRole('link', { name: 'Införande per hälsocentral' }).click();
    await admin.getByLabel('Flöde').selectOption(KEY);
    await admin.getByLabel('Läge: Funäsdalen hälsocentral').selectOption('live');
    await admin
      .getByTestId('rollout-row')
      .filter({ hasText: 'Funäsdalen' })
      .getByText(/^\d{4}-\d{2}-\d{2}$/)
      .waitFor();
    await screenshot(admin, 'signoff-05-live-at-funasdalen');
    await admin.getByRole('link', { name: 'Tillbaka till startsidan' }).click();

    // 4. The nurse at Funäsdalen trains on it: every vignette answered in the training's form, handed in, passed.
    const nurseToken = await token('nurse');
    const v1: Definition = (await t.http('GET', `/pathways/${KEY}`, { token: nurseToken })).body;
    const stiff = jointAnswers({ swollen_joint_count: 1, morning_stiffness_minutes: 40 });
    const findPatient = async (pnr: string, name?: string) => {
      await nurse.getByLabel('Personnummer eller samordningsnummer').fill(pnr);
      await nurse.getByRole('button', { name: 'Sök' }).click();
      if (name) {
        await nurse.getByLabel('Namn').fill(name);
        await nurse.getByRole('button', { name: 'Registrera patient' }).click();
      }
      await nurse.getByLabel('Flöde').waitFor();
      await nurse.getByLabel('Flöde').selectOption(KEY);
    };
    // Born 1981: 45 years old, as the answers say (the age comes from the personnummer).
    const patients = [personnummer('19810202'), personnummer('19810303'), personnummer('19810404')];
    await nurse.reload();
    await findPatient(patients[0]!, 'Ada Ledsson');
    await nurse.getByTestId('pathway-status').getByRole('link', { name: 'Till utbildningen' }).click();
    const training = nurse.getByTestId('training');
    for (const [i, testCase] of v1.testCases.entries()) {
      await training.getByRole('heading', { name: testCase.name, exact: true }).waitFor();
      await fillForm(training, v1, testCase.answers);
      if (i === 0) {
        await training.getByRole('button', { name: 'Rätta' }).click();
        await training.getByTestId('vignette-feedback').getByText('Rätt', { exact: false }).waitFor();
        await screenshot(nurse, 'signoff-06-nurse-training');
      }
      if (i + 1 < v1.testCases.length) await training.getByRole('button', { name: 'Nästa' }).click();
    }
    await training.getByRole('button', { name: 'Lämna in alla' }).click();
    await training
      .getByTestId('training-result')
      .getByText('Godkänd: du är registrerad som utbildad i flödet.', { exact: false })
      .waitFor();
    await screenshot(nurse, 'signoff-07-nurse-trained');
    await training.getByRole('link', { name: 'Tillbaka till startsidan' }).click();
    // Her form from before the training is kept (the patient and her age); she starts a new triage.
    await nurse.getByTestId('patient-card').getByRole('button', { name: 'Ny triage' }).click();

    // 5. Two patients triaged on version 1 with 40 minutes of morning stiffness: early arthritis under the 30-minute rule.
    const triageOnScreen = async (pnr: string, name: string | undefined, category: string, shot: string) => {
      await findPatient(pnr, name);
      await fillForm(nurse.locator('main'), v1, stiff, ['age_years']);
      await nurse.getByTestId('preview').getByText(category).waitFor();
      await nurse.getByRole('button', { name: 'Skicka triage' }).click();
      await nurse.getByTestId('triage-result').getByText(category).waitFor();
      await screenshot(nurse, shot);
      await nurse.reload();
    };
    await triageOnScreen(patients[0]!, undefined, EARLY, 'signoff-08-nurse-triaged-v1');
    await triageOnScreen(patients[1]!, 'Bo Ledsson', EARLY, 'signoff-09-nurse-triaged-v1-again');

    // 6. In the form, never the JSON: the morning-stiffness threshold from 30 to 45 minutes, and the reason.
    await admin.reload();
    await openEditor(KEY);
    await openSection('rules');
    const rule = admin.locator('[data-rule="inflammatory_arthritis"]');
    const stiffness = rule
      .locator('[data-condition="compare"]')
      .filter({ has: admin.locator('option:checked', { hasText: 'Morgonstelhet' }) });
    await stiffness.getByRole('spinbutton').fill('45');
    await rule
      .getByLabel('Motivering (svenska)')
      .fill('Svullen led och minst ett av: ≥ 3 svullna leder, positivt kompressionstest, morgonstelhet ≥ 45 minuter.');
    await rule
      .getByLabel('Motivering (engelska)')
      .fill('Swollen joint and at least one of: ≥ 3 swollen joints, positive squeeze test, morning stiffness ≥ 45 minutes.');
    await screenshot(admin, 'signoff-10-threshold-and-reason');

    // 7. A new question, and a rule that uses it.
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
    await screenshot(admin, 'signoff-11-question-and-rule');

    // 8. Two test cases in the table, run live; the shipped case at 30 minutes now expects routine, as intended.
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
    await admin
      .getByTestId('summary-testCases')
      .getByText(`${v1.testCases.length + 2} av ${v1.testCases.length + 2} testfall godkända`)
      .waitFor();
    await screenshot(admin, 'signoff-12-test-cases-live');

    // 9. Saved: the changes and the impact in words, and the cases behind the number.
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
    await screenshot(admin, 'signoff-13-changes-and-impact');

    // 10. Submitted for review with a comment; the author herself is not offered the approval.
    await admin.getByLabel('Kommentar').fill('Morgonstelhet 45 minuter enligt regionens riktlinje; känd gikt till rutin.');
    await admin.getByTestId('submit-review').click();
    const review = admin.getByTestId('review');
    await review.getByText('Väntar på granskning').waitFor();
    expect(await review.getByTestId('approve').isDisabled()).toBe(true);
    await review.getByText('Ditt eget utkast granskas av någon annan.').waitFor();
    await screenshot(admin, 'signoff-14-submitted');

    // 11. The rheumatologist reviews: the changes, the test results and the impact, then approves.
    await approveOnScreen('signoff-15-reviewer-sees-changes', 'gränsen ändrad från 30 till 45');
    await reviewer.getByTestId('review-queue').getByText('Inget väntar på granskning.').waitFor();
    await screenshot(reviewer, 'signoff-16-approved');

    // 12. The administrator publishes the approved version, confirming; the version records both names.
    await publishOnScreen(2);
    await admin.getByTestId('version-history').locator('xpath=..').locator('summary').click();
    await admin.getByTestId('version-history').getByText('Granskat av', { exact: false }).first().waitFor();
    await screenshot(admin, 'signoff-17-published');

    // 13. The nurse at Funäsdalen, where the pathway is live, triages on the new version: routine now.
    const v2: Definition = (await t.http('GET', `/pathways/${KEY}`, { token: nurseToken })).body;
    await findPatient(patients[2]!, 'Cia Ledsson');
    await fillForm(nurse.locator('main'), v2, stiff, ['age_years']);
    await nurse.getByTestId('preview').getByText(ROUTINE).waitFor();
    await nurse.getByRole('button', { name: 'Skicka triage' }).click();
    await nurse.getByTestId('triage-result').getByText(ROUTINE).waitFor();
    await screenshot(nurse, 'signoff-18-nurse-triages-v2');

    // What the screens did, as stored: three cases by the nurse, on versions 1, 1 and 2; both versions signed off by two people.
    const stored = await t.db.query(
      `SELECT c.pathway_version AS version, c.category FROM triage_case c WHERE c.pathway_key = $1 ORDER BY c.triaged_at`,
      [KEY],
    );
    expect(stored.rows).toEqual([
      { version: 1, category: 'early_arthritis' },
      { version: 1, category: 'early_arthritis' },
      { version: 2, category: 'routine' },
    ]);
    const versions = (await t.http('GET', `/pathways/${KEY}/versions`, { token: await token('admin') })).body;
    for (const v of versions) {
      expect(v).toMatchObject({ status: expect.stringMatching(/published|retired/), submittedBy: { name: expect.any(String) } });
      expect(v.reviewedBy.userId).not.toBe(v.submittedBy.userId);
    }
    await Promise.all([adminContext.close(), reviewerContext.close(), nurseContext.close()]);
  }, 420_000);
});
