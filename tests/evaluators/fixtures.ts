/** Locates the shared oracle fixtures (../shared/fixtures beside the repo); absent in a fresh clone. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES_DIR = path.resolve(repoRoot, '../shared/fixtures');
export const HAVE_FIXTURES = existsSync(path.join(FIXTURES_DIR, 'trec_eval')) && existsSync(path.join(FIXTURES_DIR, 'ir_measures'));

export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES_DIR, ...parts);
}

export function reportSkippedFixtures(suite: string): void {
  if (!HAVE_FIXTURES) console.log(`skipped: ${suite}: ../shared/fixtures not found at ${FIXTURES_DIR} (oracle fixtures are only present in CI)`);
}
