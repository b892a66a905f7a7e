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
});
