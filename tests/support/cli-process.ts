import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/rag-eval.js');

/** Runs the real command line to completion, as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the command line and SIGKILLs it `afterMs` after `ready()` first holds (if it is still running). */
export function runCliAndKill(
  args: string[],
  options: { ready: () => boolean; afterMs: number; env?: NodeJS.ProcessEnv; onKill?: () => void },
): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ...options.env } });
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (!options.ready()) return;
      clearInterval(poll);
      timer = setTimeout(() => {
        options.onKill?.();
        killed = child.kill('SIGKILL');
      }, options.afterMs);
    }, 10);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      resolve({ killed, code });
    });
  });
}

/**
 * Starts the command line and sends `signal` once `ready()` holds (polled every 20 ms) plus
 * `afterMs`; collects its stderr.
 */
export function runCliAndSignal(
  args: string[],
  options: {
    ready: () => boolean;
    afterMs: number;
    signal: NodeJS.Signals;
    againAfterMs?: number;
    /** Send the signal a second time once the child's stderr so far satisfies this (polled every 20 ms). */
    againWhen?: (stderr: string) => boolean;
    env?: NodeJS.ProcessEnv;
  },
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env } });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    let timer: NodeJS.Timeout | undefined;
    let again: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (!options.ready()) return;
      clearInterval(poll);
      timer = setTimeout(() => {
        child.kill(options.signal);
        if (options.againAfterMs !== undefined) setTimeout(() => child.kill(options.signal), options.againAfterMs);
        const againWhen = options.againWhen;
        if (againWhen) {
          again = setInterval(() => {
            if (!againWhen(stderr)) return;
            clearInterval(again);
            child.kill(options.signal);
          }, 20);
        }
      }, options.afterMs);
    }, 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearInterval(again);
      if (timer) clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** Runs the command line in a child process without blocking this one (a loopback server may be serving it). */
export function runCliAsync(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  /** A command to run the CLI through, e.g. `['setpriv', '--reuid=65534', …]` to drop privileges. */
  wrapper: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [command, ...rest] = [...wrapper, process.execPath, BIN, ...args];
    const child = spawn(command!, rest, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
