import { InputError } from './errors.js';

/**
 * Filesystem failures a user can cause (a path that is a file, a folder without permission, a
 * name too long …), each with what it means and what to do. ENOSPC/EDQUOT are not here: a full
 * disk is a DiskFullError (see errors.ts) because its remedy is to free space and resume.
 */
const FS_PROBLEMS: Record<string, { meaning: string; remedy: string }> = {
  ENOENT: { meaning: 'it does not exist', remedy: 'check the path (relative paths in a config resolve against its folder)' },
  ENOTDIR: { meaning: 'a part of the path is a file, not a folder', remedy: 'choose a path whose parents are folders' },
  EEXIST: { meaning: 'something that is not a folder is already there', remedy: 'choose another path or move that file away' },
  EISDIR: { meaning: 'it is a folder where a file was expected', remedy: 'give the path of a file' },
  EACCES: { meaning: 'permission denied', remedy: 'give this user access to it or choose another path' },
  EPERM: { meaning: 'operation not permitted', remedy: 'give this user access to it or choose another path' },
  EROFS: { meaning: 'the file system is read-only', remedy: 'choose a writable folder' },
  ENAMETOOLONG: { meaning: 'the path is longer than the system allows', remedy: 'use a shorter path' },
  ELOOP: { meaning: 'it goes through too many symbolic links (a loop?)', remedy: 'fix the links or give the real path' },
  ENXIO: { meaning: 'it is a special file with nothing behind it', remedy: 'give the path of a regular file or folder' },
  ETXTBSY: { meaning: 'the file is busy', remedy: 'wait for the program using it to finish' },
  EBUSY: { meaning: 'the file or folder is busy', remedy: 'wait for the program using it to finish' },
  EMFILE: { meaning: 'too many files are open', remedy: 'raise the open-file limit (ulimit -n) and try again' },
  ENFILE: { meaning: 'too many files are open on this system', remedy: 'close other programs or raise the limit, then try again' },
  EINVAL: { meaning: 'the path or operation is not valid here', remedy: 'check the path' },
};

const SYSCALL_VERBS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  scandir: 'list the folder',
  opendir: 'list the folder',
  stat: 'look at',
  lstat: 'look at',
  rename: 'rename',
  unlink: 'remove',
  rmdir: 'remove the folder',
  rm: 'remove',
  copyfile: 'copy',
  link: 'link',
  symlink: 'link',
  access: 'access',
  realpath: 'resolve',
  readlink: 'resolve the link',
  truncate: 'truncate',
  ftruncate: 'truncate',
  fsync: 'flush',
  utime: 'touch',
  chmod: 'change the mode of',
};

/** True for an error thrown by `node:fs` (or `fs/promises`) that carries an errno code. */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as NodeJS.ErrnoException;
  return typeof code === 'string' && typeof syscall === 'string';
}

/**
 * Turns a filesystem error the user can fix into an InputError naming the path, what went wrong
 * and what to do; `undefined` for anything else (a bug stays a bug).
 */
export function fsErrorToInputError(error: unknown, context?: string): InputError | undefined {
  if (!isFsError(error) || !error.code) return undefined;
  const problem = FS_PROBLEMS[error.code];
  if (!problem) return undefined;
  const verb = SYSCALL_VERBS[error.syscall ?? ''] ?? error.syscall ?? 'use';
  const target = error.path ?? 'a file';
  const dest = (error as { dest?: string }).dest;
  const where = dest ? `${target} → ${dest}` : target;
  const prefix = context ? `${context}: ` : '';
  return new InputError(`${prefix}cannot ${verb} ${where}: ${problem.meaning} (${error.code}); ${problem.remedy}`, undefined, { cause: error });
}
