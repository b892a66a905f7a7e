import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCliAsync } from '../../support/cli-process.js';
import { useTempDirs } from '../../support/temp-dir.js';

const EXAMPLE = path.join(ROOT, 'examples/programming-languages');

/** The failing test cases of a junit.xml: name → failure message (XML entities of the messages here are plain). */
function junitFailures(xml: string): Record<string, string> {
  const failures: Record<string, string> = {};
  for (const match of xml.matchAll(/<testcase classname="rag-eval\.bm25" name="([^"]+)" time="0"><failure message="([^"]+)" type="gate">/g)) {
    failures[match[1]!] = match[2]!;
  }
  return failures;
}

describe('junit.xml of a run agrees with `rag-eval compare --gates` (issue 10)', () => {
  const tempDir = useTempDirs();

  it('min gates on the mean and on the lower 95% bound fail in junit.xml exactly where compare fails them and exits 1', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(
      config,
      [
        `corpus: { path: ${EXAMPLE}/corpus }`,
        'chunking: { size: 1000, overlap: 0 }',
        `testSet: { path: ${EXAMPLE}/testset.jsonl }`,
        'relevance: { level: document }',
        'k: 4',
        'retrievers:',
        '  - { name: bm25, type: bm25 }',
        'metrics: [precision, recall, hit_rate, ndcg]',
        'history: { path: ./history.sqlite }',
        // Bundled example, bm25 at k = 4: precision 0.4615, recall 0.9615 (lower bound ≈ 0.5),
        // hit_rate 1 (lower bound ≈ 0.77), ndcg 0.9816.
        'gates:',
        '  precision: { min: 0.4 }',
        '  recall: { min: 0.9, minOn: lower }',
        '  hit_rate: { min: 0.6, minOn: lower }',
        '  ndcg: { min: 0.99 }',
        '',
      ].join('\n'),
    );
    const out = path.join(dir, 'run');
    const run = await runCliAsync(['run', config, '--out', out, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const xml = readFileSync(path.join(out, 'junit.xml'), 'utf8');
    expect(xml).toContain('<testsuites name="rag-eval" tests="4" failures="2" skipped="0">');
    const failures = junitFailures(xml);
    expect(Object.keys(failures)).toEqual(['recall min 0.9 on the lower 95% bound', 'ndcg min 0.99']);
    expect(failures['recall min 0.9 on the lower 95% bound']).toMatch(/^bm25 recall: lower 95% bound 0\.\d{4} is below min 0\.9 \(mean 0\.9615\)$/);
    expect(failures['ndcg min 0.99']).toBe('bm25 ndcg: mean 0.9816 is below min 0.99');

    const compare = await runCliAsync(['compare', out, out, '--gates', config]);
    expect(compare.code).toBe(1);
    const failedByCompare = compare.stderr.split('\n').filter((line) => line.startsWith('gate FAILED: ')).map((line) => line.slice('gate FAILED: '.length));
    expect(failedByCompare).toEqual(Object.values(failures));
    expect(compare.stderr).toContain('compare: 0 regression(s), 2 failed gate(s)');
    const passedByCompare = compare.stderr.split('\n').filter((line) => line.startsWith('gate passed: ')).map((line) => line.slice('gate passed: '.length));
    const passedInJunit = [...xml.matchAll(/name="[^"]+" time="0"><system-out>([^<]+)<\/system-out>/g)].map((m) => m[1]!.replace(/&gt;/g, '>'));
    expect(passedInJunit).toEqual(passedByCompare);
    expect(passedInJunit).toHaveLength(2);
  });
});
