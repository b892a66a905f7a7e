/**
 * Escaping for Markdown built from data. Question text, document ids, configuration and model
 * names, paths and warnings come from files a reader did not write; in report.md, compare.md and
 * a CI job summary they must show as text: no raw HTML (`<img onerror=…>`), no headings or lists
 * from an embedded newline, no links, emphasis or math. Markdown that rag-eval writes itself is
 * wrapped in `md()` so a table can tell the two apart.
 */

/** Markdown written by rag-eval itself (never data): passed through unescaped. */
export class Markdown {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Marks trusted Markdown; interpolate data into it only through `mdText` / `mdCode`. */
export function md(text: string): Markdown {
  return new Markdown(text);
}

/** Line breaks of every kind (a data newline must not start a block). */
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g;
/** Characters with a meaning in GitHub Markdown wherever they stand: HTML, entities, emphasis, strike, links and images (via [), code, tables, math, headings and issue links (#). */
const SPECIAL = /[\\`*_[\]<>|~&#$]/g;

/** Data inside a line (a table cell, after a label): one line, every special character backslash-escaped. */
export function mdInline(text: string | number): string {
  return String(text).replace(LINE_BREAKS, ' ').replace(SPECIAL, (c) => `\\${c}`);
}

/** Data as Markdown text that may begin a line (a list item, a paragraph): also defuses a leading block marker. */
export function mdText(text: string | number): string {
  // A leading list marker ("-", "+", "1.") or setext underline ("=") would still start a block.
  return mdInline(text).replace(/^(\s*)(\d+)\./, '$1$2\\.').replace(/^(\s*)([-+=])/, '$1\\$2');
}

/**
 * Data as an inline code span: the fence is one backtick longer than the longest run inside,
 * padded when the text starts or ends with a backtick; newlines become spaces.
 */
export function mdCode(text: string | number): string {
  const flat = String(text).replace(LINE_BREAKS, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
