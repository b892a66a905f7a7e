import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyAlerts, median } from '../../../pipelines/history/alerts.js';
import { gitCommit } from '../../../pipelines/history/git.js';
import { HistoryStore, type HistoryRun } from '../../../pipelines/history/store.js';
import { sparkline } from '../../../pipelines/history/history-report.js';
import { RunSummary } from '../../../reports/summary-schema.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { runCli } from '../cli/run-cli.js';

function run(id: number, recall: number | null): HistoryRun {
  return {
    id,
    runAt: `2026-01-0${id}T00:00:00.000Z`,
    gitCommit: null,
    configFile: '/x/rag-eval.yaml',
    configHash: 'c',
    corpusHash: 'd',
    testSetHash: 't',
    outDir: `/runs/${id}`,
    metrics: [{ configuration: 'bm25', metric: 'recall', mean: recall, scored: 1, total: 1 }],
  };
}

describe('history alerts', () => {
  it('median of odd and even counts', () => {
    expect(median([0.9, 0.7, 0.85])).toBe(0.85);
    expect(median([0.9, 0.7])).toBe(0.8);
  });

  it('alerts when the mean falls more than alertMargin below the median of the last `window` earlier runs, if those runs are steady', () => {
    const previous = [run(1, 0.5), run(2, 0.85), run(3, 0.86), run(4, null), run(5, 0.85)];
    const alert = (mean: number) => historyAlerts({ previous, current: [{ configuration: 'bm25', metric: 'recall', mean, scored: 1, total: 1 }], window: 3, alertMargin: 0.02 });
    // the last 3 earlier values (null skipped): 0.85, 0.86, 0.85 → median 0.85; 0.5 is outside the window.
    // Their sd 0.005774 × t(0.95, 2) 2.919986 × √(1 + π/6) 1.234341 = 0.020809 > alertMargin: the noise sets the bar.
    const [a] = alert(0.8);
    expect(a).toMatchObject({ configuration: 'bm25', metric: 'recall', mean: 0.8, median: 0.85, runs: 3 });
    expect(a!.threshold).toBeCloseTo(0.020809, 5);
    expect(a!.message).toBe('history alert: bm25 recall 0.8000 is 0.0500 below the median 0.8500 of the 3 runs before (threshold 0.0208: noise of the last 3 runs, sd 0.0058)');
    expect(alert(0.83)).toEqual([]); // a drop of 0.02 is inside that noise
    expect(historyAlerts({ previous: [], current: [{ configuration: 'bm25', metric: 'recall', mean: 0, scored: 1, total: 1 }], window: 3, alertMargin: 0 })).toEqual([]);
  });

  it('noisy nights raise the bar (behaviour changed on purpose: a fixed 0.02 alerted on most nights of a noisy metric)', () => {
    const previous = [run(1, 0.9), run(2, 0.7), run(3, 0.85)];
    const current = [{ configuration: 'bm25', metric: 'recall', mean: 0.8, scored: 1, total: 1 }];
    expect(historyAlerts({ previous, current, window: 3, alertMargin: 0.02 })).toEqual([]);
    // the same drop alerts on steady history
    expect(historyAlerts({ previous: [run(1, 0.85), run(2, 0.85), run(3, 0.85)], current, window: 3, alertMargin: 0.02 })).toHaveLength(1);
  });

  it('with one earlier run the current run\'s standard error sets the bar; consecutive nights; input changes are named', () => {
    const current = [{ configuration: 'bm25', metric: 'recall', mean: 0.8, scored: 50, total: 50 }];
    const currentSd = new Map([['bm25\u0000recall', 0.3]]);
    // √2 · z(0.95) · 0.3/√50 = 1.414214 · 1.644854 · 0.042426 = 0.098692 > 0.05 drop: no alert
    expect(historyAlerts({ previous: [run(1, 0.85)], current, window: 7, alertMargin: 0.02, currentSd })).toEqual([]);
    expect(historyAlerts({ previous: [run(1, 0.85)], current, window: 7, alertMargin: 0.02 })).toHaveLength(1);
    // steady 0.85, then one night at 0.8 (below), now 0.8 again: two in a row
    const steady = [1, 2, 3, 4].map((i) => run(i, 0.85));
    const twice = historyAlerts({ previous: [...steady, run(5, 0.8)], current, window: 4, alertMargin: 0.02, consecutive: 2 });
    expect(twice).toHaveLength(1);
    expect(twice[0]!.message).toContain('for 2 runs in a row');
    expect(historyAlerts({ previous: [...steady, run(5, 0.85)], current, window: 4, alertMargin: 0.02, consecutive: 2 })).toEqual([]);
    const other = historyAlerts({ previous: steady, current, window: 4, alertMargin: 0.02, inputs: { testSetHash: 'new', corpusHash: 'd' } });
    expect(other[0]!.message).toMatch(/; note: the test set changed within these runs$/);
    expect(historyAlerts({ previous: steady, current, window: 4, alertMargin: 0.02, inputs: { testSetHash: 'new', corpusHash: 'd' }, sameInputs: true })).toEqual([]);
  });

  it('sparklines scale between min and max', () => {
    expect(sparkline([0, 0.5, 1, null])).toBe('▁▅█·');
    expect(sparkline([0.3, 0.3])).toBe('▄▄');
  });
});

