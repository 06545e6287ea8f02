import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DEMO_CLINIC, DEMO_PARTNER } from '../apps/api/src/demo/demo-data';
import { SHIPPED_PATHWAYS } from '../libs/pathways/src/shipped-pathways';
import { createTestDatabase } from './support/test-app';

const ROOT = join(__dirname, '..');

/**
 * Issue 19, "Done when": the built front end contains no pathway key, category name or specialty name as a
 * literal; the shipped definitions, the specialty table and the demo data are data, which the screens read
 * from the api. The web is built here into a directory of its own (the browser suites serve dist/web and
 * rebuild it when stale; building beside them would empty it under their feet), then every script chunk is
 * read as shipped (minified, no source maps).
 *
 * Checked as substrings (any occurrence, in any string or identifier): everything domain-specific: pathway
 * keys and titles, category keys and labels, specialty keys, labels and professions, the demo's clinic
 * names and agreement title.
 * Checked only as a whole string literal ("Hudcancer", 'Gout'): one-word category labels, which as substrings
 * may be ordinary words of other sentences (a verdict says "mer brådskande").
 * Not checked, because the engine itself names them (they are the five urgency levels of every pathway, the
 * badge tones of styles.css and the generic fallback of the editor's starter template, not one pathway's
 * categories): the keys emergency, urgent, routine and primary_care, and the words the app uses for those
 * levels whatever the pathway (the editor names the levels Akut, Brådskande, Snart, Rutin, Primärvård;
 * "Akut"/"Emergency" heads an emergency's instruction; "Primärvård"/"Primary care" is the starter template's
 * fallback category). A shipped category labelled with a level's own word is not told apart from it.
 */
const ENGINE_WORDS = new Set([
  'emergency',
  'urgent',
  'routine',
  'primary_care',
  'Akut',
  'Emergency',
  'Brådskande',
  'Urgent',
  'Rutin',
  'Routine',
  'Primärvård',
  'Primary care',
]);

describe('The built front end names no pathway, category or specialty (issue 19)', () => {
  let outDir: string;
  let scripts: Array<{ file: string; text: string }>;
  let specialties: Array<{ key: string; label: { sv: string; en: string }; profession: { sv: string; en: string } }>;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'ledtriage-web-'));
    // NODE_ENV=production: jest's "test" would give Vite a development bundle; scan what users get.
    const args = ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'];
    execFileSync('npx', args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    const assets = join(outDir, 'assets');
    scripts = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((file) => ({ file, text: readFileSync(join(assets, file), 'utf8') }));
    // The specialties as every installation has them: the migrated database's table (real PostgreSQL).
    const db = new Pool({ connectionString: await createTestDatabase(), max: 1 });
    try {
      specialties = (await db.query('SELECT key, label, profession FROM specialty ORDER BY key')).rows;
    } finally {
      await db.end();
    }
  }, 300_000);
  afterAll(() => outDir && rmSync(outDir, { recursive: true, force: true }));

  /** The words to find: `anywhere` as substrings, `whole` only as a whole string literal (one-word category labels). */
  const domainWords = (): { anywhere: string[]; whole: string[] } => {
    const anywhere = new Set<string>();
    const whole = new Set<string>();
    for (const p of SHIPPED_PATHWAYS) {
      anywhere.add(p.key).add(p.title.sv).add(p.title.en);
      for (const c of p.categories) {
        anywhere.add(c.key);
        for (const label of [c.label.sv, c.label.en]) (/\s/.test(label) ? anywhere : whole).add(label);
      }
    }
    for (const s of specialties) anywhere.add(s.key).add(s.label.sv).add(s.label.en).add(s.profession.sv).add(s.profession.en);
    anywhere.add(DEMO_CLINIC.name).add(DEMO_CLINIC.specialty).add(DEMO_PARTNER.clinic.name).add(DEMO_PARTNER.agreement.title);
    // The demo's dermatology clinic (named in the seeder itself).
    anywhere.add('Hudkliniken');
    const checked = (words: Set<string>) => [...words].filter((w) => !ENGINE_WORDS.has(w));
    return { anywhere: checked(anywhere), whole: checked(whole) };
  };

  it('scans real chunks of every role', () => {
    expect(scripts.length).toBeGreaterThan(5);
    // The scan reads what the screens say: the Swedish texts of i18n are there (else it would read nothing).
    expect(scripts.some((s) => s.text.includes('Konsultationssvar till hälsocentralen'))).toBe(true);
    expect(specialties.map((s) => s.key)).toEqual(expect.arrayContaining(['dermatology', 'rheumatology']));
  });

  it('contains no pathway key or title, category key or label, specialty or profession, demo clinic name', () => {
    const { anywhere, whole } = domainWords();
    // The lists themselves hold what the test is for.
    expect(anywhere).toEqual(expect.arrayContaining(['joint-complaints', 'early_arthritis', 'Tidig artrit', 'Hudläkare', 'Reumatologi']));
    const found: string[] = [];
    const report = (word: string, file: string, text: string, at: number) =>
      found.push(`${JSON.stringify(word)} in ${file}: …${text.slice(Math.max(0, at - 60), at + word.length + 40)}…`);
    for (const { file, text } of scripts) {
      for (const word of anywhere) {
        const at = text.indexOf(word);
        if (at >= 0) report(word, file, text, at);
      }
      for (const word of whole) {
        const at = text.search(new RegExp(`["'\`]${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["'\`]`));
        if (at >= 0) report(word, file, text, at);
      }
    }
    expect(found).toEqual([]);
  });
});
