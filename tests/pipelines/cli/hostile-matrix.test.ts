import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCliAsync } from '../../support/cli-process.js';
import { runCli } from './run-cli.js';

/**
 * Hostile and unlucky inputs, each through the command line's main(): every one must end with
 * exit 2 and a one-line message naming the path at fault, never "internal error" or a stack.
 * Cases marked `child` or `unprivileged` run bin/rag-eval.js in a child process.
 */
const EXAMPLE = path.join(ROOT, 'examples/programming-languages');
const NOBODY = 65534;
/** Root ignores permission bits, so the EACCES cases run the child as `nobody` through setpriv. */
const canDropToNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
const isRoot = process.getuid?.() === 0;

interface Case {
  name: string;
  /** Builds the inputs in `dir` and returns the CLI arguments. */
  prepare: (dir: string) => string[];
  /** The message must match this (it names the path and the problem). */
  message: (dir: string) => RegExp;
  /** Needs permission bits to hold: run as an unprivileged user (in a child process). */
  unprivileged?: boolean;
  /** Also run through bin/rag-eval.js in a child process (the rest call the same main() in-process: much faster). */
  child?: boolean;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function writeConfig(dir: string, extra = '', name = 'rag-eval.yaml'): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    [
      'corpus: { path: ./corpus }',
      'testSet: { path: ./testset.jsonl }',
      'relevance: { level: document }',
      'k: 2',
      'retrievers:',
      '  - { name: bm25, type: bm25 }',
      extra,
    ].join('\n'),
  );
  return file;
}

const cases: Case[] = [
  {
    name: '--out names an existing file',
    prepare: (dir) => {
      writeFileSync(path.join(dir, 'a-file'), 'x');
      return ['run', writeConfig(dir), '--quiet', '--out', path.join(dir, 'a-file')];
    },
    message: (dir) => new RegExp(`${escape(path.join(dir, 'a-file'))}.*EEXIST`),
  },
  {
    name: '--out below a file',
    prepare: (dir) => {
      writeFileSync(path.join(dir, 'a-file'), 'x');
      return ['run', writeConfig(dir), '--quiet', '--out', path.join(dir, 'a-file', 'run')];
    },
    message: (dir) => new RegExp(`${escape(path.join(dir, 'a-file', 'run'))}.*ENOTDIR`),
  },
  {
    name: '--out /dev/null',
    child: true,
    prepare: (dir) => ['run', writeConfig(dir), '--quiet', '--out', '/dev/null'],
    message: () => /\/dev\/null.*EEXIST/,
  },
  {
    name: '--out longer than the system allows',
    prepare: (dir) => ['run', writeConfig(dir), '--quiet', '--out', path.join(dir, 'r'.repeat(300))],
    message: () => /ENAMETOOLONG.*use a shorter path/,
  },
  {
    name: '--resume with a corrupt run-state.json',
    prepare: (dir) => {
      mkdirSync(path.join(dir, 'run'));
      writeFileSync(path.join(dir, 'run', 'run-state.json'), '{"schemaVersion": 1, "status": ');
      return ['run', writeConfig(dir), '--quiet', '--resume', path.join(dir, 'run')];
    },
    message: (dir) => new RegExp(`${escape(path.join(dir, 'run', 'run-state.json'))}: not valid JSON`),
  },
  {
    name: '--resume names a file',
    prepare: (dir) => {
      writeFileSync(path.join(dir, 'a-file'), 'x');
      return ['run', writeConfig(dir), '--quiet', '--resume', path.join(dir, 'a-file')];
    },
    message: (dir) => new RegExp(`${escape(path.join(dir, 'a-file'))} is not a rag-eval run directory`),
  },
  {
    name: 'a YAML alias bomb as the config',
    prepare: (dir) => {
      const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
      for (const [name, previous] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']]) {
        lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
      }
      writeFileSync(path.join(dir, 'bomb.yaml'), `${lines.join('\n')}\n`);
      return ['run', path.join(dir, 'bomb.yaml'), '--quiet'];
    },
    message: () => /alias/i,
  },
  {
    name: 'the config path is a folder',
    prepare: (dir) => ['run', path.join(dir, 'corpus'), '--quiet'],
    message: (dir) => new RegExp(`${escape(path.join(dir, 'corpus'))}.*EISDIR`),
  },
  {
    name: 'the test set path is a folder',
    prepare: (dir) => ['run', path.join(dir, 'ts.yaml'), '--quiet'],
    message: (dir) => new RegExp(escape(path.join(dir, 'corpus'))),
  },
  {
    name: 'history.path below a file',
    prepare: (dir) => {
      writeFileSync(path.join(dir, 'a-file'), 'x');
      return ['run', writeConfig(dir, 'history: { path: ./a-file/history.sqlite }'), '--quiet', '--out', path.join(dir, 'out')];
    },
    message: (dir) => new RegExp(`${escape(path.join(dir, 'a-file'))}.*(EEXIST|ENOTDIR)`),
  },
  {
    name: 'trec with a folder as the qrels file',
    prepare: (dir) => ['trec', path.join(dir, 'corpus'), path.join(dir, 'testset.jsonl')],
    message: (dir) => new RegExp(escape(path.join(dir, 'corpus'))),
  },
  {
    name: 'output.dir is not writable',
    unprivileged: true,
    prepare: (dir) => {
      const locked = path.join(dir, 'locked');
      mkdirSync(locked);
      chownSync(locked, 0, 0);
      chmodSync(locked, 0o755);
      return ['run', writeConfig(dir, 'output: { dir: ./locked/runs }'), '--quiet'];
    },
    message: (dir) => new RegExp(`${escape(path.join(dir, 'locked', 'runs'))}.*EACCES`),
  },
  {
    name: 'a corpus file that cannot be read',
    unprivileged: true,
    prepare: (dir) => {
      chmodSync(path.join(dir, 'corpus', 'go.md'), 0o000);
      return ['run', writeConfig(dir), '--quiet', '--out', path.join(dir, 'out')];
    },
    message: (dir) => new RegExp(`${escape(path.join(dir, 'corpus', 'go.md'))}.*EACCES`),
  },
  {
    name: 'a corpus folder that cannot be listed',
    unprivileged: true,
    prepare: (dir) => {
      mkdirSync(path.join(dir, 'corpus', 'private'));
      writeFileSync(path.join(dir, 'corpus', 'private', 'secret.md'), 'secret');
      chmodSync(path.join(dir, 'corpus', 'private'), 0o000);
      return ['run', writeConfig(dir), '--quiet', '--out', path.join(dir, 'out')];
    },
    message: (dir) => new RegExp(`${escape(path.join(dir, 'corpus', 'private'))}.*EACCES`),
  },
];

