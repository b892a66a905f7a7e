// Preloaded with `node --import ./tests/support/module-recorder.mjs`: every module URL the
// process resolves through the ES module loader (tsx's included) is appended, one per line, to
// the file named by RAG_EVAL_MODULE_LOG; at exit, every CommonJS file in require.cache too.
// Appends are synchronous, so the log is complete when the process has exited.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const logPath = process.env.RAG_EVAL_MODULE_LOG;
if (logPath) {
  register('./module-recorder-hooks.mjs', import.meta.url, { data: { logPath } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const files = Object.keys(require.cache);
    if (files.length > 0) appendFileSync(logPath, files.map((file) => `cjs:${file}\n`).join(''));
  });
}
