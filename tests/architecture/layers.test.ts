import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/ARCHITECTURE.md, bottom first. A file may import its own layer and the
 * layers below it, never one above: that is what keeps the code readable from the bottom up.
 */
const LAYERS = ['kernel', 'corpora', 'synthetic-data', 'evaluators', 'reports', 'pipelines'] as const;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

/** Every relative import, re-export and dynamic import of a file, as repo-relative paths. */
export function relativeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.\.?\/[^'"]+)['"]/gm)];
  return specifiers.map((match) => path.relative(repoRoot, path.resolve(path.dirname(file), match[1]!)));
}

function layerOf(repoPath: string): number {
  return LAYERS.indexOf(repoPath.split(path.sep)[0] as (typeof LAYERS)[number]);
}

interface Edge {
  from: string;
  to: string;
}

function allEdges(): Edge[] {
  return LAYERS.flatMap((layer) => sourceFiles(path.join(repoRoot, layer))).flatMap((file) =>
    relativeImports(file).map((to) => ({ from: path.relative(repoRoot, file), to })),
  );
}

/** The sub-folder of a layer a file belongs to (`pipelines/stages/judge/x.ts` → `pipelines/stages`); loose files stand alone. */
function unitOf(repoPath: string): string {
  const parts = repoPath.split(path.sep);
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
}

/** Strongly connected groups of more than one unit (Tarjan), each with the edges that close it. */
export function cycles(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (from === to) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return groups.map((group) =>
    edges.filter((e) => e.from !== e.to && group.includes(e.from) && group.includes(e.to)).map((e) => `${e.from} -> ${e.to}`),
  );
}

describe('layers', () => {
  const edges = allEdges();

  it('finds the imports it checks (a rule over nothing cannot fail)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((edge) => edge.from.startsWith('pipelines') && edge.to.startsWith('kernel'))).toBe(true);
  });

  it('imports only run downwards: no layer imports a layer above it', () => {
    const upward = edges
      .filter((edge) => layerOf(edge.to) >= 0 && layerOf(edge.to) > layerOf(edge.from))
      .map((edge) => `${edge.from} -> ${edge.to}`);
    expect(upward).toEqual([]);
  });

  it('the kernel imports nothing of ours outside itself', () => {
    const outside = edges.filter((edge) => edge.from.startsWith('kernel') && !edge.to.startsWith('kernel'));
    expect(outside.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([]);
  });

  it('imports stay inside the layers (no reaching into tests, bench or examples)', () => {
    const stray = edges.filter((edge) => layerOf(edge.to) < 0 && !edge.to.startsWith('node_modules'));
    expect(stray.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([]);
  });

  it('the sub-folders of pipelines/ import each other one way (no cycles between them)', () => {
    const inside = edges
      .filter((edge) => edge.from.startsWith(`pipelines${path.sep}`) && edge.to.startsWith(`pipelines${path.sep}`))
      .map((edge) => ({ from: unitOf(edge.from), to: unitOf(edge.to) }));
    expect(inside.filter((e) => e.from !== e.to).length).toBeGreaterThan(50);
    expect([...new Set(cycles(inside).flat())]).toEqual([]);
  });

  it('the sub-folders of evaluators/ import each other one way (no cycles between them)', () => {
    const inside = edges
      .filter((edge) => edge.from.startsWith(`evaluators${path.sep}`) && edge.to.startsWith(`evaluators${path.sep}`))
      .map((edge) => ({ from: unitOf(edge.from), to: unitOf(edge.to) }));
    expect(inside.filter((e) => e.from !== e.to).length).toBeGreaterThan(20);
    expect([...new Set(cycles(inside).flat())]).toEqual([]);
  });

  it('the cycle check finds a cycle (a rule that cannot fail proves nothing)', () => {
    const found = cycles([
      { from: 'pipelines/runner', to: 'pipelines/stages' },
      { from: 'pipelines/stages', to: 'pipelines/config' },
      { from: 'pipelines/stages', to: 'pipelines/runner' },
    ]);
    expect(found).toEqual([['pipelines/runner -> pipelines/stages', 'pipelines/stages -> pipelines/runner']]);
  });
});
