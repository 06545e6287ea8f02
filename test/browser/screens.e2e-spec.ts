/// <reference lib="dom" />
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { luhnCheckDigit } from '@app/patients';
import { count, fill, untranslatedKeys } from '../../apps/web/src/i18n';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

/**
 * English words that have no business on a Swedish screen (#17.4). Whole words, case as written: the
 * capitalised ones are the English UI's labels, the small ones English sentences.
 */
const ENGLISH_LEAKS = [
  'Date',
  'Nurse',
  'Score',
  'Due',
  'Booked',
  'Book',
  'Cancel',
  'Emergency',
  'Redirected',
  'Awaiting',
  'Unread',
  'Reschedule',
  'Rebook',
  'Loading',
  'Send',
  'Answer',
  'Answers',
  'Find',
  'Pathway',
  'Priority',
  'Reasons',
  'Triaged',
  'Overdue',
  'Withdrawn',
  'Completed',
  'Scheduled',
  'Start',
  'Open',
  'Case',
  'Cases',
  'Back',
  'Retry',
  'None',
  'Yes',
  'the',
  'and',
  'with',
  'from',
  'has',
  'is',
  'not',
];

/** The English words in the main part of the page and its header, each once. */
async function englishOn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  // \p{L}: a Swedish letter is part of a word (plain \b would cut "Specialistläkare" after "Specialist").
  const words = new Set(text.match(/\p{L}+/gu) ?? []);
  return ENGLISH_LEAKS.filter((w) => words.has(w));
}

