import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../kernel/errors.js';
import { addBeirCorpus, isBeirFolder } from './beir.js';
import { CorpusBuilder } from './builder.js';
import { addFileDocuments } from './file-documents.js';
import type { Corpus } from '../kernel/corpus.js';

export interface LoadCorpusOptions {
  /** Also read files and folders whose name starts with "." (default false: skips .git, .DS_Store). */
  includeHidden?: boolean;
  /** BEIR only: prefix each document's text with its title, as BEIR evaluations usually do (default true). */
  beirTitleInText?: boolean;
}

/**
 * Loads a corpus from a folder (recursively), a single file, or a BEIR folder
 * (one with corpus.jsonl). Files are read in sorted path order so ids, warnings and hashes
 * are the same on every machine.
 */
export async function loadCorpus(root: string, options: LoadCorpusOptions = {}): Promise<Corpus> {
  const absoluteRoot = resolve(root);
  const info = await statOrThrow(absoluteRoot, root);
  const builder = new CorpusBuilder(absoluteRoot);
  if (info.isFile()) {
    const name = basename(absoluteRoot);
    await addFileDocuments(builder, absoluteRoot, name, root);
  } else if (await isBeirFolder(absoluteRoot)) {
    await addBeirCorpus(builder, absoluteRoot, options.beirTitleInText ?? true);
  } else {
    for (const file of await listFiles(absoluteRoot, options.includeHidden ?? false, builder)) {
      const id = relative(absoluteRoot, file).split(sep).join('/');
      await addFileDocuments(builder, file, id, file);
    }
  }
  return builder.build();
}

async function statOrThrow(path: string, asGiven: string) {
  try {
    return await stat(path);
  } catch (error) {
    throw new InputError(`corpus path ${asGiven} does not exist or cannot be read (resolved to ${path})`, undefined, { cause: error });
  }
}

/** Every regular file below `dir`, depth first with names sorted (code-unit order) at each level. Directory symlinks are not followed (no cycles). */
async function listFiles(dir: string, includeHidden: boolean, builder: CorpusBuilder): Promise<string[]> {
  const files: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (!includeHidden && entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await listFiles(path, includeHidden, builder)));
    } else if (entry.isFile()) {
      files.push(path);
    } else if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => undefined);
      if (target?.isFile()) files.push(path);
      else builder.warn('other', path, 'skipped: symbolic link to a folder or to nothing (not followed)');
    }
  }
  return files;
}
