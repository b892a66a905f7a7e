import { RagEvalError } from '../../kernel/errors.js';

/** Set by the first Ctrl-C; long stages check it between batches and stop cleanly. */
export interface StopSignal {
  readonly stopped: boolean;
}

export const neverStop: StopSignal = { stopped: false };

/** A run stopped on request; everything finished so far is on disk. Exit code 130 like a shell. */
export class RunInterruptedError extends RagEvalError {
  override readonly exitCode: number = 130;
}

export function throwIfStopped(signal: StopSignal, resumeHint: string): void {
  if (signal.stopped) throw new RunInterruptedError(`interrupted; finished work is saved. Resume with: ${resumeHint}`);
}
