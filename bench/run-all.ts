/**
 * `npm run bench`: every benchmark in sequence, each printing its medians. Pass names to run
 * a subset: `npm run bench -- bm25 ir-metrics`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.includes(file.replace('.bench.ts', '')))
  .sort();

for (const file of files) {
  console.log(`\n== ${file.replace('.bench.ts', '')} ==`);
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { main?: () => Promise<unknown> };
  if (typeof module.main !== 'function') throw new Error(`bench/${file} exports no main()`);
  await module.main();
}
