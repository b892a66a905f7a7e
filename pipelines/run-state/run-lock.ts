import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { RagEvalError } from '../../kernel/errors.js';

export class RunLockedError extends RagEvalError {}

export const LOCK_FILE = 'run.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Owner {
  pid: number;
  host: string;
  /** The whole line: "pid host token"; the random token makes every lock distinct. */
  text: string;
}

function readOwner(file: string): Owner | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const [pidText = '', host = ''] = text.split(' ');
  return { pid: Number(pidText), host, text };
}

/** Test seam: runs between finding a stale lock and claiming it (where the old race lived). */
export interface LockHooks {
  beforeTakeover?: () => void;
}

/**
 * One writer per run directory. `run.lock` holds "pid host token" and is created with O_EXCL.
 * A lock whose process no longer exists on this host is taken over atomically: the taker first
 * creates the folder `run.lock.takeover-<token>` (mkdir succeeds for one process only), checks
 * the lock still holds that token, renames its own lock over it and removes the folder. A second
 * taker of the same stale lock either fails the mkdir or, after the folder is gone, finds the new
 * token and backs off; so two processes never both hold the lock.
 */
export function acquireRunLock(runDir: string, warn: (message: string) => void, hooks: LockHooks = {}): () => void {
  const file = path.join(runDir, LOCK_FILE);
  const mine = `${process.pid} ${hostname()} ${randomBytes(8).toString('hex')}`;
  const release = () => {
    // Remove only our own lock: never one that another process has taken over since.
    if (readOwner(file)?.text === mine) rmSync(file, { force: true });
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, mine)) return release;
    const owner = readOwner(file);
    if (!owner) continue; // released between our attempt and the read: try again
    // An empty or garbled lock (an older version crashed between creating and writing it) is stale.
    const readable = Number.isInteger(owner.pid) && owner.pid > 0 && owner.host !== '';
    if (readable && owner.host !== hostname()) throw otherHost(runDir, file, owner);
    if (readable && isAlive(owner.pid)) {
      throw new RunLockedError(`${runDir} is being written by another rag-eval process (pid ${owner.pid} on ${owner.host}); wait for it to finish or stop it first`);
    }
    hooks.beforeTakeover?.();
    if (takeOver(file, owner, mine)) {
      warn(`${runDir}: taking over the lock of process ${Number.isInteger(owner.pid) && owner.pid > 0 ? owner.pid : '(unknown)'}, which is no longer running`);
      return release;
    }
  }
  throw new RunLockedError(
    `${runDir}: could not acquire ${LOCK_FILE} (other processes keep taking it); ` +
      `if no rag-eval process is using this directory, delete ${file} and any ${LOCK_FILE}.takeover-* folder beside it, then try again`,
  );
}

/** Creates the lock only if no lock exists (write a private file, then hard-link it into place). */
function createExclusive(file: string, content: string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writePrivate(temp, content);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links: O_EXCL create, then write (a crash in between leaves an empty, stale lock).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createWithOpen(file, content);
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function createWithOpen(file: string, content: string): boolean {
  try {
    writePrivate(file, content);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function takeOver(file: string, stale: Owner, mine: string): boolean {
  const token = stale.text.split(' ')[2] ?? 'untokened';
  const marker = `${file}.takeover-${token.replace(/[^A-Za-z0-9]/g, '') || 'untokened'}`;
  try {
    mkdirSync(marker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    // Only the holder of the marker may replace this stale lock; is it still the stale one?
    if (readOwner(file)?.text !== stale.text) return false;
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writePrivate(temp, mine);
    renameSync(temp, file);
    return true;
  } finally {
    rmdirSync(marker);
  }
}

function writePrivate(file: string, content: string): void {
  const fd = openSync(file, 'wx');
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

function otherHost(runDir: string, file: string, owner: Owner): RunLockedError {
  return new RunLockedError(
    `${runDir} is locked by process ${owner.pid} on host "${owner.host}", and this is host "${hostname()}", so rag-eval cannot tell whether that process still runs. ` +
      `If no rag-eval process on "${owner.host}" is writing this directory (for example the container was restarted with a new hostname), delete ${file} and run the same command again`,
  );
}
