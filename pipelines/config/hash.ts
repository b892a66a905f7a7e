import { createHash } from 'node:crypto';
import type { RagEvalConfig } from './schema.js';

/** sha256 of the validated config (defaults filled, key order fixed by the schema). */
export function hashConfig(config: RagEvalConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}
