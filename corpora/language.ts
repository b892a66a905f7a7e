/**
 * The language of a test item or document, as slices and model-coverage checks use it: the
 * item's declared `language` (primary subtag, lowercased: "zh-CN" → "zh"), else the script-based
 * guess of text.ts (zh / ja / ko told apart by script; Latin-script text counts as "en").
 */
import { detectLanguage } from './text.js';

export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] || 'und';
}

export function itemLanguage(item: { language?: string | undefined; question: string }): string {
  return item.language ? primaryLanguage(item.language) : detectLanguage(item.question);
}

export function documentLanguage(text: string): string {
  return detectLanguage(text);
}

/** Counts per language, keys in descending count then code order. */
export function countLanguages(languages: readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const language of languages) counts.set(language, (counts.get(language) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}
