import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliAndKill } from '../../support/cli-process.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { createRng as seeded } from '../../../kernel/prng.js';

function makeProject(dir: string): string {
  const random = seeded(7);
  const words = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x`);
  mkdirSync(path.join(dir, 'corpus'));
  const items: string[] = [];
  for (let d = 0; d < 300; d++) {
    const text = Array.from({ length: 60 }, () => words[Math.floor(random() * words.length)]).join(' ');
    writeFileSync(path.join(dir, 'corpus', `doc${d}.txt`), text);
    for (let q = 0; q < 10; q++) {
      const question = Array.from({ length: 3 }, () => text.split(' ')[Math.floor(random() * 60)]).join(' ');
      items.push(JSON.stringify({ id: `q${d}-${q}`, question, references: [{ docId: `doc${d}.txt` }] }));
    }
  }
  writeFileSync(path.join(dir, 'testset.jsonl'), `${items.join('\n')}\n`);
  const config = path.join(dir, 'rag-eval.yaml');
  writeFileSync(
    config,
    [
      'corpus: { path: ./corpus }',
      'testSet: { path: ./testset.jsonl }',
      'chunking: { size: 2000, overlap: 0 }',
      'k: 10',
      'retrievers:',
      '  - { name: bm25, type: bm25 }',
      '  - { name: bm25-plain, type: bm25, bm25: { stemming: false, stopWords: false, k1: 0.9, b: 0.4 } }',
      'history: { path: ./history.sqlite }',
    ].join('\n'),
  );
  return config;
}

interface ScoreLine {
  configuration: string;
  qid: string;
  scores: Record<string, { value: number | null }>;
}

function scoresOf(runDir: string): string[] {
  return readFileSync(path.join(runDir, 'scores.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ScoreLine)
    .map((line) => `${line.configuration} ${line.qid} ${JSON.stringify(line.scores)}`)
    .sort();
}

function retrievalKeys(runDir: string): string[] {
  return readFileSync(path.join(runDir, 'retrieval.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { configuration: string; qid: string; hits: { chunkId: string }[] })
    .map((r) => `${r.configuration} ${r.qid} ${r.hits.map((h) => h.chunkId).join(',')}`);
}

describe('kill -9 during retrieval, then --resume', () => {
  const tempDir = useTempDirs();

  it('ends with the same scores as an uninterrupted run and no duplicate rows (10 trials)', { timeout: 1_800_000 }, async () => {
    const dir = tempDir();
    const config = makeProject(dir);
    const reference = path.join(dir, 'reference');
    expect(runCli(['run', config, '--quiet', '--out', reference]).code).toBe(0);
    const logBytes = statSync(path.join(reference, 'retrieval.jsonl')).size;
    const expectedScores = scoresOf(reference);
    const expectedRetrievals = new Set(retrievalKeys(reference));
    expect(expectedScores).toHaveLength(6000);

    const random = seeded(2024);
    let killedMidRun = 0;
    for (let trial = 0; trial < 10; trial++) {
      const runDir = path.join(dir, `trial-${trial}`);
      // Kill at a random point of the retrieval stage (seeded): once its log holds a random share of its final size.
      const log = path.join(runDir, 'retrieval.jsonl');
      const killAt = Math.floor(random() * logBytes);
      const { killed } = await runCliAndKill(['run', config, '--quiet', '--out', runDir], {
        ready: () => existsSync(path.join(runDir, 'run-state.json')) && existsSync(log) && statSync(log).size >= killAt,
        afterMs: 0,
      });
      const startedRun = existsSync(path.join(runDir, 'run-state.json'));
      if (killed && startedRun) killedMidRun++;
      const resumed = !killed
        ? { code: 0, stderr: '' }
        : startedRun
          ? runCli(['run', config, '--quiet', '--resume', runDir])
          : runCli(['run', config, '--quiet', '--out', runDir]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(scoresOf(runDir)).toEqual(expectedScores);
      const keys = retrievalKeys(runDir);
      expect(new Set(keys.map((k) => k.split(' ').slice(0, 2).join(' '))).size).toBe(keys.length);
      expect(keys).toHaveLength(6000);
      for (const key of keys) expect(expectedRetrievals.has(key)).toBe(true);
    }
    // The kill points must really interrupt runs, or the test proves nothing.
    expect(killedMidRun).toBeGreaterThanOrEqual(8);
  });
});
