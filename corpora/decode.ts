import type { CorpusWarning } from '../kernel/corpus.js';

export type DecodeResult = { ok: true; text: string } | { ok: false; kind: CorpusWarning['kind']; reason: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Turns file bytes into document text, or says why the file cannot be a text document.
 * - UTF-16 byte-order marks are rejected by name (otherwise they look like binary: every other byte is NUL).
 * - Any NUL byte means binary (images, archives, compiled files).
 * - Bytes that are not valid UTF-8 are rejected rather than guessed at: a wrong guess would
 *   silently corrupt the text that every offset and hash is computed from.
 * - A UTF-8 BOM is removed so it never becomes character 0 of the document.
 * - CRLF and lone CR become LF, so a document checked out on Windows (git autocrlf) has the
 *   same text, offsets and hash as on Linux, and test-set spans stay valid across platforms.
 */
export function decodeDocumentBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, kind: 'skipped-encoding', reason: 'UTF-16 text (byte-order mark found); expected UTF-8' };
  }
  if (bytes.includes(0)) {
    return { ok: false, kind: 'skipped-binary', reason: 'binary file (contains NUL bytes)' };
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, kind: 'skipped-encoding', reason: 'not valid UTF-8; convert the file to UTF-8' };
  }
  return { ok: true, text: normaliseText(text) };
}

/** Strips a leading BOM and normalises line endings to LF (see decodeDocumentBytes for why). */
export function normaliseText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}
