#!/usr/bin/env node
// Compiles the TypeScript sources to dist/ (JavaScript + .d.ts) and copies the plain-JavaScript
// modules that tsc does not emit: the exact-search worker and its scan loop, which worker
// threads load by URL, with the hand-written declarations beside them. Run by `npm run build`,
// by `prepare` (so `npm ci` / `npm install` from a clone or a git URL builds the package) and
// once per test run by tests/support/build-dist.ts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const SOURCE_FOLDERS = ['kernel', 'corpora', 'synthetic-data', 'evaluators', 'reports', 'pipelines'];

// tsc's incremental state lives inside dist/, so deleting dist/ always forces a full build.
if (!existsSync(path.join(dist, 'index.js'))) rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('build: tsc failed');
  process.exit(result.status ?? 1);
}

/** Plain .js modules and hand-written .d.ts files of the source folders (tsc emits neither). */
function plainFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return plainFiles(full);
    return entry.name.endsWith('.js') || entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

for (const folder of SOURCE_FOLDERS) {
  for (const file of plainFiles(path.join(root, folder))) {
    const target = path.join(dist, path.relative(root, file));
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
}

// Read by tests/support/build-dist.ts: sources newer than this file mean dist/ is stale.
writeFileSync(path.join(dist, '.build-stamp'), `${new Date().toISOString()}\n`);
