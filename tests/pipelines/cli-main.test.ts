import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE_CORPUS = path.join(ROOT, 'examples/programming-languages/corpus');

/** Runs the real command line in a child process, as a user would. */
function cli(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/rag-eval.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('rag-eval command line', () => {
  const tempDir = useTempDirs();

  it('init → generate --offline → run, with the documented exit codes', () => {
    const dir = tempDir();
    expect(cli(['init', dir]).code).toBe(0);
    cpSync(EXAMPLE_CORPUS, path.join(dir, 'corpus'), { recursive: true });
    const config = path.join(dir, 'rag-eval.yaml');

    const generated = cli(['generate', config, '--offline']);
    expect(generated.code).toBe(0);
    // count counts questions; the keyword variants are named separately
    const testSetPath = path.join(dir, 'testset.jsonl').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(generated.stdout).toMatch(new RegExp(`^wrote 24 items: 12 questions \\+ 12 keyword variants \\(count \\d+\\) to ${testSetPath} `));
    const again = cli(['generate', config, '--offline']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; pass --force to replace it (nothing was written)');

    const out = path.join(dir, 'run');
    const run = cli(['run', config, '--quiet', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    for (const file of ['summary.json', 'report.md', 'retrieval.jsonl', 'scores.jsonl', 'trec/bm25.run', 'trec/bm25.qrels']) {
      expect(existsSync(path.join(out, file))).toBe(true);
    }
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('favour lexical retrievers');
  });

  it('--json prints the summary on stdout and nothing else', () => {
    const dir = tempDir();
    const run = cli(['run', path.join(ROOT, 'examples/programming-languages/rag-eval.yaml'), '--json', '--out', dir]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { configurations: { name: string }[] };
    expect(summary.configurations.map((c) => c.name)).toEqual(['bm25', 'use-dense', 'hybrid-rrf']);
  });

  it('--dry-run says what would run and spends nothing', () => {
    const run = cli(['run', path.join(ROOT, 'examples/programming-languages/rag-eval.yaml'), '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('would evaluate 13 questions over 12 documents with 3 configurations:');
    expect(run.stdout).toContain('LLM calls: 0, estimated cost: $0.00');
  });

  it('exits 2 with the option named on a bad config', () => {
    const dir = tempDir();
    const config = path.join(dir, 'bad.yaml');
    cpSync(path.join(ROOT, 'examples/programming-languages/rag-eval.yaml'), config);
    const text = readFileSync(config, 'utf8').replace('k: 4', 'k: five');
    writeFileSync(config, text);
    const run = cli(['run', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('k: expected a positive integer, got "five"');
  });

  it('exits 2 on unknown commands and missing files', () => {
    expect(cli(['bogus']).code).toBe(2);
    const missing = cli(['run', '/nonexistent/rag-eval.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: cannot read config file /nonexistent/rag-eval.yaml: ENOENT\n');
  });
});
