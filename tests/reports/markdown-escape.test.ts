import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipelines/config/load.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { md, mdCode, mdInline, mdText } from '../../reports/markdown-escape.js';
import { table } from '../../reports/markdown-table.js';
import { runCli } from '../pipelines/cli/run-cli.js';
import { useTempDirs } from '../support/temp-dir.js';
import { perQuestion, writeFixtureRun } from './run-fixtures.js';

const HOSTILE = 'What?\n# Injected <img src=x onerror=alert(1)> [link](javascript:alert(1)) *bold* `code` | $x$ &lt; #12';
const HOSTILE_ESCAPED = 'What? \\# Injected \\<img src=x onerror=alert(1)\\> \\[link\\](javascript:alert(1)) \\*bold\\* \\`code\\` \\| \\$x\\$ \\&lt; \\#12';

/** Lines a Markdown renderer would read as a heading, outside the ones rag-eval writes. */
const headings = (text: string) => text.split('\n').filter((line) => /^\s{0,3}#/.test(line));
/** `<` that is neither backslash-escaped nor inside a code span (a crude but strict check for this text). */
const rawHtml = (text: string) => text.replace(/(`+)[^`]*?\1/g, '').match(/(?<!\\)<(img|script|a |iframe)/gi) ?? [];

describe('Markdown escaping of data', () => {
  it('mdInline, mdText and mdCode', () => {
    expect(mdInline(HOSTILE)).toBe(HOSTILE_ESCAPED);
    expect(mdText('- item')).toBe('\\- item');
    expect(mdText('1. first')).toBe('1\\. first');
    expect(mdText('= underline')).toBe('\\= underline');
    expect(mdInline('a\r\nb\u2028c')).toBe('a b c');
    expect(mdCode('plain')).toBe('`plain`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('x\n# y')).toBe('`x # y`');
  });

  it('table cells: strings are data, md() is rag-eval markup whose bare pipes are escaped', () => {
    expect(table(['<b>name</b>', 'value'], [['a|b', md('**1.0** (2/2)')], ['x', md(`${mdCode('p|q')} and ${mdInline('r|s')}`)]])).toBe(
      ['| \\<b\\>name\\</b\\> | value |', '| --- | --- |', '| a\\|b | **1.0** (2/2) |', '| x | `p\\|q` and r\\|s |'].join('\n'),
    );
  });
});

describe('report.md and compare output show data as text', () => {
  const tempDir = useTempDirs();

  it('a hostile question, document id and configuration name', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'));
    const docId = '<img src=x onerror=alert(1)>.md';
    writeFileSync(path.join(dir, 'corpus', docId), 'Otters hold hands while they sleep.');
    writeFileSync(path.join(dir, 'corpus', 'b.md'), 'Beavers build dams.');
    writeFileSync(path.join(dir, 'testset.jsonl'), `${JSON.stringify({ id: 'q`1`', question: HOSTILE, references: [{ docId }] })}\n`);
    const loaded = {
      config: parseConfig({ corpus: { path: './corpus' }, testSet: { path: './testset.jsonl' }, k: 2, retrievers: [{ name: 'bm25', type: 'bm25' }], report: { queries: ['q`1`'] } }),
      file: path.join(dir, 'rag-eval.yaml'),
      baseDir: dir,
    };
    const result = await runPipeline({ loaded, outDir: path.join(dir, 'run'), clients: defaultClients(), progress: silentProgress });
    const report = readFileSync(result.reportPath, 'utf8');
    expect(report).toContain(`### \`\` q\`1\` \`\`: ${HOSTILE_ESCAPED}`);
    expect(report).toContain('Relevant: `<img src=x onerror=alert(1)>.md`');
    expect(report).toContain('✅ \\<img src=x onerror=alert(1)\\>.md');
    expect(rawHtml(report)).toEqual([]);
    expect(headings(report).filter((h) => /^#+\s*Injected/.test(h))).toEqual([]);
  });

  it('compare: configuration names and run paths from data', async () => {
    const dir = tempDir();
    const name = '<img src=x onerror=alert(1)>\n# owned';
    const scores = { recall: perQuestion([0.5, 0.5, 0.5]) };
    const a = writeFixtureRun(path.join(dir, 'a`<script>x</script>`'), { configurations: { [name]: scores } });
    const b = writeFixtureRun(path.join(dir, 'b'), { configurations: { [name]: scores } });
    const result = await runCli(['compare', a, b]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Baseline \`\` ${a} \`\` → candidate \`${b}\``);
    expect(result.stdout).toContain('### \\<img src=x onerror=alert(1)\\> \\# owned (3 shared questions)');
    expect(rawHtml(result.stdout)).toEqual([]);
    expect(headings(result.stdout).filter((h) => /^#+\s*owned/.test(h))).toEqual([]);
  });
});
