/**
 * Secrets are never data: API keys must not reach a message, a log line, a report or a file,
 * even when a server or a model echoes them back (a proxy that copies the Authorization header
 * into its error text, a model told to repeat its instructions). Every key rag-eval reads is
 * registered here, and text that comes from outside (server errors, model replies) is passed
 * through `redactSecrets` before anything else sees it.
 */

const secrets = new Set<string>();

/** Shorter values ("local", "x") are placeholders for servers that need no key, not secrets. */
const MIN_SECRET_LENGTH = 8;

export const REDACTED = '<redacted>';

/** Remembers a key's value for redaction (process-wide; values shorter than 8 characters are ignored). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

/**
 * The text with every registered key replaced, and with what looks like a credential replaced
 * too: an `Authorization`-style `Bearer …`/`Basic …` value and OpenAI-style `sk-…` keys.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out
    .replace(/\b(Bearer|Basic)(\s+)(?!<redacted>)[A-Za-z0-9._~+/=-]{8,}/gi, `$1$2${REDACTED}`)
    .replace(/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g, `sk-${REDACTED}`);
}
