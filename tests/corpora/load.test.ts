import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashCorpus } from '../../corpora/hash.js';
import { loadCorpus, pathInside } from '../../corpora/load.js';
import { InputError } from '../../kernel/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rag-eval-corpus-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(relative: string, content: string | Uint8Array): Promise<void> {
  const path = join(dir, relative);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
}

describe('loadCorpus on a folder', () => {
  it('reads md, txt, html and jsonl recursively with stable ids and hashes', async () => {
    await put('b.txt', 'plain text');
    await put('guide/a.md', '# Guide\n\nBody.');
    await put('web/page.html', '<html><head><title>P</title><script>bad()</script></head><body><p>Seen</p></body></html>');
    await put('more.jsonl', '{"id":"j1","text":"first","title":"T1"}\n\n{"id":7,"text":"second"}\n');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => [d.id, d.text, d.title])).toEqual([
      ['b.txt', 'plain text', undefined],
      ['guide/a.md', '# Guide\n\nBody.', 'Guide'],
      ['j1', 'first', 'T1'],
      ['7', 'second', undefined],
      ['web/page.html', 'Seen', 'P'],
    ]);
    // sha256 of "plain text", computed with `printf 'plain text' | sha256sum`.
    expect(corpus.documents[0]?.hash).toBe('c9ecf5e54c7b3f2640ecca21f96d4c3625a2b7935104f41c5ede29935a9e52c9');
    expect(corpus.documents[3]?.source).toBe(join(dir, 'more.jsonl') + ':3');
    expect(corpus.hash).toBe(hashCorpus(corpus.documents));
    expect(corpus.warnings).toEqual([]);
  });

  it('strips a BOM and normalises CRLF so offsets match a LF checkout', async () => {
    await put('crlf.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('line one\r\nline two\r\n')]));
    await put('lf.txt', 'line one\nline two\n');
    const corpus = await loadCorpus(dir);
    const [crlf, lf] = corpus.documents;
    expect(crlf?.text).toBe('line one\nline two\n');
    expect(crlf?.hash).toBe(lf?.hash);
  });

  it('skips binary, non-UTF-8, unsupported and empty files with warnings', async () => {
    await put('good.md', 'content');
    await put('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    await put('utf16.txt', Buffer.from([0xff, 0xfe, 0x00, 0x68, 0x00, 0x69]));
    await put('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await put('photo.png', 'not really');
    await put('blank.md', ' \n\t\n');
    await put('.hidden/secret.md', 'never read');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.id)).toEqual(['good.md']);
    expect(corpus.warnings.map((w) => [w.kind, w.source.slice(dir.length + 1)])).toEqual([
      ['empty-document', 'blank.md'],
      ['skipped-binary', 'image.txt'],
      ['skipped-encoding', 'latin1.txt'],
      ['skipped-unsupported', 'photo.png'],
      ['skipped-encoding', 'utf16.txt'],
    ]);
    expect(corpus.warnings[2]?.message).toBe('skipped: not valid UTF-8; convert the file to UTF-8');
  });

  it('loads a single file with its file name as id', async () => {
    await put('one.md', 'alone');
    const corpus = await loadCorpus(join(dir, 'one.md'));
    expect(corpus.documents.map((d) => [d.id, d.text])).toEqual([['one.md', 'alone']]);
  });

  it('names a missing path', async () => {
    const missing = join(dir, 'nope');
    await expect(loadCorpus(missing)).rejects.toThrow(new InputError(`corpus path ${missing} does not exist or cannot be read (resolved to ${missing})`));
  });

  it('refuses a corpus with no usable documents and lists why', async () => {
    await put('bin.txt', Buffer.from([0x00, 0x01]));
    await expect(loadCorpus(dir)).rejects.toThrow(
      `corpus at ${dir} has no usable documents:\n  - ${join(dir, 'bin.txt')}: skipped: binary file (contains NUL bytes)`,
    );
  });

  it('reports a malformed jsonl line as file:line with what was expected', async () => {
    await put('docs.jsonl', '{"id":"a","text":"ok"}\n{"id":"b"}\n');
    const file = join(dir, 'docs.jsonl');
    await expect(loadCorpus(dir)).rejects.toThrow(
      `${file}:2: text: Invalid input: expected string, received undefined; expected {"id": string, "text": string, "title"?: string}`,
    );
    await put('docs.jsonl', '{"id":"a","text":"ok"}\nnot json\n');
    await expect(loadCorpus(dir)).rejects.toThrow(`${file}:2: not valid JSON; expected one object per line`);
  });

  it('rejects duplicate ids naming both sources', async () => {
    await put('a.jsonl', '{"id":"same","text":"one"}\n');
    await put('b.jsonl', '{"id":"x","text":"two"}\n{"id":"same","text":"three"}\n');
    await expect(loadCorpus(dir)).rejects.toThrow(
      `duplicate document id "same": found in ${join(dir, 'a.jsonl')}:1 and in ${join(dir, 'b.jsonl')}:2; ids must be unique`,
    );
  });

  it('gives the same corpus hash whatever the load order, and a different one after an edit', async () => {
    const a = hashCorpus([{ id: 'a', hash: 'h1' }, { id: 'b', hash: 'h2' }]);
    // `printf 'a\th1\nb\th2\n' | sha256sum`
    expect(a).toBe('a7cd7f59c08dddcae3c8972462e0d12085703f5fdfcf337fa0a64b2aa361a179');
    expect(hashCorpus([{ id: 'b', hash: 'h2' }, { id: 'a', hash: 'h1' }])).toBe(a);
    expect(hashCorpus([{ id: 'a', hash: 'h1' }, { id: 'b', hash: 'h3' }])).not.toBe(a);
  });
});

