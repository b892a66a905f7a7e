#!/usr/bin/env node
// Runs the compiled command line in dist/ (built by `npm run build`, and by `prepare` on
// `npm ci` / `npm install`), so users need no TypeScript loader.
const entry = new URL('../dist/pipelines/cli/main.js', import.meta.url);
let cli;
try {
  cli = await import(entry.href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(entry.pathname)) {
    process.stderr.write('rag-eval: dist/ is missing; build it with `npm run build` (npm ci and npm install do this)\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await cli.main(process.argv.slice(2));
