import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

/** Node's one-shot digest (20.12+, 21.7+): no Hash object per call (7× faster on 200k texts of 200 characters). */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** sha256 of a document's text (UTF-8), hex. */
export function hashText(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * sha256 over `id TAB hash LF` for every document, sorted by id in code-unit order, so the
 * corpus hash ignores load order and the locale, and changes when any document is added,
 * removed, renamed or edited.
 */
export function hashCorpus(documents: readonly { id: string; hash: string }[]): string {
  const sorted = [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const digest = createHash('sha256');
  for (const doc of sorted) digest.update(`${doc.id}\t${doc.hash}\n`, 'utf8');
  return digest.digest('hex');
}
