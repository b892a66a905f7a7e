/**
 * Escapes text for HTML element content and double- or single-quoted attribute values.
 * Every piece of document, test-set or model text goes through here: a corpus containing
 * `<script>alert(1)</script>` must show as text.
 */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** JSON for a `<script type="application/json">`-free world: embedded in an attribute, escaped there. */
export function jsonAttr(value: unknown): string {
  return esc(JSON.stringify(value));
}
