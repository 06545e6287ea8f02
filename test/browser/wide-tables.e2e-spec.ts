/// <reference lib="dom" />
import { type Browser, type Locator, type Page } from 'playwright-core';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The table's container scrolls nothing sideways, and neither does the page. */
async function fitsSideways(page: Page, wrap: Locator): Promise<{ table: number; page: number }> {
  return {
    table: await wrap.evaluate((el) => el.scrollWidth - el.clientWidth),
    page: await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth),
  };
}

/** The element lies within the window's width (it can be seen without scrolling sideways). */
async function withinWidth(page: Page, element: Locator): Promise<boolean> {
  await element.scrollIntoViewIfNeeded();
  const box = await element.boundingBox();
  const width = await page.evaluate(() => window.innerWidth);
  return box !== null && box.width > 0 && box.x >= 0 && box.x + box.width <= width;
}

/**
 * Issue 17 (the stumbles): the invoice's total was hidden behind a horizontal scroll, and the evaluation's
 * table of every figure was wider than the screen. At 1366 and 768 px both fit: the important columns and
 * the totals on screen, the rest of a row under "Visa detaljer".
 */
describeBrowser('Wide tables fit the screen: the invoice total and the evaluation (Debian Chromium)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser());
    // A day on site under the demo's agreement two days ago: the invoice then has an amount to pay (14 500 kr a day).
    const placed = await t.db.query(
      `INSERT INTO clinic_session (region_id, specialist_id, health_centre_id, room_id, mode, period, slot_minutes, agreement_id)
       SELECT region_id, specialist_id, health_centre_id, room_id, 'onsite',
              tstzrange(date_trunc('day', now()) - interval '2 days' + interval '8 hours', date_trunc('day', now()) - interval '2 days' + interval '14 hours', '[)'),
              30, agreement_id
         FROM clinic_session WHERE agreement_id IS NOT NULL LIMIT 1`,
    );
    expect(placed.rowCount).toBe(1);
  }, 120_000);
  afterAll(() => stopDemoInBrowser({ t, browser }));

  it.each([1366, 768])(
    "the administrator's invoice basis at %i px: the total owed is on screen without scrolling sideways",
    async (width) => {
      const context = await browser.newContext({ locale: 'sv-SE', viewport: { width, height: 900 } });
      const page = await signIn(context, t.baseUrl, 'admin');
      await page.setViewportSize({ width, height: 900 });
      await page.getByRole('tab', { name: 'Rapporter' }).click();
      await page.getByLabel('Rapport', { exact: true }).selectOption({ label: 'Fakturaunderlag för regionavtal' });
      await page.getByLabel('Från och med').fill(isoDay(-20));
      await page.getByLabel('Till och med').fill(isoDay(0));
      await page.getByRole('button', { name: 'Visa rapport' }).click();
      const table = page.getByTestId('report-table');
      await table.waitFor();

      // The period's total for the agreement, in the table's foot, in kronor by Intl (a no-break space groups thousands).
      const total = table.locator('tfoot tr').first().locator('[data-column=total]');
      expect((await total.innerText()).replace(/[\s\u00a0\u202f]/g, '')).toBe('14500,00kr');
      expect(await table.locator('tfoot tr').first().locator('[data-column=month]').innerText()).toBe('Hela perioden');
      expect(await withinWidth(page, total)).toBe(true);
      // Each month's total too.
      expect(await withinWidth(page, table.locator('tbody tr').first().locator('[data-column=total]'))).toBe(true);
      const sideways = await fitsSideways(page, page.getByTestId('report-table-wrap'));
      expect(sideways.table).toBeLessThanOrEqual(0);
      expect(sideways.page).toBeLessThanOrEqual(0);
      await screenshot(page, `screen-admin-${width}-invoice`);

      // The rest of the row on demand: the days on site and the price per day.
      const toggle = table.locator('tfoot tr').first().locator('button[aria-expanded]');
      expect(await toggle.getAttribute('aria-label')).toBe('Visa detaljer: Reumatologi på distans från Sundsvall, Hela perioden');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const details = table.locator('.fit-details');
      await details.getByText('Pris per dag på plats').waitFor();
      await details.getByText('Dagar på plats', { exact: true }).waitFor();
      expect((await fitsSideways(page, page.getByTestId('report-table-wrap'))).table).toBeLessThanOrEqual(0);

      // On paper every column is printed, without the buttons.
      await page.emulateMedia({ media: 'print' });
      expect(await table.locator('thead th', { hasText: 'Pris per videobesök' }).isVisible()).toBe(true);
      expect(await toggle.isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
      await context.close();
    },
    60_000,
  );

  it.each([1366, 768])(
    "the evaluation's table of every figure at %i px: each centre's main figures and the total on screen",
    async (width) => {
      const context = await browser.newContext({ locale: 'sv-SE', viewport: { width, height: 900 } });
      const page = await signIn(context, t.baseUrl, 'admin');
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${t.baseUrl}/#/evaluation?mode=all`);
      const table = page.getByTestId('evaluation-table');
      await table.waitFor();
      const all = table.locator('tfoot tr').first();
      await all.getByRole('rowheader', { name: 'Alla tillsammans' }).waitFor();
      for (const column of ['evCasesSent', 'evShareBooked', 'evWithinDue']) {
        expect(await withinWidth(page, all.locator(`[data-column=${column}]`))).toBe(true);
      }
      const sideways = await fitsSideways(page, page.getByTestId('evaluation-table-wrap'));
      expect(sideways.table).toBeLessThanOrEqual(0);
      expect(sideways.page).toBeLessThanOrEqual(0);
      // A centre's other figures (the categories among them) under its details.
      const first = table.locator('tbody tr').first();
      await first.getByRole('button', { name: /^Visa detaljer/ }).click();
      await table.locator('.fit-details').getByText('Andel omtriagerade').waitFor();
      await screenshot(page, `screen-admin-${width}-evaluation`);
      await context.close();
    },
    60_000,
  );
});
