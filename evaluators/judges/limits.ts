/**
 * Bounds on what a judge's reply may put into judgments.jsonl and the reports. A model (or a
 * proxy) can return a 500 KB "reason" or 3,000 "statements" for a one-line answer; stored
 * verbatim, three questions made a 13.5 MB log. Everything the judges keep goes through here,
 * and every cut says so in the text or in the details.
 */

/** Characters kept of one reason, statement, claim or generated question. */
export const MAX_TEXT_CHARS = 1000;
/** Statements (faithfulness) or claims (context recall) judged per answer. */
export const MAX_STATEMENTS = 50;

/** The text, or its first `max` characters followed by a note of how long it was. */
export function capText(text: string, max = MAX_TEXT_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [cut: ${text.length} characters in all]`;
}

/** The first `max` entries, and how many there were when that is more (else `cut` is absent). */
export function capList<T>(list: readonly T[], max = MAX_STATEMENTS): { kept: T[]; cut?: { returned: number; kept: number } } {
  if (list.length <= max) return { kept: [...list] };
  return { kept: list.slice(0, max), cut: { returned: list.length, kept: max } };
}
