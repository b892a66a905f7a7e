import { availableParallelism, loadavg } from 'node:os';
import { defineConfig } from 'vitest/config';

// Most tests start real child processes; on a busy shared machine they take longer. Limits grow
// with the load seen at start (load per core, between 1× and 10×), so a test fails on what it
// checks, not on the machine being busy. Tests prove order with counters and logs, never windows.
const loadFactor = Math.min(10, Math.max(1, loadavg()[0]! / availableParallelism()));
const limitMs = Math.round(60_000 * loadFactor);

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
