import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type LoadedConfig } from '../../pipelines/config/load.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { useTempDirs } from '../support/temp-dir.js';
import { runCli } from '../support/cli-process.js';

/**
 * The corpus a real document store hands over: one run over all of it must finish, say what it
 * skipped and why, and still judge the readable documents correctly.
 */
describe('a hostile corpus, one run', () => {
  const tempDir = useTempDirs();

  // Generous timeout: 50 MB of text on a shared 2-core machine while other test files run.
  it('skips what it cannot read, names it, and scores the rest exactly', { timeout: 600_000 }, async () => {
    const dir = tempDir();
    const corpus = path.join(dir, 'corpus');
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]));
    writeFileSync(path.join(corpus, 'latin1.txt'), Buffer.from('caf\xe9 cr\xe8me', 'latin1'));
    writeFileSync(path.join(corpus, 'empty.md'), '');
    writeFileSync(path.join(corpus, 'blank.md'), ' \n\t\n');
    // BOM + CRLF: offsets are into the LF text without the BOM.
    writeFileSync(path.join(corpus, 'windows.txt'), '\uFEFFFirst line about otters.\r\nSecond line about beavers.\r\n');
    // Zero-width and right-to-left characters hidden inside words.
    writeFileSync(path.join(corpus, 'hidden.txt'), 'Pango\u200Blins eat \u202Eants\u202C and ter\u200Dmites.');
    writeFileSync(path.join(corpus, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    // A JSONL document several megabytes long on one line.
    const long = `${'filler words about nothing in particular. '.repeat(120_000)}The needle is a narwhal.`;
    writeFileSync(path.join(corpus, 'docs.jsonl'), `${JSON.stringify({ id: 'long-doc', text: long })}\n`);
    // A 50 MB document.
    const paragraph = `${'Rivers carry sediment to the sea over many years. '.repeat(10)}\n\n`;
    writeFileSync(path.join(corpus, 'huge.txt'), paragraph.repeat(Math.ceil((50 * 1024 * 1024) / paragraph.length)));

    const items = [
      { id: 'beavers', question: 'beavers', references: [{ docId: 'windows.txt', start: 25, end: 51, text: 'Second line about beavers.' }] },
      { id: 'termites', question: 'termites pangolins', references: [{ docId: 'hidden.txt' }] },
      { id: 'narwhal', question: 'narwhal needle', references: [{ docId: 'long-doc' }] },
    ];
    writeFileSync(path.join(dir, 'testset.jsonl'), items.map((i) => JSON.stringify(i)).join('\n'));
    const loaded: LoadedConfig = {
      config: parseConfig({
        corpus: { path: './corpus' },
        chunking: { size: 20000, overlap: 0 },
        testSet: { path: './testset.jsonl' },
        relevance: { level: 'document' },
        k: 1,
        retrievers: [{ name: 'bm25', type: 'bm25' }],
      }),
      file: path.join(dir, 'rag-eval.yaml'),
      baseDir: dir,
    };
    const result = await runPipeline({ loaded, outDir: path.join(dir, 'out'), clients: defaultClients(), progress: silentProgress });

    expect(result.summary.corpus.documents).toBe(4);
    const warnings = result.summary.corpus.warnings.join('\n');
    for (const name of ['binary.txt', 'latin1.txt', 'empty.md', 'blank.md', 'image.png']) expect(warnings).toContain(name);
    expect(result.summary.corpus.warnings).toHaveLength(5);
    // The span into the CRLF+BOM file was checked against the normalised text: no span warning.
    expect(result.summary.warnings.filter((w) => w.includes('span'))).toEqual([]);
    const mrr = result.summary.configurations[0]!.metrics.mrr!;
    expect(mrr).toEqual({ mean: 1, scored: 3, total: 3, nullReasons: {}, ci95: expect.anything() as unknown, ciMethod: 'wilson', sd: 0 });
  });
});

/** Config files that once ended in "internal error" (exit 70): now exit 2 with the option named, through the CLI users run. */
describe('hostile config files', () => {
  const tempDir = useTempDirs();

  it('a hybrid whose members chunk differently is exit 2 naming the option', () => {
    const config = path.join(tempDir(), 'rag-eval.yaml');
    writeFileSync(
      config,
      [
        'corpus: { path: ./corpus }',
        'testSet: { path: ./testset.jsonl }',
        'retrievers:',
        '  - { name: small, type: bm25, chunking: { size: 200, overlap: 0 } }',
        '  - { name: large, type: bm25 }',
        '  - { name: fused, type: hybrid, of: [small, large] }',
      ].join('\n'),
    );
    const run = runCli(['run', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: ${config}: invalid config\n  retrievers[2].of: fused retrievers must share one chunking; "small" uses size 200, overlap 0, ` +
        '"large" uses size 800, overlap 100 (give them the same chunking)\n',
    );
  });

  it('a YAML alias bomb is exit 2, not an expansion', () => {
    const config = path.join(tempDir(), 'rag-eval.yaml');
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    writeFileSync(config, `${levels.join('\n')}\n`);
    const run = runCli(['run', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${config}: not a usable YAML document: Excessive alias count indicates a resource exhaustion attack\n`);
  });
});
