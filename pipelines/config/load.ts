import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../../kernel/errors.js';
import { formatIssues } from './format-issues.js';
import { RagEvalConfig } from './schema.js';

export interface LoadedConfig {
  config: RagEvalConfig;
  /** Absolute path of the config file; relative paths in it resolve against its folder. */
  file: string;
  baseDir: string;
}

/** Parses and validates a config object; every problem is reported, one line each. */
export function parseConfig(raw: unknown, file = 'config'): RagEvalConfig {
  const result = RagEvalConfig.safeParse(raw);
  if (!result.success) {
    const lines = formatIssues(result.error.issues, raw, RagEvalConfig);
    throw new ConfigError(`${file}: invalid config\n  ${lines.join('\n  ')}`);
  }
  checkRetrieverReferences(result.data, file);
  return result.data;
}

function checkRetrieverReferences(config: RagEvalConfig, file: string): void {
  const problems: string[] = [];
  const names = new Map<string, number>();
  config.retrievers.forEach((retriever, index) => {
    const first = names.get(retriever.name);
    if (first !== undefined) problems.push(`retrievers[${index}].name: "${retriever.name}" is already used by retrievers[${first}]`);
    else names.set(retriever.name, index);
  });
  config.retrievers.forEach((retriever, index) => {
    if (retriever.type !== 'hybrid') {
      if (retriever.of) problems.push(`retrievers[${index}].of: only a hybrid retriever fuses others`);
      return;
    }
    const of = retriever.of ?? [];
    if (of.length < 2) problems.push(`retrievers[${index}].of: expected the names of two or more retrievers to fuse`);
    for (const name of of) {
      const target = names.get(name);
      if (target === undefined) problems.push(`retrievers[${index}].of: no retriever named "${name}" (known: ${[...names.keys()].join(', ')})`);
      else if (config.retrievers[target]!.type === 'hybrid') problems.push(`retrievers[${index}].of: "${name}" is itself hybrid; fuse bm25 or dense retrievers`);
    }
    // A fused ranking only makes sense over one set of chunks, so every member must chunk alike.
    const chunkings = of.flatMap((name) => {
      const target = names.get(name);
      const member = target === undefined ? undefined : config.retrievers[target];
      if (!member || member.type === 'hybrid') return [];
      const { size, overlap } = member.chunking ?? config.chunking;
      return [{ name, id: `size ${size}, overlap ${overlap}` }];
    });
    const differing = chunkings.find((c) => c.id !== chunkings[0]!.id);
    if (differing) {
      problems.push(
        `retrievers[${index}].of: fused retrievers must share one chunking; "${chunkings[0]!.name}" uses ${chunkings[0]!.id}, "${differing.name}" uses ${differing.id} (give them the same chunking)`,
      );
    }
    if (retriever.weights && retriever.weights.length !== of.length)
      problems.push(`retrievers[${index}].weights: expected ${of.length} weights (one per name in "of"), got ${retriever.weights.length}`);
  });
  if (config.answers?.source === 'import' && names.has(config.answers.name)) {
    problems.push(`answers.name: "${config.answers.name}" is already a retriever name; imported answers are reported as a configuration of their own, so give them another name`);
  }
  if (problems.length) throw new ConfigError(`${file}: invalid config\n  ${problems.join('\n  ')}`);
}

export async function loadConfig(file: string): Promise<LoadedConfig> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length) {
    const first = document.errors[0]!;
    const line = first.linePos?.[0].line;
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${first.message.split('\n')[0]}`);
  }
  let raw: unknown;
  try {
    raw = document.toJS();
  } catch (error) {
    // yaml stops on alias expansion that would explode ("Excessive alias count …", a "billion laughs" file).
    throw new ConfigError(`${file}: not a usable YAML document: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
  const config = parseConfig(raw, file);
  return { config, file: absolute, baseDir: path.dirname(absolute) };
}

/** Resolves a path from the config against the config file's folder. */
export function resolveFromConfig(loaded: LoadedConfig, relative: string): string {
  return path.resolve(loaded.baseDir, relative);
}
