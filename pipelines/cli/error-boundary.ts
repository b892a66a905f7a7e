import { asDiskFullError, DiskFullError, InputError, RagEvalError } from '../../kernel/errors.js';
import { fsErrorToInputError } from '../../kernel/fs-errors.js';

/**
 * The one place where an error that reaches the command line is sorted: a typed RagEvalError
 * passes through; a full disk, a filesystem error the user can fix (ENOTDIR, EACCES,
 * ENAMETOOLONG, …) or a parse error (JSON, a YAML alias bomb) becomes a typed error that names
 * the path and what to do. `undefined` means a defect in rag-eval itself ("internal error").
 */
export function toUserError(error: unknown): RagEvalError | undefined {
  const diskFull = asDiskFullError(error);
  if (diskFull instanceof DiskFullError) return diskFull;
  if (error instanceof RagEvalError) return error;
  const fsError = fsErrorToInputError(error);
  if (fsError) return fsError;
  if (!(error instanceof Error)) return undefined;
  // yaml refuses to expand a document whose aliases would multiply beyond a limit.
  if (error instanceof ReferenceError && /excessive alias count/i.test(error.message)) {
    return new InputError(`a YAML file uses too many aliases (${error.message}); write the values out or use fewer nested aliases`, undefined, { cause: error });
  }
  if (error instanceof SyntaxError && /JSON/.test(error.message)) {
    return new InputError(`a JSON file could not be read: ${error.message}; if it was edited by hand, restore it or start a new run`, undefined, { cause: error });
  }
  return undefined;
}
