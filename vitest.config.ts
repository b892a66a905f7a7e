import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests that spawn bin/rag-eval.js run the compiled dist/, as users do: built once, when stale.
    globalSetup: ['./tests/support/build-dist.ts'],
    reporters: ['default', './tests/support/closing-line-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
