/**
 * Issue 17 part 7 figures: what each role's browser downloads before its first page can be used, and how
 * long that takes with the CPU slowed down 4x, in Debian's Chromium against the api with the demo region
 * (the same measurement as test/browser/web-load.e2e-spec.ts). Target: at most 150 KB of JavaScript gzipped.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DemoSeeder } from '../apps/api/src/demo/demo-seeder';
import { CHROMIUM, ensureWebBuilt, launchChromium, ROOT } from '../test/support/browser';
import { createTestApp } from '../test/support/test-app';
import { CPU_SLOWDOWN, FIRST_PAGE_JS_LIMIT_BYTES, type FirstPageLoad, kb, measureFirstPage } from '../test/support/web-load';
import { benchDatabase } from './support/bench-db';

const RUNS = 5;
const ROLES = [
  ['nurse', 'nurse'],
  ['specialist', 'specialist'],
  ['admin', 'admin'],
] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runWebLoadBench(): Promise<void> {
  console.log(`\nweb-load: first page per role, no cache, CPU ${CPU_SLOWDOWN}x slower, median of ${RUNS}`);
  if (!existsSync(CHROMIUM)) {
    console.log(`  SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    return;
  }
  ensureWebBuilt();
  const db = await benchDatabase('webload');
  const t = await createTestApp({ databaseUrl: db.url, env: { WEB_DIST_DIR: join(ROOT, 'dist/web'), LOG_LEVEL: 'error' } });
  const browser = await launchChromium();
  try {
    await t.app.get(DemoSeeder).seed('demo');
    for (const [role, username] of ROLES) {
      const runs: FirstPageLoad[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measureFirstPage(browser, t.baseUrl, role, username));
      const js = median(runs.map((r) => r.scriptBytes));
      // The target is the nurse's first page; the admin's opens the pathway editor (zod), shown beside it.
      const verdict = js <= FIRST_PAGE_JS_LIMIT_BYTES ? 'ok' : role === 'admin' ? "over; the target is the nurse's" : 'OVER TARGET';
      console.log(
        `  ${role.padEnd(10)} JavaScript ${kb(js).padStart(9)} gzipped (target ≤ ${kb(FIRST_PAGE_JS_LIMIT_BYTES)}: ${verdict}, ` +
          `${Math.round((js / FIRST_PAGE_JS_LIMIT_BYTES) * 100)} % of it), all bytes ${kb(median(runs.map((r) => r.allBytes)))}, ` +
          `sign-in form usable ${median(runs.map((r) => r.signInMs))} ms, first page usable ${median(runs.map((r) => r.firstPageMs))} ms after sign-in`,
      );
    }
  } finally {
    await browser.close();
    await t.close();
    await db.stop();
  }
}
