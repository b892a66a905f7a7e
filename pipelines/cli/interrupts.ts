import type { StopSignal } from '../run-state/stop-signal.js';

/**
 * Ctrl-C / SIGTERM handling for long runs: the first signal asks the stages to stop after the
 * batch in flight (its results are written, the directory stays resumable); a second one exits
 * at once (still resumable: logs are fsynced per batch and a torn last line is dropped).
 */
export function installInterruptHandlers(announce: (message: string) => void): { signal: StopSignal; dispose: () => void } {
  const signal = { stopped: false };
  const onSignal = (name: NodeJS.Signals) => {
    if (signal.stopped) {
      announce(`${name} again: exiting now; the run directory can still be resumed`);
      process.exit(130);
    }
    signal.stopped = true;
    announce(`${name}: finishing the current batch, then stopping (press Ctrl-C again to quit at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
