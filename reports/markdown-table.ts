import { Markdown, mdInline } from './markdown-escape.js';

/**
 * One table cell. A string is data and is escaped (mdInline); a `Markdown` value is rag-eval's own
 * markup (bold, code spans built with mdCode) and only has its bare pipes and newlines made safe.
 */
export function cell(value: string | Markdown): string {
  if (value instanceof Markdown) return value.text.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
  return mdInline(value);
}

export function table(header: readonly (string | Markdown)[], rows: readonly (readonly (string | Markdown)[])[], align?: readonly ('l' | 'r')[]): string {
  const rule = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header.map(cell), rule, ...rows.map((row) => row.map(cell))].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

export function fixed(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}
