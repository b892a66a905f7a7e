import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { CorpusBuilder } from './builder.js';
import { decodeDocumentBytes } from './decode.js';
import { htmlToText } from './html.js';
import { JsonlDocumentLine, parseJsonl } from './jsonl.js';

export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm', '.jsonl'] as const;

export function isSupportedFile(path: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase());
}

/**
 * Reads one file into the builder. `id` is the document id for single-document files
 * (the path relative to the corpus root, forward slashes); jsonl files use their `id` fields.
 * `source` is how messages name the file.
 */
export async function addFileDocuments(builder: CorpusBuilder, path: string, id: string, source: string): Promise<void> {
  const extension = extname(path).toLowerCase();
  if (!isSupportedFile(path)) {
    builder.warn('skipped-unsupported', source, `unsupported file type "${extension || '(none)'}"; expected one of ${SUPPORTED_EXTENSIONS.join(', ')}`);
    return;
  }
  const decoded = decodeDocumentBytes(await readFile(path));
  if (!decoded.ok) {
    builder.warn(decoded.kind, source, `skipped: ${decoded.reason}`);
    return;
  }
  const text = decoded.text;
  if (extension === '.jsonl') {
    for (const { line, value } of parseJsonl(text, source, JsonlDocumentLine, '{"id": string, "text": string, "title"?: string}')) {
      builder.add({ id: value.id, text: value.text, title: value.title, source: `${source}:${line}` });
    }
  } else if (extension === '.html' || extension === '.htm') {
    const page = htmlToText(text);
    builder.add({ id, text: page.text, title: page.title, source });
  } else {
    builder.add({ id, text, title: extension === '.txt' ? undefined : markdownTitle(text), source });
  }
}

/** The first level-one ATX heading (`# Title`) as the title; a heuristic, good enough for display. */
function markdownTitle(text: string): string | undefined {
  const match = /^\s*#\s+(.+?)\s*#*\s*$/m.exec(text);
  return match?.[1];
}
