import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openResponseCache } from '../../../pipelines/llm/cache.js';
import { useTempDirs } from '../../support/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
function cli(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/rag-eval.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('rag-eval cache stats|clear', () => {
  const tempDir = useTempDirs();

  it('reports entries per model and prompt, then clears them', () => {
    const file = path.join(tempDir(), 'c.sqlite');
    const cache = openResponseCache(file);
    const answer = { choices: [{ text: '{}', via: 'tool' as const, finishReason: 'stop' }], inputTokens: 1, outputTokens: 1 };
    cache.set('k1', answer, { model: 'gpt-4o-mini', promptId: 'generate-single-hop' });
    cache.set('k2', answer, { model: 'gpt-4o-mini', promptId: 'generate-single-hop' });
    cache.set('k3', answer, { model: 'gpt-4o-mini', promptId: 'critic' });
    cache.close();

    const stats = cli(['cache', 'stats', '--path', file]);
    expect(stats.code).toBe(0);
    const lines = stats.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 3 entries, \\d+\\.\\d KiB$`));
    expect(lines.slice(1)).toEqual(['  gpt-4o-mini  critic  1', '  gpt-4o-mini  generate-single-hop  2']);

    expect(cli(['cache', 'clear', '--path', file]).stdout).toBe(`cleared 3 cached responses from ${file}\n`);
    expect(cli(['cache', 'stats', '--path', file]).stdout).toMatch(/: 0 entries, /);
  });

  it('uses the config folder for the default cache path', () => {
    const dir = tempDir();
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(config, 'corpus: { path: corpus }\nretrievers: [{ name: b, type: bm25 }]\n');
    const result = cli(['cache', 'stats', config]);
    expect(result.stdout).toBe(`no response cache at ${path.join(dir, '.rag-eval', 'cache.sqlite')} (0 entries)\n`);
  });
});
