// Loader hooks of module-recorder.mjs (they run on the loader thread).
import { appendFileSync } from 'node:fs';

let logPath;

export function initialize(data) {
  logPath = data.logPath;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(logPath, `${result.url}\n`);
  return result;
}