describe('loadCorpus skips what is not a document of this corpus, and says so', () => {
  it('a FIFO, a link leaving the corpus folder and a rag-eval run directory are skipped and listed', async () => {
    const { spawnSync } = await import('node:child_process');
    const { symlink } = await import('node:fs/promises');
    const corpus = join(dir, 'corpus');
    await put('corpus/a.md', 'Alpha.');
    await put('corpus/inside.txt', 'Inside.');
    await put('secret.txt', 'outside the corpus');
    await put('corpus/runs/2026-01-01/run-state.json', '{}');
    await put('corpus/runs/2026-01-01/report.md', '# rag-eval report');
    expect(spawnSync('mkfifo', [join(corpus, 'pipe.txt')]).status).toBe(0);
    await symlink(join(dir, 'secret.txt'), join(corpus, 'leak.txt'));
    await symlink(join(corpus, 'inside.txt'), join(corpus, 'alias.txt'));
    // A FIFO with no writer would block a read forever; the load must finish.
    const loaded = await loadCorpus(corpus);
    expect(loaded.documents.map((d) => d.id)).toEqual(['a.md', 'alias.txt', 'inside.txt']);
    expect(loaded.warnings.map((w) => `${w.source}: ${w.message}`)).toEqual([
      `${join(corpus, 'leak.txt')}: skipped: symbolic link to ${join(dir, 'secret.txt')}, outside the corpus folder`,
      `${join(corpus, 'pipe.txt')}: skipped: a FIFO (named pipe), not a regular file`,
      `${join(corpus, 'runs', '2026-01-01')}: skipped: a rag-eval run directory (holds run-state.json); keep output.dir outside the corpus folder`,
    ]);
    await expect(loadCorpus(join(corpus, 'pipe.txt'))).rejects.toThrow(InputError);
  });

  it('excludePaths leaves out the named files and folders without a warning, by path alone (no run-state.json needed)', async () => {
    const corpus = join(dir, 'corpus');
    await put('corpus/a.md', 'Alpha.');
    await put('corpus/runs/2026-01-01/report.md', '# rag-eval report');
    await put('corpus/runs/2026-01-01/index.jsonl', '{"configuration":"bm25"}\n');
    await put('corpus/cache/llm.sqlite', 'SQLite format 3');
    await put('corpus/cache/notes.txt', 'Kept: only the named file of the folder is left out.');
    const loaded = await loadCorpus(corpus, { excludePaths: [join(corpus, 'runs'), join(corpus, 'cache', 'llm.sqlite'), join(dir, 'elsewhere')] });
    expect(loaded.documents.map((d) => d.id)).toEqual(['a.md', 'cache/notes.txt']);
    expect(loaded.warnings).toEqual([]);
  });

  it('pathInside: strictly inside the folder, with forward slashes', () => {
    expect(pathInside('/c', '/c/runs/x')).toBe('runs/x');
    expect(pathInside('/c', '/c')).toBeUndefined();
    expect(pathInside('/c', '/c2/runs')).toBeUndefined();
    expect(pathInside('/c', '/..runs')).toBeUndefined();
    expect(pathInside('/c', '/c/..runs')).toBe('..runs');
  });
});
