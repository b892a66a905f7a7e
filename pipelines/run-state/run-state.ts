import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { asDiskFullError, InputError } from '../../kernel/errors.js';

export const RUN_STATE_SCHEMA_VERSION = 1;

export const RunState = z.object({
  schemaVersion: z.literal(RUN_STATE_SCHEMA_VERSION),
  status: z.enum(['running', 'interrupted', 'complete']),
  /** sha256 of the validated config: a resumed run must use the same one. */
  configHash: z.string(),
  configFile: z.string(),
  /** Set once the inputs are loaded; a resumed run must see the same corpus and test set. */
  corpusHash: z.string().optional(),
  testSetHash: z.string().optional(),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type RunState = z.infer<typeof RunState>;

export const RUN_STATE_FILE = 'run-state.json';

/** Replaces the state file atomically (write, fsync, rename) so a crash leaves the old or the new one. */
export function writeRunState(runDir: string, state: RunState): void {
  const file = path.join(runDir, RUN_STATE_FILE);
  const temp = `${file}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
    const fd = openSync(temp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, file);
  } catch (error) {
    throw asDiskFullError(error, temp);
  }
}

export function readRunState(runDir: string): RunState {
  const file = path.join(runDir, RUN_STATE_FILE);
  if (!existsSync(file)) throw new InputError(`--resume: ${runDir} is not a rag-eval run directory (no ${RUN_STATE_FILE})`);
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message}); the run directory was edited or damaged and cannot be resumed: start a new run`, undefined, { cause: error });
  }
  const parsed = RunState.safeParse(raw);
  if (!parsed.success) throw new InputError(`${file}: not a valid run state (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}
