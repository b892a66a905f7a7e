import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppendLog, readAppendLog } from '../../../pipelines/run-state/append-log.js';
import { acquireRunLock, RunLockedError } from '../../../pipelines/run-state/run-lock.js';
import { readRunState, writeRunState } from '../../../pipelines/run-state/run-state.js';
import { useTempDirs } from '../../support/temp-dir.js';

const Row = z.object({ id: z.number() });

describe('append-only logs', () => {
  const tempDir = useTempDirs();

  it('round-trips batches', () => {
    const file = path.join(tempDir(), 'log.jsonl');
    const { log, existing } = AppendLog.open(file, Row);
    expect(existing.records).toEqual([]);
    log.add({ id: 1 });
    log.add({ id: 2 });
    log.flush();
    log.add({ id: 3 });
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('{"id":1}\n{"id":2}\n{"id":3}\n');
    expect(readAppendLog(file, Row).records).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('drops a torn last line on open and appends after the last good one', () => {
    const file = path.join(tempDir(), 'log.jsonl');
    writeFileSync(file, '{"id":1}\n{"id":2}\n{"id":');
    const { log, existing } = AppendLog.open(file, Row);
    expect(existing.records).toEqual([{ id: 1 }, { id: 2 }]);
    expect(existing.tornLine).toEqual({ line: 3, bytes: 6 });
    log.add({ id: 3 });
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('{"id":1}\n{"id":2}\n{"id":3}\n');
  });

  it('treats a complete-looking last line without its newline as torn', () => {
    const file = path.join(tempDir(), 'log.jsonl');
    writeFileSync(file, '{"id":1}\n{"id":2}');
    expect(readAppendLog(file, Row).records).toEqual([{ id: 1 }]);
  });

  it('refuses corruption in the middle, naming the line', () => {
    const file = path.join(tempDir(), 'log.jsonl');
    writeFileSync(file, '{"id":1}\ngarbage\n{"id":3}\n');
    expect(() => readAppendLog(file, Row)).toThrow(`${file}:2: not a valid record`);
  });
});

describe('run lock and state', () => {
  const tempDir = useTempDirs();

  it('lets one writer in, refuses a second, and takes over a dead owner', async () => {
    const dir = tempDir();
    const release = acquireRunLock(dir, () => {});
    expect(() => acquireRunLock(dir, () => {})).toThrow(RunLockedError);
    release();
    // A lock written by a process that has exited is stale.
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(path.join(dir, 'run.lock'), `${pid} ${(await import('node:os')).hostname()}`);
    const warnings: string[] = [];
    const again = acquireRunLock(dir, (w) => warnings.push(w));
    expect(warnings).toEqual([`${dir}: taking over the lock of process ${pid}, which is no longer running`]);
    again();
  });

  it('writes and reads the state file; a missing one is a clear error', () => {
    const dir = tempDir();
    const state = { schemaVersion: 1 as const, status: 'running' as const, configHash: 'abc', configFile: '/x.yaml', startedAt: 't0', updatedAt: 't1' };
    writeRunState(dir, state);
    expect(readRunState(dir)).toEqual(state);
    appendFileSync(path.join(tempDir(), 'x'), '');
    expect(() => readRunState(tempDir())).toThrow('is not a rag-eval run directory (no run-state.json)');
  });
});
