/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';

/** Issue 17 part 7: the JavaScript a role's first page needs, at most this many bytes gzipped (on the wire). */
export const FIRST_PAGE_JS_LIMIT_BYTES = 150 * 1024;
/** CPU slowed down this many times (CDP Emulation.setCPUThrottlingRate), as a clinic's older PC. */
export const CPU_SLOWDOWN = 4;

export interface FirstPageLoad {
  username: string;
  /** Script bytes on the wire (gzipped, with headers) from the sign-in page to the first page being usable. */
  scriptBytes: number;
  /** Every byte on the wire in that time (html, css, scripts, api answers). */
  allBytes: number;
  scripts: string[];
  /** From navigation to the sign-in form being usable. */
  signInMs: number;
  /** From pressing "Logga in" to the role's first page being usable. */
  firstPageMs: number;
}

/** When each role's first page can be used: the nurse's patient search, the specialist's loaded queue, the admin's tabs. */
const usable: Record<string, (page: Page) => Promise<unknown>> = {
  nurse: (page) => page.getByLabel('Personnummer eller samordningsnummer').waitFor(),
  specialist: (page) =>
    page.waitForFunction(() => {
      const queue = document.querySelector('[data-testid=queue]');
      return !!queue && !queue.querySelector('[data-testid=loading]') && !!queue.querySelector('table, p');
    }),
  admin: (page) => page.getByRole('tablist').waitFor(),
};

/**
 * Signs in as `username` (role `role`) in a fresh context with no cache and the CPU slowed down, and
 * measures what the browser downloaded and how long it took, through the DevTools protocol.
 */
export async function measureFirstPage(
  browser: Browser,
  baseUrl: string,
  role: keyof typeof usable,
  username: string,
  password = 'demo',
): Promise<FirstPageLoad> {
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1366, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    // The target is stated gzipped: ask for gzip only (Chromium would otherwise take the smaller brotli copies).
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    const types = new Map<string, { type: string; url: string }>();
    const bytes = new Map<string, number>();
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { type: e.type, url: e.response.url }));
    cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));

    const t0 = Date.now();
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    const signInMs = Date.now() - t0;
    await page.getByLabel('Användarnamn').fill(username);
    await page.getByLabel('Lösenord').fill(password);
    const t1 = Date.now();
    await page.getByRole('button', { name: 'Logga in' }).click();
    await usable[role](page);
    const firstPageMs = Date.now() - t1;
    // Late loadingFinished events of what was already needed.
    await page.waitForTimeout(200);

    let scriptBytes = 0;
    let allBytes = 0;
    const scripts: string[] = [];
    for (const [id, n] of bytes) {
      allBytes += n;
      const info = types.get(id);
      if (info?.type === 'Script') {
        scriptBytes += n;
        scripts.push(new URL(info.url).pathname);
      }
    }
    return { username, scriptBytes, allBytes, scripts: scripts.sort(), signInMs, firstPageMs };
  } finally {
    await context.close();
  }
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
