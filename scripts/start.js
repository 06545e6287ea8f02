#!/usr/bin/env node
// `npm start`: build what is missing or stale, then run the api (which starts the embedded PostgreSQL when no DATABASE_URL).
const { execSync, spawn } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

function stale(output, sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => newest(join(root, s)) > built);
}

const apiOut = join(root, 'dist/apps/api/main.js');
if (stale(apiOut, ['apps/api', 'libs', 'migrations'])) {
  console.log('Building the api ...');
  execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
}
const webOut = join(root, 'dist/web/index.html');
if (existsSync(join(root, 'apps/web/vite.config.mts')) && stale(webOut, ['apps/web', 'libs/patients/src/core', 'libs/pathways/src/core'])) {
  console.log('Building the web front end ...');
  execSync('npm run --silent build:web', { cwd: root, stdio: 'inherit' });
}

const child = spawn(process.execPath, ['--enable-source-maps', apiOut], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