describe('hostile inputs through the real command line', () => {
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'rag-eval-matrix-'));
    chmodSync(base, 0o755);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  let counter = 0;
  function fixture(): string {
    const dir = path.join(base, `case-${counter++}`);
    mkdirSync(dir);
    cpSync(path.join(EXAMPLE, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
    cpSync(path.join(EXAMPLE, 'testset.jsonl'), path.join(dir, 'testset.jsonl'));
    writeFileSync(path.join(dir, 'ts.yaml'), 'corpus: { path: ./corpus }\ntestSet: { path: ./corpus }\nretrievers:\n  - { name: bm25, type: bm25 }\n');
    return dir;
  }

  // In-process cases first (they capture process.stdout/stderr, so one at a time), then the
  // child-process cases together: each starts a fresh CLI, seconds on a loaded machine.
  const inChild = (c: Case) => Boolean(c.child || c.unprivileged);
  for (const c of [...cases.filter((c) => !inChild(c)), ...cases.filter(inChild)]) {
    const test = inChild(c) ? it.concurrent : it;
    test(c.name, { timeout: 600_000 }, async (context) => {
      if (c.unprivileged && isRoot && !canDropToNobody) {
        console.log(`skipped "${c.name}": running as root without setpriv, so permission bits cannot be tested`);
        context.skip();
      }
      const dir = fixture();
      const args = c.prepare(dir);
      const asNobody = c.unprivileged && canDropToNobody;
      if (asNobody) chownTree(dir);
      const result = asNobody
        ? await runCliAsync(args, {}, ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'])
        : inChild(c)
          ? await runCliAsync(args)
          : await runCli(args);
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stderr).toMatch(c.message(dir));
      expect(result.code).toBe(2);
    });
  }
});

/** Gives the fixture to `nobody`, except a folder named `locked` (kept root-owned on purpose). */
function chownTree(dir: string): void {
  if (path.basename(dir) === 'locked') return;
  chownSync(dir, NOBODY, NOBODY);
  if (!lstatSync(dir).isDirectory()) return;
  for (const entry of readdirSync(dir)) chownTree(path.join(dir, entry));
}
