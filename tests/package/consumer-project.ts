/**
 * A fresh project that depends on rag-eval's packed tarball, installed the way a user installs
 * it but without the network: its package-lock.json is the repository's, minus the development
 * packages, with rag-eval itself pointing at the tarball, so `npm ci --offline` takes every
 * package from the npm cache that the repository's own `npm ci` filled.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** Packages a TypeScript consumer brings itself (the type-check needs Node's types). */
const CONSUMER_DEV = ['node_modules/@types/node', 'node_modules/undici-types'];

export function writeConsumerProject(options: { dir: string; repoRoot: string; tarball: string }): void {
  const lock = JSON.parse(readFileSync(path.join(options.repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  const manifest = JSON.parse(readFileSync(path.join(options.repoRoot, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  const root = lock.packages['']!;
  const tarballName = path.basename(options.tarball);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(options.tarball)).digest('base64')}`;
  const typesVersion = lock.packages['node_modules/@types/node']!['version'] as string;

  const packages: Record<string, LockEntry> = {
    '': { name: 'consumer', dependencies: { 'rag-eval': `file:${tarballName}`, '@types/node': typesVersion } },
    'node_modules/rag-eval': {
      version: manifest.version,
      resolved: `file:${tarballName}`,
      integrity,
      license: root['license'],
      dependencies: root['dependencies'],
      bin: root['bin'],
      engines: root['engines'],
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '') continue;
    if (!entry.dev || CONSUMER_DEV.includes(key)) {
      const { dev: _dev, devOptional: _devOptional, ...rest } = entry;
      packages[key] = rest;
    }
  }
  const consumerLock = { name: 'consumer', lockfileVersion: lock.lockfileVersion, requires: true, packages };
  const consumerManifest = {
    name: 'consumer',
    private: true,
    type: 'module',
    dependencies: { 'rag-eval': `file:${tarballName}`, '@types/node': typesVersion },
  };
  writeFileSync(path.join(options.dir, 'package.json'), `${JSON.stringify(consumerManifest, null, 2)}\n`);
  writeFileSync(path.join(options.dir, 'package-lock.json'), `${JSON.stringify(consumerLock, null, 2)}\n`);
}
