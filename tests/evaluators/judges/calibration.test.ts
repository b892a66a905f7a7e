import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { agreement, cohensKappa } from '../../../evaluators/statistics/agreement.js';
import { runCli } from '../../pipelines/cli/run-cli.js';
import { TEST_API_KEY } from '../../support/llm-client.js';
import { reply, startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
let server: OpenAiServer | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
});

describe('agreement maths', () => {
  it('kappa, precision, recall, F1 for a hand-computed confusion matrix', () => {
    // TP 4, FP 1, FN 2, TN 3: po = 0.7; pe = (5·6 + 5·4) / 100 = 0.5; κ = 0.2 / 0.5 = 0.4
    const pairs = [
      ...Array.from({ length: 4 }, () => ({ judge: true, human: true })),
      { judge: true, human: false },
      ...Array.from({ length: 2 }, () => ({ judge: false, human: true })),
      ...Array.from({ length: 3 }, () => ({ judge: false, human: false })),
    ];
    const a = agreement(pairs);
    expect(a).toMatchObject({ tp: 4, fp: 1, fn: 2, tn: 3, n: 10, accuracy: 0.7, precision: 0.8 });
    expect(a.kappa).toBeCloseTo(0.4, 15);
    expect(a.recall).toBeCloseTo(2 / 3, 15);
    expect(a.f1).toBeCloseTo(8 / 11, 15);
  });

  it('undefined ratios are null, never NaN', () => {
    expect(agreement([])).toMatchObject({ n: 0, accuracy: null, kappa: null, precision: null, recall: null, f1: null });
    // both raters always say yes: pe = 1
    expect(cohensKappa({ tp: 3, fp: 0, fn: 0, tn: 0 })).toBeNull();
    // the judge never says yes: precision undefined, recall and F1 0
    expect(agreement([{ judge: false, human: true }, { judge: false, human: false }])).toMatchObject({ precision: null, recall: 0, f1: 0, kappa: 0 });
  });
});

describe('rag-eval calibrate', () => {
  it('judges every labelled item through the loopback endpoint and prints agreement per metric', async () => {
    server = await startOpenAiServer({
      chat: (body) => {
        const user = String(body.messages.find((m) => m.role === 'user')?.content ?? '');
        const tool = body.tools?.[0]?.function.name;
        if (tool === 'judge_statements') {
          if (user.includes('[broken]')) return reply.content('no idea');
          return reply.tool({ verdicts: [{ id: 1, reason: 'r', supported: user.includes('[judge yes]') }] }, { usage: { promptTokens: 100, completionTokens: 10 } });
        }
        if (tool === 'judge_contexts') return reply.tool({ verdicts: [{ id: 1, reason: 'r', useful: user.includes('useful chunk') }] });
        return reply.status(400);
      },
    });
    const dir = tempDir();
    const statement = (judge: boolean, human: boolean, i: number) => ({ metric: 'faithfulness', statement: `S${i} [judge ${judge ? 'yes' : 'no'}]`, contexts: ['ctx'], label: human });
    const lines = [
      ...[0, 1, 2, 3].map((i) => statement(true, true, i)),
      statement(true, false, 4),
      statement(false, true, 5),
      statement(false, true, 6),
      ...[7, 8, 9].map((i) => statement(false, false, i)),
      { metric: 'faithfulness', statement: 'S10 [broken]', contexts: ['ctx'], label: true },
      { metric: 'context_precision', question: 'q', referenceAnswer: 'a', contexts: ['a useful chunk'], label: 0.9 },
      { metric: 'context_precision', question: 'q', referenceAnswer: 'a', contexts: ['noise'], label: true },
    ];
    const labels = path.join(dir, 'labels.jsonl');
    writeFileSync(labels, lines.map((l) => JSON.stringify(l)).join('\n'));
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(config, stringify({ corpus: { path: './corpus' }, retrievers: [{ name: 'b', type: 'bm25' }], llm: { model: 'test-model', baseURL: server.baseURL, cache: false } }));
    vi.stubEnv('OPENAI_API_KEY', TEST_API_KEY);

    const json = await runCli(['calibrate', labels, '--config', config, '--json']);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as { metrics: Record<string, unknown>[]; items: { judge: boolean | null; reason?: string }[]; usage: { requests: number } };
    expect(result.metrics[0]).toMatchObject({ metric: 'faithfulness', n: 10, unscored: 1, tp: 4, fp: 1, fn: 2, tn: 3, accuracy: 0.7, precision: 0.8 });
    expect(result.metrics[0]!.kappa).toBeCloseTo(0.4, 12);
    expect(result.metrics[0]!.f1).toBeCloseTo(8 / 11, 12);
    expect(result.metrics[1]).toMatchObject({ metric: 'context_precision', n: 2, tp: 1, fn: 1, accuracy: 0.5, precision: 1, recall: 0.5 });
    expect(result.items[10]).toMatchObject({ judge: null });
    expect(result.items[10]!.reason).toMatch(/after one repair request/);
    // 13 items, one of them repaired once
    expect(result.usage.requests).toBe(14);

    const text = await runCli(['calibrate', labels, '--config', config]);
    expect(text.stdout).toContain('| faithfulness | 10 | 1 | 0.7000 | 0.4000 | 0.8000 | 0.6667 | 0.7273 | 4/1/2/3 |');
    writeFileSync(labels, '{"metric": "faithfulness", "label": "yes"}\n');
    const bad = await runCli(['calibrate', labels, '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('labels.jsonl:1');
  });
});
