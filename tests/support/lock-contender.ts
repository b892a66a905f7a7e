/**
 * A child process for the run-lock race test: for each round it waits until `go-<round>` exists,
 * tries to take `round-<round>/run.lock` (stale), writes `result-<round>-<id>` ("won"/"lost")
 * and keeps whatever it won until the process ends.
 * Usage: node --import tsx lock-contender.ts DIR ID ROUNDS
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { acquireRunLock, RunLockedError } from '../../pipelines/run-state/run-lock.js';

const [dir, id, roundsText] = process.argv.slice(2) as [string, string, string];
const rounds = Number(roundsText);
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

for (let round = 0; round < rounds; round++) {
  while (!existsSync(path.join(dir, `go-${round}`))) await nextTick();
  let result = 'won';
  try {
    acquireRunLock(path.join(dir, `round-${round}`), () => {});
  } catch (error) {
    if (!(error instanceof RunLockedError)) throw error;
    result = 'lost';
  }
  // Written aside, then renamed: the test counts result files as they appear, and a file created
  // but not yet written (the contender descheduled in between) read as empty, a "0 winners" round.
  const temp = path.join(dir, `.partial-${round}-${id}`);
  writeFileSync(temp, result);
  renameSync(temp, path.join(dir, `result-${round}-${id}`));
}
