import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
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
  /**
   * Absolute paths of files and folders to leave out of a folder corpus without a word: rag-eval's
   * own output, caches and history when they lie inside the corpus folder (the caller says which).
   */
  excludePaths?: readonly string[];
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
  if (!info.isFile() && !info.isDirectory()) throw new InputError(`corpus path ${root} is not a file or folder (a FIFO, socket or device); give a folder of documents or one file`);
  if (info.isFile()) {
    const name = basename(absoluteRoot);
    await addFileDocuments(builder, absoluteRoot, name, root);
  } else if (await isBeirFolder(absoluteRoot)) {
    await addBeirCorpus(builder, absoluteRoot, options.beirTitleInText ?? true);
  } else {
    const walk: Walk = { includeHidden: options.includeHidden ?? false, builder, root: absoluteRoot, excluded: new Set((options.excludePaths ?? []).map((p) => resolve(p))) };
    for (const file of await listFiles(absoluteRoot, walk)) {
      const id = relative(absoluteRoot, file).split(sep).join('/');
      await addFileDocuments(builder, file, id, file);
    }
  }
  return builder.build();
}

/** `path` relative to `folder` (forward slashes) when it lies strictly inside it, else undefined. */
export function pathInside(folder: string, path: string): string | undefined {
  const rel = relative(resolve(folder), resolve(path));
  if (!rel || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

async function statOrThrow(path: string, asGiven: string) {
  try {
    return await stat(path);
  } catch (error) {
    throw new InputError(`corpus path ${asGiven} does not exist or cannot be read (resolved to ${path})`, undefined, { cause: error });
  }
}

/** A folder holding this file is a rag-eval run directory: its reports and logs are not documents. */
const RUN_DIRECTORY_MARKER = 'run-state.json';

interface Walk {
  includeHidden: boolean;
  builder: CorpusBuilder;
  root: string;
  excluded: ReadonlySet<string>;
}

/**
 * Every regular file below `dir`, depth first with names sorted (code-unit order) at each level.
 * Directory symlinks are not followed (no cycles); a file symlink is read only when its target is
 * inside the corpus folder; FIFOs, sockets and devices are skipped (reading a FIFO can block);
 * rag-eval's own run directories (an output folder inside the corpus) are skipped. Each skip is listed,
 * except the paths the caller excluded (it names those itself).
 */
async function listFiles(dir: string, walk: Walk): Promise<string[]> {
  const { builder, root } = walk;
  const files: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (dir !== root && entries.some((entry) => entry.name === RUN_DIRECTORY_MARKER && entry.isFile())) {
    builder.warn('other', dir, 'skipped: a rag-eval run directory (holds run-state.json); keep output.dir outside the corpus folder');
    return files;
  }
  for (const entry of entries) {
    if (!walk.includeHidden && entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (walk.excluded.has(path)) continue;
    if (entry.isDirectory()) {
      files.push(...(await listFiles(path, walk)));
    } else if (entry.isFile()) {
      files.push(path);
    } else if (entry.isSymbolicLink()) {
      const target = await realpath(path).catch(() => undefined);
      const info = target ? await stat(target).catch(() => undefined) : undefined;
      const realRoot = await realpath(root);
      if (!info?.isFile()) builder.warn('other', path, 'skipped: symbolic link to a folder, a special file or nothing (not followed)');
      else if (target !== realRoot && !target!.startsWith(`${realRoot}${sep}`)) builder.warn('other', path, `skipped: symbolic link to ${target}, outside the corpus folder`);
      else files.push(path);
    } else {
      const kind = entry.isFIFO() ? 'a FIFO (named pipe)' : entry.isSocket() ? 'a socket' : 'a device';
      builder.warn('other', path, `skipped: ${kind}, not a regular file`);
    }
  }
  return files;
}