/** No horizontal scroll: the page is no wider than the window (#17.9, the nurse's tablet). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}

describe('Wording (#17.4): every key in Swedish and English; counted words by Intl.PluralRules', () => {
  it('every i18n key has a Swedish and an English text', () => {
    expect(untranslatedKeys()).toEqual([]);
  });

  it('plurals and numbers come from Intl: never "1 tider"', () => {
    expect(count('sv', 1, 'times')).toBe('1 tid');
    expect(count('sv', 2, 'times')).toBe('2 tider');
    expect(count('sv', 0, 'times')).toBe('0 tider');
    expect(count('en', 1, 'times')).toBe('1 time');
    expect(count('en', 3, 'cases')).toBe('3 cases');
    expect(count('sv', 1, 'unread')).toBe('1 oläst');
    expect(count('sv', 4, 'unread')).toBe('4 olästa');
    // Swedish groups thousands with a (narrow) no-break space, English with a comma.
    expect(count('sv', 1234, 'cases')).toMatch(/^1\s234 ärenden$/u);
    expect(count('en', 1234, 'cases')).toBe('1,234 cases');
    expect(fill('{a} och {b}, {c}', { a: 1, b: 'två' })).toBe('1 och två, {c}');
  });
});

describeBrowser("Screens per role at 1366 and 768 px; the nurse's form on a tablet; no English on her Swedish screens (Chromium)", () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  const context = (width: number): Promise<BrowserContext> => browser.newContext({ locale: 'sv-SE', viewport: { width, height: 900 } });
  const settled = async (page: Page) => {
    await page.waitForTimeout(300);
    await page.waitForFunction(() => !document.querySelector('[data-testid=loading], main > p[role=status]'));
  };

  /** The nurse with a new patient and the form half filled in: what she works in most. */
  async function nurseAtForm(ctx: BrowserContext, width: number): Promise<Page> {
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    await page.setViewportSize({ width, height: 900 });
    const serial = String(100 + Math.floor(Math.random() * 800));
    await page.getByLabel('Personnummer eller samordningsnummer').fill(`19590612-${serial}${luhnCheckDigit(`590612${serial}`)}`);
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByLabel('Namn').fill('Tilda Surfplatta');
    await page.getByRole('button', { name: 'Registrera patient' }).click();
    await page.getByLabel('Flöde').selectOption('joint-complaints');
    await page.locator('[data-question="swollen_joint_count"] input').fill('3');
    await page.locator('[data-question="symptom_duration_weeks"] input').fill('8');
    await page.getByTestId('preview').waitFor();
    await settled(page);
    return page;
  }

  it.each([1366, 1024, 768])(
    "the nurse's form at %i px wide: no horizontal scroll",
    async (width) => {
      const ctx = await context(width);
      const page = await nurseAtForm(ctx, width);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `screen-nurse-${width}`);
      // The case list, with its five columns, fits too.
      await page.getByRole('tab', { name: 'Hälsocentralens ärenden' }).click();
      await page.getByTestId('case-list').waitFor();
      await settled(page);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `screen-nurse-${width}-cases`);
      await ctx.close();
    },
    60_000,
  );

  it.each([
    ['specialist', 1366],
    ['specialist', 768],
    ['admin', 1366],
    ['admin', 768],
  ] as const)(
    'the %s at %i px',
    async (role, width) => {
      const ctx = await context(width);
      const page = await signIn(ctx, t.baseUrl, role);
      await page.setViewportSize({ width, height: 900 });
      await page.getByRole('tab').first().waitFor();
      await settled(page);
      await screenshot(page, `screen-${role}-${width}`);
      await ctx.close();
    },
    60_000,
  );

  it("the nurse's Swedish screens contain no English: form, result, cases, a case, visits, answers", async () => {
    const ctx = await context(1366);
    const page = await nurseAtForm(ctx, 1366);
    const found: Record<string, string[]> = {};
    const check = async (name: string) => {
      await settled(page);
      const words = await englishOn(page);
      if (words.length) found[name] = words;
    };
    await check('form');
    const answer = (id: string, yes: boolean) =>
      page
        .locator(`[data-question="${id}"] input[type=radio]`)
        .nth(yes ? 0 : 1)
        .check();
    for (const id of ['small_joint_swelling', 'squeeze_test_positive']) await answer(id, true);
    await page.locator('[data-question="morning_stiffness_minutes"] input').fill('45');
    const noes = ['fever', 'acute_hot_swollen_joint', 'immunosuppressed_or_prosthetic_joint', 'systemic_features'];
    for (const id of [...noes, 'inflammatory_back_pain', 'psoriasis_or_ibd', 'temporal_symptoms', 'girdle_pain_stiffness']) {
      await answer(id, false);
    }
    await page.getByRole('button', { name: 'Skicka triage' }).click();
    const result = page.getByTestId('triage-result');
    await result.waitFor();
    // The patient on the result, with her personnummer; the score explained.
    await result.getByTestId('patient-line').getByText('Tilda Surfplatta').waitFor();
    await result.getByText('Vad betyder poängen?').click();
    await result.getByText('Poängen räknas fram av flödets regler', { exact: false }).waitFor();
    await check('result');
    await result.getByRole('link', { name: 'Öppna ärendet' }).click();
    await page.getByTestId('case-detail').waitFor();
    await check('case');
    await page.getByRole('tab', { name: 'Hälsocentralens ärenden' }).click();
    await page.getByTestId('case-list').waitFor();
    await check('cases');
    await page.getByRole('tab', { name: 'Dagens videobesök' }).click();
    await check('visits');
    await page.getByRole('tab', { name: /^Konsultationssvar/ }).click();
    await page.getByTestId('inbox').waitFor();
    await check('answers');
    expect(found).toEqual({});
    await ctx.close();
  }, 90_000);

  it('an emergency is headed as one, with what to do from the pathway and the number to call', async () => {
    const ctx = await context(1024);
    const page = await signIn(ctx, t.baseUrl, 'nurse');
    await page.setViewportSize({ width: 1024, height: 900 });
    const serial = String(100 + Math.floor(Math.random() * 800));
    await page.getByLabel('Personnummer eller samordningsnummer').fill(`19480302-${serial}${luhnCheckDigit(`480302${serial}`)}`);
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByLabel('Namn').fill('Akut Nummersson');
    await page.getByRole('button', { name: 'Registrera patient' }).click();
    await page.getByLabel('Flöde').selectOption('joint-complaints');
    await page.locator('[data-question="acute_hot_swollen_joint"] input[type=radio]').first().check();
    await page.locator('[data-question="fever"] input[type=radio]').first().check();
    await page.getByTestId('preview-instruction').waitFor();
    await page.getByRole('button', { name: 'Skicka triage' }).click();
    const emergency = page.getByTestId('triage-result').getByTestId('emergency');
    await emergency.getByRole('heading', { name: 'Akut: agera nu' }).waitFor();
    await emergency.getByText('akutmottagningen i dag', { exact: false }).waitFor();
    await emergency.getByText('ring 112', { exact: false }).waitFor();
    expect(await page.getByText('AKUT: Akut').count()).toBe(0);
    await page.getByTestId('triage-result').getByTestId('patient-line').getByText('Akut Nummersson').waitFor();
    await screenshot(page, 'screen-nurse-1024-emergency');
    // The case list says where she went: the emergency department, not "Hänvisad".
    await page.getByRole('tab', { name: 'Hälsocentralens ärenden' }).click();
    const row = page.getByTestId('case-list').locator('tr', { hasText: 'Akut Nummersson' });
    await row.getByText('Hänvisad till akutmottagningen').waitFor();
    await ctx.close();
  }, 60_000);
});
