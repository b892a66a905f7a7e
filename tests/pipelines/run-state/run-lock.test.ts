import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireRunLock, RunLockedError } from '../../../pipelines/run-state/run-lock.js';
import { ROOT } from '../../support/cli-process.js';
import { useTempDirs } from '../../support/temp-dir.js';

/**
 * A pid no process can have: above Linux's PID_MAX_LIMIT (2^22) and macOS's 99,998. The pid of a
 * child that has exited is not enough: the suite spawns many processes, pids wrap at pid_max
 * (32,768 here) and a reused pid made a "stale" lock look alive in one CI round.
 */
const NEVER_A_PID = 2 ** 22 + 1;

const staleLock = (dir: string, pid = NEVER_A_PID) => writeFileSync(path.join(dir, 'run.lock'), `${pid} ${hostname()} 0123456789abcdef`);

describe('run.lock', () => {
  const tempDir = useTempDirs();

  it('a stale lock taken over by another process between our check and our claim: only that process holds it', () => {
    const dir = tempDir();
    staleLock(dir);
    const warnings: string[] = [];
    let other: (() => void) | undefined;
    // Process A found the lock stale; before it claims it, process B (same interleaving the old
    // read → is-alive → remove → create sequence lost) takes it over.
    expect(() =>
      acquireRunLock(dir, (w) => warnings.push(w), {
        beforeTakeover: () => {
          other = acquireRunLock(dir, (w) => warnings.push(w));
        },
      }),
    ).toThrow(RunLockedError);
    expect(other).toBeDefined();
    expect(warnings).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'run.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    other!();
    expect(existsSync(path.join(dir, 'run.lock'))).toBe(false);
    // Nothing is left behind: no temporary files, no takeover marker.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a stale lock taken over and already released by another process is then free', () => {
    const dir = tempDir();
    staleLock(dir);
    const release = acquireRunLock(dir, () => {}, { beforeTakeover: () => acquireRunLock(dir, () => {})() });
    expect(readFileSync(path.join(dir, 'run.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid} ${hostname()} [0-9a-f]{16}$`));
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('release removes only its own lock, not one taken over since', () => {
    const dir = tempDir();
    const release = acquireRunLock(dir, () => {});
    writeFileSync(path.join(dir, 'run.lock'), `${process.pid} ${hostname()} feedfacefeedface`);
    release();
    expect(readFileSync(path.join(dir, 'run.lock'), 'utf8')).toBe(`${process.pid} ${hostname()} feedfacefeedface`);
  });

  it('an empty lock (left by a crash of an older version) is stale', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'run.lock'), '');
    const warnings: string[] = [];
    acquireRunLock(dir, (w) => warnings.push(w))();
    expect(warnings).toEqual([`${dir}: taking over the lock of process (unknown), which is no longer running`]);
  });

  it('a lock from another host says how to recover', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'run.lock'), '4242 old-container-7f3a 0123456789abcdef');
    expect(() => acquireRunLock(dir, () => {})).toThrow(
      `${dir} is locked by process 4242 on host "old-container-7f3a", and this is host "${hostname()}", so rag-eval cannot tell whether that process still runs. ` +
        'If no rag-eval process on "old-container-7f3a" is writing this directory ' +
          '(for example the container was restarted with a new hostname), ' +
          `delete ${path.join(dir, 'run.lock')} and run the same command again`,
    );
  });

  // Real processes racing for the same stale lock, round after round. Each round starts when the
  // go-file appears (a barrier, not a clock); the evidence is the count of winners per round.
  it('processes racing for one stale lock: exactly one wins every round', { timeout: 600_000 }, async () => {
    const dir = tempDir();
    const rounds = 25;
    const contenders = 4;
    for (let round = 0; round < rounds; round++) {
      mkdirSync(path.join(dir, `round-${round}`));
      staleLock(path.join(dir, `round-${round}`));
    }
    const script = path.join(ROOT, 'tests/support/lock-contender.ts');
    const children = Array.from({ length: contenders }, (_, id) =>
      spawn(process.execPath, ['--import', 'tsx', script, dir, String(id), String(rounds)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }),
    );
    const exits = children.map(
      (child) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('exit', (code) => resolve({ code, stderr }));
        }),
    );
    const winners: number[] = [];
    for (let round = 0; round < rounds; round++) {
      writeFileSync(path.join(dir, `go-${round}`), '');
      const results = () => readdirSync(dir).filter((name) => name.startsWith(`result-${round}-`));
      while (results().length < contenders) await new Promise((resolve) => setTimeout(resolve, 5));
      const outcomes = results().map((name) => readFileSync(path.join(dir, name), 'utf8'));
      expect(outcomes.filter((outcome) => outcome !== 'won' && outcome !== 'lost'), `round ${round}`).toEqual([]);
      winners.push(outcomes.filter((outcome) => outcome === 'won').length);
    }
    for (const exit of await Promise.all(exits)) expect(exit.code, exit.stderr).toBe(0);
    expect(winners).toEqual(Array(rounds).fill(1));
  });
});
