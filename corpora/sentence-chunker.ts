import { splitSentences } from './text.js';
import type { Chunk, SourceDocument } from '../kernel/corpus.js';

interface Span {
  start: number;
  end: number;
}

/**
 * Packs whole sentences (Intl.Segmenter) into chunks of at most `size` characters. The next
 * chunk starts with as many trailing sentences of the previous one as fit in `overlap`, but
 * always advances by at least one sentence. A sentence longer than `size` is cut into
 * windows of `size` characters that step by `size - overlap`.
 */
export function chunkBySentences(doc: SourceDocument, size: number, overlap: number): Chunk[] {
  const units = splitSentences(doc.text).flatMap((sentence) => cutLongSpan(sentence, size, overlap));
  const spans: Span[] = [];
  let first = 0;
  while (first < units.length) {
    let last = first;
    while (last + 1 < units.length && (units[last + 1]?.end ?? 0) - (units[first]?.start ?? 0) <= size) last += 1;
    spans.push({ start: units[first]?.start ?? 0, end: units[last]?.end ?? 0 });
    if (last + 1 >= units.length) break;
    let next = last + 1;
    while (next - 1 > first && (units[last]?.end ?? 0) - (units[next - 1]?.start ?? 0) <= overlap) next -= 1;
    first = next;
  }
  return spans.map((span, index) => ({
    id: `${doc.id}#${index}`,
    docId: doc.id,
    index,
    start: span.start,
    end: span.end,
    text: doc.text.slice(span.start, span.end),
  }));
}

function cutLongSpan(span: Span, size: number, overlap: number): Span[] {
  if (span.end - span.start <= size) return [span];
  const windows: Span[] = [];
  for (let start = span.start; ; start += size - overlap) {
    const end = Math.min(start + size, span.end);
    windows.push({ start, end });
    if (end === span.end) break;
  }
  return windows;
}
