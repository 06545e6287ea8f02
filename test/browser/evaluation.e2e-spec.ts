/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { type Browser } from 'playwright-core';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

describeBrowser(
  'Issue 19, items 5 and 6 on screen: the evaluation page and the staffing figures beside remote visits (Debian Chromium)',
  () => {
    let t: TestApp;
    let browser: Browser;

    beforeAll(async () => {
      ({ t, browser } = await startDemoInBrowser());
    }, 120_000);
    afterAll(() => stopDemoInBrowser({ t, browser }));

    it('#19.5: the administrator opens the evaluation, sees figures and a chart with its table, downloads CSV for Swedish Excel', async () => {
      const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1366, height: 900 } });
      const admin = await signIn(context, t.baseUrl, 'admin');
      await admin.getByRole('link', { name: 'Utvärdering', exact: true }).click();
      await admin.getByRole('heading', { name: 'Utvärdering per flöde och hälsocentral' }).waitFor();
      // All time at every centre: the demo's past year of cases.
      await admin.getByLabel('Hela tiden').check();
      const figures = admin.getByTestId('evaluation-figures');
      await figures.waitFor();
      const expected = await t.db.query(
        `SELECT count(*)::int AS n FROM triage_case c JOIN health_centre h ON h.id = c.health_centre_id JOIN region r ON r.id = h.region_id
        WHERE c.pathway_key = $1 AND r.id = (SELECT region_id FROM app_user WHERE username = 'admin') AND NOT ('follow_up' = ANY(c.flags))`,
        [await admin.locator('#ev-pathway').inputValue()],
      );
      expect(expected.rows[0].n).toBeGreaterThan(0);
      const sent = figures.locator('div', { hasText: 'Skickade fall' }).locator('dd');
      expect((await sent.innerText()).replace(/\s/g, '')).toBe(String(expected.rows[0].n));
      const chart = admin.getByRole('img', { name: 'Skickade fall per hälsocentral' });
      await chart.waitFor();
      expect(await chart.locator('rect').count()).toBeGreaterThan(0);
      await admin.getByText('Visa diagrammet som tabell').first().click();
      await admin.getByRole('table', { name: 'Skickade fall per hälsocentral' }).waitFor();
      await admin.getByTestId('evaluation-table').getByRole('rowheader', { name: 'Alla tillsammans' }).waitFor();
      expect(admin.url()).toContain('#/evaluation?');
      expect(admin.url()).toContain('mode=all');
      await screenshot(admin, 'evaluation-1-page');

      const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Ladda ner CSV' }).click()]);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(download.suggestedFilename()).toMatch(/^evaluation_.+\.csv$/);
      expect(csv.startsWith('\uFEFFHälsocentral;Läge;I drift från;Skickade fall;')).toBe(true);
      expect(csv).toMatch(/\r\nAlla hälsocentraler;;;\d+;/);

      // One centre since its go-live: the URL keeps the choice through a reload.
      await admin.getByLabel('Sedan start vid varje hälsocentral').check();
      await admin.getByLabel('Hälsocentral', { exact: true }).selectOption({ label: 'Funäsdalen hälsocentral' });
      await admin.getByTestId('evaluation-table').getByRole('rowheader', { name: 'Funäsdalen hälsocentral' }).waitFor();
      await admin.reload();
      await admin.getByTestId('evaluation-table').getByRole('rowheader', { name: 'Funäsdalen hälsocentral' }).waitFor();
      expect(await admin.getByLabel('Sedan start vid varje hälsocentral').isChecked()).toBe(true);
      await context.close();
    });

    it('#19.6: the administrator records hired doctors by hand and by CSV and sees them beside remote visits by specialty and month', async () => {
      const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1366, height: 900 } });
      const admin = await signIn(context, t.baseUrl, 'admin');
      await admin.getByRole('tab', { name: 'Rapporter' }).click();
      await admin.getByLabel('Rapport', { exact: true }).selectOption({ label: 'Hyrläkare, internstafett och distansbesök' });
      const entry = admin.getByTestId('staffing-entry');
      await entry.getByLabel('Specialitet', { exact: true }).selectOption({ label: 'Reumatologi' });
      const month = new Date();
      month.setMonth(month.getMonth() - 2);
      const ym = `${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, '0')}`;
      await entry.getByLabel('Månad', { exact: true }).fill(ym);
      await entry.getByLabel('Hyrläkarveckor', { exact: true }).fill('3');
      await entry.getByLabel('Hyrläkarkostnad (kr)', { exact: true }).fill('285 000');
      await entry.getByRole('button', { name: 'Spara månaden' }).click();
      await entry.getByRole('status').getByText('Sparat.').waitFor();

      // A file with a mistake is refused, every problem named by its line and field; the corrected one is imported.
      const textarea = entry.locator('#st-csv');
      await textarea.fill(
        `specialitet;månad;hyrläkarveckor;hyrläkarkostnad;internstafettveckor\nReumatologi;${ym.slice(0, 4)}-13;4;380 000;2,5\n`,
      );
      await entry.getByRole('button', { name: 'Importera', exact: true }).click();
      await entry.getByRole('alert').getByText('line 2: month').waitFor();
      await textarea.fill(
        'specialitet;månad;hyrläkarveckor;hyrläkarkostnad;internstafettveckor\n' +
          'Reumatologi;2017-01;8;760 000;51\nReumatologi;2017-02;14;1 330 000;18\nReumatologi;2017-03;19;1 805 000;7\n',
      );
      await entry.getByRole('button', { name: 'Importera', exact: true }).click();
      await entry.getByRole('status').getByText('Importerade rader: 3').waitFor();

      // The report over the year of the demo's remote visits: the recorded month beside the visits of that month.
      const from = new Date();
      from.setFullYear(from.getFullYear() - 1);
      await admin.getByLabel('Från och med').fill(`${from.getFullYear()}-${String(from.getMonth() + 1).padStart(2, '0')}-01`);
      const lastDay = new Date(Date.UTC(month.getFullYear(), month.getMonth() + 1, 0)).getUTCDate();
      await admin.getByLabel('Till och med').fill(`${ym}-${lastDay}`);
      await admin.getByRole('button', { name: 'Visa rapport' }).click();
      const row = admin
        .locator('.reports-table tbody tr')
        .filter({ hasText: 'Reumatologi' })
        .filter({ hasText: /285\s000/ });
      await row.waitFor();
      const remote = await t.db.query(
        `SELECT count(*)::int AS n FROM report_visit WHERE status = 'completed' AND mode = 'remote' AND month = ($1 || '-01')::date
          AND region_id = (SELECT region_id FROM app_user WHERE username = 'admin')
          AND pathway_key IN (SELECT pathway_key FROM pathway_version WHERE status = 'published'
            AND definition->>'specialty' = 'rheumatology')`,
        [ym],
      );
      expect(await row.locator('td').nth(2).innerText()).toBe(String(remote.rows[0].n));
      await admin.getByRole('img', { name: /Diagram: Internstafett \(veckor\), Hyrläkarveckor/ }).waitFor();
      await screenshot(admin, 'evaluation-2-staffing-report');

      // The board's years: internal locum weeks 51, 18, 7 while hired-doctor costs rose.
      await admin.getByLabel('Från och med').fill('2017-01-01');
      await admin.getByLabel('Till och med').fill('2017-03-31');
      await admin.getByRole('button', { name: 'Visa rapport' }).click();
      const rows = admin.locator('.reports-table tbody tr');
      await rows.nth(2).waitFor();
      const cells = await rows.evaluateAll((trs) =>
        trs.map((tr) => [tr.children[5]!.textContent ?? '', tr.children[7]!.textContent ?? '']),
      );
      expect(cells.map(([weeks, cost]) => [weeks, cost!.replace(/[\s\u00a0\u202f]/g, '')])).toEqual([
        ['51', '760000,00kr'],
        ['18', '1330000,00kr'],
        ['7', '1805000,00kr'],
      ]);
      await screenshot(admin, 'evaluation-3-board-trend');
      await context.close();
    });
  },
);
