/// <reference lib="dom" />
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DemoSeeder } from '../../apps/api/src/demo/demo-seeder';
import { createTestApp, type TestApp } from './test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ROOT = join(__dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-artifacts/screenshots');

/** The front end is built from apps/web; rebuilt when its sources are newer than the build. */
export function ensureWebBuilt(): void {
  const index = join(ROOT, 'dist/web/index.html');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs),
      0,
    );
  if (!existsSync(index) || newest(join(ROOT, 'apps/web/src')) > statSync(index).mtimeMs) {
    // jest sets NODE_ENV=test, which would give Vite a development bundle; build what users get.
    execSync('npm run --silent build:web', { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
}

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  // Said plainly, so a skipped browser test is never mistaken for a passing one.
  console.warn(
    `Browser tests SKIPPED: no Chromium at ${CHROMIUM}. Install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}
/** `describe` where Debian's Chromium is installed, a skip (with the warning above) where it is not. */
// globalThis: this module is also loaded outside jest (bench/web-load.bench.ts), where there is no `describe`.
export const describeBrowser: typeof describe = haveChromium ? globalThis.describe : globalThis.describe?.skip;

/** Debian's Chromium, headless, with fake camera and microphone for the video visit. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
}

/** The api with the demo region and the built front end, and Chromium beside it: what a browser suite starts with. */
export async function startDemoInBrowser(env: Record<string, string> = {}): Promise<{ t: TestApp; browser: Browser }> {
  ensureWebBuilt();
  const t = await createTestApp({ env: { WEB_DIST_DIR: join(ROOT, 'dist/web'), ...env } });
  await t.app.get(DemoSeeder).seed('demo');
  return { t, browser: await launchChromium() };
}

export async function stopDemoInBrowser(started: { t?: TestApp; browser?: Browser }): Promise<void> {
  await started.browser?.close();
  await started.t?.close();
}

/**
 * Plans a two-hour remote session at the first free time from tomorrow on (two-hour steps): the demo's own
 * sessions (weekday mornings) hold some of those hours, which ones depending on when the suite runs.
 */
export async function planFreeRemoteSession(
  t: TestApp,
  adminToken: string,
  place: { specialistId: string; healthCentreId: string },
): Promise<{ id: string; slots: Array<{ id: string; start: string }> }> {
  const base = Math.ceil(Date.now() / 600_000) * 600_000 + 86_400_000;
  for (let step = 0; step < 36; step++) {
    const start = new Date(base + step * 7_200_000);
    const res = await t.http('POST', '/clinic-sessions', {
      token: adminToken,
      body: {
        ...place,
        start: start.toISOString(),
        end: new Date(start.getTime() + 7_200_000).toISOString(),
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    if (res.status === 201) return res.body;
    if (res.status !== 409) throw new Error(`planning a session answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  throw new Error('no free two hours in the next three days');
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** Signs in through the login form (Swedish labels) and waits for the signed-in header. */
export async function signIn(context: BrowserContext, baseUrl: string, username: string, password = 'demo'): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(baseUrl);
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('button', { name: 'Logga ut' }).waitFor();
  return page;
}
