/**
 * Typed errors. Every error the user can cause is a RagEvalError subclass whose
 * message names the file, line or option at fault and what was expected.
 * `exitCode` follows the CLI contract: 2 bad usage/input, 3 external service.
 */
export class RagEvalError extends Error {
  readonly exitCode: number = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A config file or option is invalid. */
export class ConfigError extends RagEvalError {}

/** An input file (corpus, test set, qrels, run) is missing or malformed. */
export class InputError extends RagEvalError {
  constructor(
    message: string,
    readonly location?: { file: string; line?: number },
    options?: { cause?: unknown },
  ) {
    super(location ? `${formatLocation(location)}: ${message}` : message, options);
  }
}

/** An external service (LLM endpoint, embedding server, vector database) failed. */
export class ExternalServiceError extends RagEvalError {
  override readonly exitCode: number = 3;
}

export function formatLocation(location: { file: string; line?: number }): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}

/** A write failed because the disk (or quota) is full; what was written before stays valid. */
export class DiskFullError extends RagEvalError {}

/** Turns ENOSPC/EDQUOT from a write into DiskFullError naming the file; other errors pass through. */
export function asDiskFullError(error: unknown, file?: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return error;
  const target = file ?? (error as NodeJS.ErrnoException).path ?? 'a file';
  return new DiskFullError(`no space left on device (${code}) while writing ${target}`, { cause: error });
}