describe('history store and git', () => {
  const tempDir = useTempDirs();

  it('records runs and returns the most recent of one config, oldest first', () => {
    const file = path.join(tempDir(), 'h', 'history.sqlite');
    const store = HistoryStore.open(file);
    for (const r of [run(1, 0.5), run(2, 0.9), run(3, null)]) store.record(r);
    store.record({ ...run(4, 0.1), configFile: '/other.yaml' });
    const recent = store.recent('/x/rag-eval.yaml', 2);
    expect(recent.map((r) => [r.runAt, r.metrics[0]!.mean])).toEqual([['2026-01-02T00:00:00.000Z', 0.9], ['2026-01-03T00:00:00.000Z', null]]);
    store.close();
    expect(HistoryStore.openExisting(path.join(tempDir(), 'none.sqlite'))).toBeNull();
  });

  it('git commit of a work tree, null outside one', () => {
    expect(gitCommit(path.resolve(import.meta.dirname, '../../..'))).toMatch(/^[0-9a-f]{40}$/);
    expect(gitCommit(os.tmpdir())).toBeNull();
  });
});

describe('rag-eval run records history; rag-eval history shows trends', () => {
  const tempDir = useTempDirs();

  it('three runs: the third drops recall by 0.5 and is flagged in stderr, summary.json, report.html; history prints the trend', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'));
    writeFileSync(path.join(dir, 'corpus', 'cats.txt'), 'Cats purr and sleep all day long.');
    writeFileSync(path.join(dir, 'corpus', 'dogs.txt'), 'Dogs bark at the mailman every morning.');
    const testSet = (catsDoc: string) =>
      [
        { id: 'q-cats', question: 'which animal purrs', references: [{ docId: catsDoc }] },
        { id: 'q-dogs', question: 'who barks at the mailman', references: [{ docId: 'dogs.txt' }] },
      ]
        .map((i) => JSON.stringify(i))
        .join('\n');
    writeFileSync(path.join(dir, 'testset.jsonl'), testSet('cats.txt'));
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(
      config,
      'corpus: {path: ./corpus}\ntestSet: {path: ./testset.jsonl}\nk: 1\nretrievers: [{name: bm25, type: bm25}]\nmetrics: [recall, mrr]\n' +
        'history: {path: ./h/history.sqlite, window: 2, alertMargin: 0.1}\n',
    );
    for (const n of [1, 2]) expect((await runCli(['run', config, '--out', path.join(dir, `run${n}`), '--quiet'])).code).toBe(0);
    // The labels now (wrongly) say the cat question is about dogs: bm25's top 1 misses it.
    writeFileSync(path.join(dir, 'testset.jsonl'), testSet('dogs.txt'));
    const third = await runCli(['run', config, '--out', path.join(dir, 'run3'), '--quiet']);
    expect(third.code).toBe(0);
    // The two earlier runs agree exactly (no night-to-night noise), so alertMargin sets the bar; the labels changed, and the alert says so.
    const message =
      'history alert: bm25 recall 0.5000 is 0.5000 below the median 1.0000 of the 2 runs before (threshold 0.1000: alertMargin 0.1); note: the test set changed within these runs';
    expect(third.stderr).toContain(message);
    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(dir, 'run3', 'summary.json'), 'utf8')));
    expect(summary.warnings).toContain(message);
    expect(summary.warnings).toContain(
      'history alert: bm25 mrr 0.5000 is 0.5000 below the median 1.0000 of the 2 runs before (threshold 0.1000: alertMargin 0.1); note: the test set changed within these runs',
    );
    const html = readFileSync(path.join(dir, 'run3', 'report.html'), 'utf8');
    expect(html).toContain('<h2>Trends</h2>');
    expect(html.match(/<figure><svg/g)).toHaveLength(4); // bars, latency, two trends
    expect(readFileSync(path.join(dir, 'run1', 'report.html'), 'utf8')).not.toContain('<h2>Trends</h2>');

    const history = await runCli(['history', config, '--metric', 'recall']);
    expect(history.code).toBe(0);
    const lines = history.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^3 runs in ${path.join(dir, 'h', 'history.sqlite').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, `));
    expect(lines[2]).toBe('bm25           recall  0.5000                1.0000  ██▁');
    expect(lines[3]).toMatch(/^last run: .*run3$/);

    const json = JSON.parse((await runCli(['history', config, '--json'])).stdout) as { runs: HistoryRun[]; trends: { metric: string; values: number[] }[] };
    expect(json.runs).toHaveLength(3);
    expect(json.runs[0]!.gitCommit).toBeNull();
    expect(json.trends.map((t) => [t.metric, t.values])).toEqual([['recall', [1, 1, 0.5]], ['mrr', [1, 1, 0.5]]]);
  });

  it('history of a config with no recorded runs', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(config, 'corpus: {path: ./corpus}\nretrievers: [{name: bm25, type: bm25}]\n');
    expect(await runCli(['history', config])).toEqual({ code: 0, stdout: `no runs recorded in ${path.join(dir, '.rag-eval', 'history.sqlite')}\n`, stderr: '' });
  });
});
