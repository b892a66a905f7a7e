import { describe, expect, it } from 'vitest';
import { createStreamProgress } from '../../../pipelines/progress/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

describe('progress output', () => {
  it('prints plain periodic lines without a terminal (CI logs), then a final count', () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const task = createStreamProgress({ stream, intervalMs: 5000, now: () => now }).start('judging bm25', 100);
    for (let i = 0; i < 100; i++) {
      now += 100; // 10 s in all: one periodic line at 5 s
      task.tick();
    }
    task.done('scored 100');
    expect(writes).toEqual(['judging bm25: 50/100, ETA 5s\n', 'judging bm25: 100/100 in 10.0s\n', '  scored 100\n']);
  });

  it('redraws one line with ETA on a terminal', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const task = createStreamProgress({ stream, intervalMs: 100, now: () => now }).start('retrieving', 4);
    now = 150;
    task.tick();
    now = 400;
    task.tick(3);
    task.done();
    expect(writes).toEqual(['\r\x1b[2Kretrieving: 1/4, ETA 0s', '\r\x1b[2Kretrieving: 4/4 in 0.4s\n']);
  });

  it('--quiet keeps warnings and drops the rest', () => {
    const { writes, stream } = fakeStream(false);
    const progress = createStreamProgress({ stream, quiet: true });
    progress.info('loaded 12 documents');
    progress.start('x', 1).done('ok');
    progress.warn('k clamped');
    expect(writes).toEqual(['warning: k clamped\n']);
  });
});
