import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, InputError } from '../../kernel/errors.js';
import { acquireRunLock } from './run-lock.js';
import { readRunState, RUN_STATE_FILE, RUN_STATE_SCHEMA_VERSION, writeRunState, type RunState } from './run-state.js';

export interface RunSession {
  readonly outDir: string;
  readonly resumed: boolean;
  readonly startedAt: string;
  /** Checks (on resume) or records the input hashes. */
  recordInputs(hashes: { corpusHash: string; testSetHash: string }): void;
  finish(status: 'complete' | 'interrupted'): void;
  release(): void;
}

/**
 * Claims a run directory for this process: a new one (refusing a directory that already holds
 * a run) or, with `resume`, a stopped one whose config, corpus and test set must be unchanged.
 */
export function openRunSession(options: {
  outDir: string;
  resume: boolean;
  configHash: string;
  configFile: string;
  now: () => Date;
  warn: (message: string) => void;
}): RunSession {
  const { outDir, resume } = options;
  let state: RunState;
  if (resume) {
    state = readRunState(outDir);
    if (state.configHash !== options.configHash) {
      throw new ConfigError(`--resume: the config changed since ${outDir} was started (${state.configFile}); start a new run with it instead`);
    }
  } else {
    if (existsSync(path.join(outDir, RUN_STATE_FILE))) {
      throw new InputError(`${outDir} already holds a run; resume it with --resume ${outDir} or choose another --out`);
    }
    mkdirSync(outDir, { recursive: true });
    const at = options.now().toISOString();
    state = { schemaVersion: RUN_STATE_SCHEMA_VERSION, status: 'running', configHash: options.configHash, configFile: options.configFile, startedAt: at, updatedAt: at };
  }
  const release = acquireRunLock(outDir, options.warn);
  const save = (changes: Partial<RunState>) => {
    state = { ...state, ...changes, updatedAt: options.now().toISOString() };
    writeRunState(outDir, state);
  };
  try {
    save({ status: 'running' });
  } catch (error) {
    release();
    throw error;
  }
  return {
    outDir,
    resumed: resume,
    startedAt: state.startedAt,
    recordInputs(hashes) {
      if (resume && state.corpusHash && state.corpusHash !== hashes.corpusHash) {
        throw new InputError(`--resume: the corpus changed since ${outDir} was started; start a new run`);
      }
      if (resume && state.testSetHash && state.testSetHash !== hashes.testSetHash) {
        throw new InputError(`--resume: the test set changed since ${outDir} was started; start a new run`);
      }
      save(hashes);
    },
    finish(status) {
      save({ status });
    },
    release,
  };
}
