import type { Chunk } from '../../kernel/corpus.js';

export interface LocatedSpan {
  docId: string;
  start: number;
  end: number;
  /** true when the quote was found in the chunk; false when the whole chunk stands in for it. */
  exact: boolean;
}

/**
 * Finds a model's quote inside its passage and returns exact document offsets. Models often
 * change whitespace or drop a trailing period, so after an exact search we match with runs of
 * whitespace as "\s+" and without trailing punctuation. A quote that still cannot be found
 * falls back to the whole chunk: the chunk is certainly the evidence, only less precisely.
 */
export function locateQuote(chunk: Chunk, quote: string): LocatedSpan {
  const trimmed = quote.trim();
  const exact = trimmed ? chunk.text.indexOf(trimmed) : -1;
  if (exact >= 0) return { docId: chunk.docId, start: chunk.start + exact, end: chunk.start + exact + trimmed.length, exact: true };
  const core = trimmed.replace(/[\s.。!！?？,，;；:："'“”‘’]+$/u, '').replace(/^[\s"'“”‘’]+/u, '');
  if (core.length >= 3) {
    const pattern = new RegExp(core.split(/\s+/).map(escapeRegExp).join('\\s+'), 'u');
    const match = pattern.exec(chunk.text);
    if (match) return { docId: chunk.docId, start: chunk.start + match.index, end: chunk.start + match.index + match[0].length, exact: true };
  }
  return { docId: chunk.docId, start: chunk.start, end: chunk.end, exact: false };
}

/** Merges overlapping or touching spans of the same document. */
export function mergeSpans(spans: readonly LocatedSpan[]): LocatedSpan[] {
  const sorted = [...spans].sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : a.start - b.start));
  const merged: LocatedSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.docId === span.docId && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
      last.exact = last.exact && span.exact;
    } else merged.push({ ...span });
  }
  return merged;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
