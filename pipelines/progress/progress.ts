/** Progress on long stages: a live line on a terminal, periodic plain lines in CI logs. */
export interface ProgressSink {
  start(label: string, total: number): ProgressTask;
  info(message: string): void;
  warn(message: string): void;
}

export interface ProgressTask {
  tick(count?: number): void;
  done(summary?: string): void;
}

export const silentProgress: ProgressSink = {
  start: () => ({ tick() {}, done() {} }),
  info() {},
  warn() {},
};

interface StreamLike {
  write(text: string): unknown;
  isTTY?: boolean;
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Writes to stderr so stdout stays clean for `--json`. Without a TTY it prints at most one
 * line per `intervalMs` (CI logs do not render carriage returns).
 */
export function createStreamProgress(options: { stream?: StreamLike; quiet?: boolean; intervalMs?: number; now?: () => number } = {}): ProgressSink {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? (stream.isTTY ? 100 : 5000);
  const quiet = options.quiet ?? false;
  return {
    info: (message) => {
      if (!quiet) stream.write(`${message}\n`);
    },
    warn: (message) => {
      stream.write(`warning: ${message}\n`);
    },
    start(label, total) {
      const started = now();
      let count = 0;
      let lastPrint = started;
      const render = (final: boolean) => {
        if (quiet) return;
        const elapsed = (now() - started) / 1000;
        const rate = count / Math.max(elapsed, 1e-9);
        const eta = total > count ? formatEta((total - count) / rate) : '0s';
        const line = `${label}: ${count}/${total}${final ? ` in ${elapsed.toFixed(1)}s` : `, ETA ${eta}`}`;
        stream.write(stream.isTTY ? `\r\x1b[2K${line}${final ? '\n' : ''}` : `${line}\n`);
      };
      return {
        tick(n = 1) {
          count += n;
          const t = now();
          if (t - lastPrint >= interval && count < total) {
            lastPrint = t;
            render(false);
          }
        },
        done(summary) {
          render(true);
          if (summary && !quiet) stream.write(`  ${summary}\n`);
        },
      };
    },
  };
}
