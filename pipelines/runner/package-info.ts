import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The version in package.json, recorded in every run's provenance. The file is found by walking
 * up from this module, so the same code works from the sources (pipelines/runner/) and from the
 * compiled package (dist/pipelines/runner/), whose package.json sits one folder higher.
 */
export function packageVersion(): string {
  if (cached === undefined) {
    for (const relative of ['../../package.json', '../../../package.json']) {
      const manifest = readManifest(new URL(relative, import.meta.url));
      if (manifest?.name === 'rag-eval' && typeof manifest.version === 'string') {
        cached = manifest.version;
        break;
      }
    }
    if (cached === undefined) throw new Error(`package-info: no rag-eval package.json above ${import.meta.url}`);
  }
  return cached;
}

function readManifest(url: URL): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
