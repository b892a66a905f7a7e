import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliAndSignal } from '../../support/cli-process.js';
import { useTempDirs } from '../../support/temp-dir.js';

function makeProject(dir: string, questionsPerDocument: number): string {
  mkdirSync(path.join(dir, 'corpus'));
  const items: string[] = [];
  for (let d = 0; d < 200; d++) {
    writeFileSync(path.join(dir, 'corpus', `doc${d}.txt`), `document ${d} talks about topic${d} and topic${(d * 7) % 200}`);
    for (let q = 0; q < questionsPerDocument; q++) items.push(JSON.stringify({ id: `q${d}-${q}`, question: `topic${d} ${q}`, references: [{ docId: `doc${d}.txt` }] }));
  }
  writeFileSync(path.join(dir, 'testset.jsonl'), `${items.join('\n')}\n`);
  const config = path.join(dir, 'rag-eval.yaml');
  writeFileSync(
    config,
    [
      'corpus: { path: ./corpus }',
      'testSet: { path: ./testset.jsonl }',
      'k: 5',
      'retrievers:',
      '  - { name: bm25, type: bm25 }',
      'history: { path: ./history.sqlite }',
    ].join('\n'),
  );
  return config;
}

describe('stopping and resuming a run', () => {
  const tempDir = useTempDirs();

  it('Ctrl-C finishes the batch, exits 130 with the resume command, and the resume completes', async () => {
    const dir = tempDir();
    const config = makeProject(dir, 200);
    const runDir = path.join(dir, 'run');
    // Interrupt once retrieval has written its first batch; 40,000 questions take far longer than that.
    const log = path.join(runDir, 'retrieval.jsonl');
    const stopped = await runCliAndSignal(['run', config, '--out', runDir], { ready: () => existsSync(log) && statSync(log).size > 0, afterMs: 0, signal: 'SIGINT' });
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('SIGINT: finishing the current batch, then stopping');
    expect(stopped.stderr).toContain(`Resume with: rag-eval run ${config} --resume ${runDir}`);
    expect(JSON.parse(readFileSync(path.join(runDir, 'run-state.json'), 'utf8')).status).toBe('interrupted');
    const resumed = runCli(['run', config, '--quiet', '--resume', runDir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readFileSync(path.join(runDir, 'retrieval.jsonl'), 'utf8').trim().split('\n')).toHaveLength(40_000);
  });

  it('refuses a second writer, a changed config, and a directory that already holds a run', () => {
    const dir = tempDir();
    const config = makeProject(dir, 2);
    const runDir = path.join(dir, 'run');
    expect(runCli(['run', config, '--quiet', '--out', runDir]).code).toBe(0);

    const again = runCli(['run', config, '--out', runDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${runDir} already holds a run; resume it with --resume ${runDir} or choose another --out`);

    writeFileSync(path.join(runDir, 'run.lock'), `${process.pid} ${hostname()}`);
    const locked = runCli(['run', config, '--resume', runDir]);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain(`${runDir} is being written by another rag-eval process (pid ${process.pid}`);

    writeFileSync(path.join(runDir, 'run.lock'), '');
    writeFileSync(config, `${readFileSync(config, 'utf8').replace('k: 5', 'k: 6')}\n`);
    const changed = runCli(['run', config, '--resume', runDir]);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain(`--resume: the config changed since ${runDir} was started`);
  });
});
