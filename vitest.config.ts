import { availableParallelism, loadavg } from 'node:os';
import { defineConfig } from 'vitest/config';

// Most tests start real child processes; on a busy shared machine they take longer, and the load
// can rise after the suite starts. So every test gets at least 10 minutes (a limit only matters to
// a test that hangs), more when the machine is already busy at start (load per core, up to 10×).
// Tests prove order with counters and logs, never windows; none sets a shorter limit of its own.
const loadFactor = Math.min(10, Math.max(1, loadavg()[0]! / availableParallelism()));
const limitMs = Math.max(600_000, Math.round(60_000 * loadFactor));

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests that spawn bin/rag-eval.js run the compiled dist/, as users do: built once, when stale.
    globalSetup: ['./tests/support/build-dist.ts'],
    reporters: ['default', './tests/support/closing-line-reporter.ts'],
    testTimeout: limitMs,
    hookTimeout: limitMs,
  },
});
