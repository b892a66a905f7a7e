import { hostname } from 'node:os';
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { RagEvalError } from '../../kernel/errors.js';

export class RunLockedError extends RagEvalError {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One writer per run directory. The lock file holds the owner's pid and host; a lock left by a
 * process that no longer exists on this host (killed, crashed) is taken over with a warning.
 */
export function acquireRunLock(runDir: string, warn: (message: string) => void): () => void {
  const file = path.join(runDir, 'run.lock');
  const owner = `${process.pid} ${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, owner);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText, host] = readFileSync(file, 'utf8').split(' ');
      const pid = Number(pidText);
      if (host === hostname() && Number.isInteger(pid) && !isAlive(pid)) {
        warn(`${runDir}: taking over the lock of process ${pid}, which is no longer running`);
        rmSync(file, { force: true });
        continue;
      }
      throw new RunLockedError(`${runDir} is being written by another rag-eval process (pid ${pidText} on ${host}); wait for it to finish or stop it first`);
    }
  }
  throw new RunLockedError(`${runDir}: could not acquire run.lock`);
}
