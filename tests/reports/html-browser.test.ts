import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipelines/config/load.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { renderHtmlReport } from '../../reports/html/html-report.js';
import type { ReportQuestion } from '../../reports/html/report-data.js';
import { useTempDirs } from '../support/temp-dir.js';
import { loopbackRuntime } from '../support/llm-client.js';
import { reply, startOpenAiServer } from '../support/openai-server.js';
import { fixtureSummary } from './run-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.log(`skipped: chromium not found at ${CHROMIUM}`);

const EVIL = '<script>alert(1)</script>';

/** Opens a file, recording every request, console error and dialog. */
async function openReport(browser: Browser, file: string) {
  const page = await browser.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // Anything but the report itself is aborted, so a stray fetch cannot hang the test; it is still recorded.
  const url = pathToFileURL(file).href;
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url);
  await page.waitForLoadState('load');
  return { page, url, requests, consoleErrors, dialogs };
}

describe.skipIf(!available)('report.html in headless Chromium', () => {
  const tempDir = useTempDirs();
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a run over a hostile corpus: no console errors, no request but the file, charts drawn, the script shows as text, no dialog', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'));
    writeFileSync(path.join(dir, 'corpus', 'evil.md'), `Cats purr loudly. ${EVIL} and <img src="http://127.0.0.1:9/x.png" onerror="alert(2)"> sleep.`);
    writeFileSync(path.join(dir, 'corpus', 'dogs.md'), 'Dogs bark at the mailman every morning.');
    const items = [
      { id: 'q-cats', question: `which animal purrs ${EVIL}`, referenceAnswer: `cats <b onmouseover="alert(3)">bold</b>`, references: [{ docId: 'evil.md' }] },
      { id: 'q-dogs', question: 'who barks at the mailman', references: [{ docId: 'dogs.md' }] },
    ];
    writeFileSync(path.join(dir, 'testset.jsonl'), items.map((i) => JSON.stringify(i)).join('\n'));
    const config = parseConfig({
      corpus: { path: './corpus' },
      testSet: { path: './testset.jsonl' },
      k: 2,
      retrievers: [{ name: 'bm25', type: 'bm25' }, { name: 'bm25-plain', type: 'bm25', bm25: { stemming: false, stopWords: false } }],
    });
    const outDir = path.join(dir, 'run');
    await runPipeline({ loaded: { config, file: path.join(dir, 'rag-eval.yaml'), baseDir: dir }, outDir, clients: defaultClients(), progress: silentProgress });
    const file = path.join(outDir, 'report.html');
    expect(readFileSync(file, 'utf8').match(/<script/g)).toHaveLength(1);

    const { page, url, requests, consoleErrors, dialogs } = await openReport(browser, file);
    await page.locator('details.question').first().evaluate((el) => ((el as HTMLDetailsElement).open = true));
    await page.mouse.move(10, 10);
    expect(requests).toEqual([url]);
    expect(consoleErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('figure svg').count()).toBe(2);
    expect(await page.locator('table.summary tbody tr').count()).toBe(2);
    const text = await page.locator('#questions').textContent();
    expect(text).toContain(`which animal purrs ${EVIL}`);
    expect(text).toContain(`Cats purr loudly. ${EVIL} and <img src="http://127.0.0.1:9/x.png" onerror="alert(2)"> sleep.`);
    expect(text).toContain('cats <b onmouseover="alert(3)">bold</b>');
    expect(await page.locator('#questions img, #questions b[onmouseover], #questions script').count()).toBe(0);
    await page.close();
  });

  it('imported answers with judge verdicts: the answer and each judge reason show as text, the cost-vs-quality chart is drawn', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'));
    writeFileSync(path.join(dir, 'corpus', 'cats.md'), 'Cats purr loudly.');
    writeFileSync(path.join(dir, 'corpus', 'dogs.md'), 'Dogs bark at the mailman every morning.');
    const items = [
      { id: 'q-cats', question: 'which animal purrs', references: [{ docId: 'cats.md' }] },
      { id: 'q-dogs', question: 'who barks at the mailman', references: [{ docId: 'dogs.md' }] },
    ];
    writeFileSync(path.join(dir, 'testset.jsonl'), items.map((i) => JSON.stringify(i)).join('\n'));
    writeFileSync(path.join(dir, 'answers.jsonl'), JSON.stringify({ id: 'q-cats', answer: `Cats purr. ${EVIL}`, contexts: ['Cats purr loudly.'], retrievedIds: ['cats.md'] }));
    const server = await startOpenAiServer({
      chat: (body) => {
        const tool = body.tools?.[0]?.function.name;
        if (tool === 'list_statements') return reply.tool({ statements: ['Cats purr.', `The page says ${EVIL}`] }, { usage: { promptTokens: 100, completionTokens: 10 } });
        return reply.tool(
          {
            verdicts: [
              { id: 1, reason: 'stated in context 1', supported: true },
              { id: 2, reason: `not in any context <img src=x onerror="alert(4)">`, supported: false },
            ],
          },
          { usage: { promptTokens: 300, completionTokens: 20 } },
        );
      },
    });
    const runtime = loopbackRuntime(server, dir, { prices: { 'test-model': { input: 1, output: 2 } } });
    try {
      const config = parseConfig({
        corpus: { path: './corpus' },
        testSet: { path: './testset.jsonl' },
        relevance: { level: 'document' },
        k: 2,
        retrievers: [{ name: 'bm25', type: 'bm25' }],
        metrics: ['precision', 'faithfulness'],
        answers: { source: 'import', path: './answers.jsonl', name: 'app' },
        llm: { model: 'test-model', baseURL: server.baseURL },
      });
      const outDir = path.join(dir, 'run');
      await runPipeline({ loaded: { config, file: path.join(dir, 'rag-eval.yaml'), baseDir: dir }, outDir, clients: defaultClients(), progress: silentProgress, llm: runtime.client });
      const file = path.join(outDir, 'report.html');
      const { page, url, requests, consoleErrors, dialogs } = await openReport(browser, file);
      for (const el of await page.locator('details').all()) await el.evaluate((d) => ((d as HTMLDetailsElement).open = true));
      expect(requests).toEqual([url]);
      expect(consoleErrors).toEqual([]);
      expect(dialogs).toEqual([]);
      // metric bars, latency (bm25 only) and cost vs quality
      expect(await page.locator('figure svg').count()).toBe(3);
      expect(await page.locator('figure svg').nth(2).textContent()).toContain('Cost vs quality');
      const cats = page.locator('details.question').first();
      expect(await cats.locator('.answer blockquote').textContent()).toBe(`Cats purr. ${EVIL}`);
      const verdicts = await cats.locator('details.judge[data-metric="faithfulness"] li').allTextContents();
      expect(verdicts).toEqual(['✓ Cats purr. — stated in context 1', `✗ The page says ${EVIL} — not in any context <img src=x onerror="alert(4)">`]);
      expect(await cats.locator('section.config').nth(1).locator('details.judge summary').textContent()).toBe('faithfulness: 0.5000');
      expect(await cats.locator('section.config').first().locator('details.judge summary').textContent()).toBe('faithfulness: null — no answer to judge');
      // bm25 has no answer in import mode: its faithfulness shows null with the reason
      expect(await cats.locator('section.config').first().locator('ul.scores').textContent()).toContain('faithfulness: null — no answer to judge');
      const dogs = page.locator('details.question').nth(1);
      expect(await dogs.locator('section.config').nth(1).locator('ul.scores').textContent()).toContain('faithfulness: null — no imported answer for this question');
      expect(await page.locator('#questions img, #questions script').count()).toBe(0);
      await page.close();
    } finally {
      runtime.close();
      await server.close();
    }
  });

  it('the filter shows questions that fail in B but not in A', async () => {
    const dir = tempDir();
    const scores = (a: number | null, b: number | null): ReportQuestion['configurations'] => ({
      A: { hits: [], scores: { recall: a === null ? { value: null, reason: 'no relevant items' } : { value: a } }, latencyMs: 1 },
      B: { hits: [], scores: { recall: b === null ? { value: null, reason: 'no relevant items' } : { value: b } }, latencyMs: 2 },
    });
    const questions: ReportQuestion[] = [
      { qid: 'both-pass', question: 'q1', referenceAnswer: null, references: [], configurations: scores(1, 1) },
      { qid: 'b-fails', question: 'q2', referenceAnswer: null, references: [], configurations: scores(1, 0) },
      { qid: 'a-fails', question: 'q3', referenceAnswer: null, references: [], configurations: scores(0, 1) },
      { qid: 'b-null', question: 'q4', referenceAnswer: null, references: [], configurations: scores(1, null) },
      { qid: 'b-low', question: 'q5', referenceAnswer: null, references: [], configurations: scores(0.75, 0.25) },
    ];
    const summary = fixtureSummary({ configurations: { A: { recall: { x: 1 } }, B: { recall: { x: 0 } } } });
    const file = path.join(dir, 'report.html');
    writeFileSync(file, await renderHtmlReport({ summary, questions }));
    const { page, consoleErrors } = await openReport(browser, file);
    const visible = () => page.locator('details.question:not([hidden]) code').allTextContents();
    expect(await page.textContent('#f-count')).toBe('5 of 5 questions shown');
    await page.check('#f-on');
    expect(await visible()).toEqual(['b-fails', 'b-low']);
    expect(await page.textContent('#f-count')).toBe('2 of 5 questions shown');
    await page.fill('#f-threshold', '0.2');
    expect(await visible()).toEqual(['b-fails']);
    await page.selectOption('#f-a', 'B');
    await page.selectOption('#f-b', 'A');
    expect(await visible()).toEqual(['a-fails']);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
