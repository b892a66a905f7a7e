/**
 * Parses trec_eval-style arguments: `QRELS RUN [-m MEASURE]... [-q] [-c] [-M N] [-l LEVEL]`.
 * Like trec_eval, option values may be attached (`-mP.5`, `-M100`, `-l2`) or separate.
 */
import { ConfigError } from '../kernel/errors.js';
import type { TrecEvalOptions } from './trec-eval-command.js';

export const TREC_USAGE = 'usage: rag-eval trec QRELS RUN [-m MEASURE]... [-q] [-c] [-M N] [-l LEVEL]';

export function parseTrecArgs(argv: readonly string[]): TrecEvalOptions {
  const positional: string[] = [];
  const measures: string[] = [];
  let perQuery = false;
  let complete = false;
  let maxResults: number | undefined;
  let relLevel: number | undefined;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const valueOf = (flag: string): string => {
      const attached = arg.slice(flag.length);
      if (attached !== '') return attached;
      const next = argv[i + 1];
      if (next === undefined) throw new ConfigError(`option ${flag}: expected a value. ${TREC_USAGE}`);
      i += 1;
      return next;
    };
    if (arg === '-q') perQuery = true;
    else if (arg === '-c') complete = true;
    else if (arg.startsWith('-m')) measures.push(valueOf('-m'));
    else if (arg.startsWith('-M')) maxResults = parsePositiveInteger('-M', valueOf('-M'));
    else if (arg.startsWith('-l')) relLevel = parseInteger('-l', valueOf('-l'));
    else if (arg.startsWith('-') && arg !== '-') throw new ConfigError(`unknown option ${arg}. ${TREC_USAGE}`);
    else positional.push(arg);
  }
  const [qrelsPath, runPath, ...extra] = positional;
  if (qrelsPath === undefined || runPath === undefined || extra.length > 0) {
    throw new ConfigError(`expected exactly two files, QRELS and RUN, got ${positional.length}. ${TREC_USAGE}`);
  }
  return {
    qrelsPath,
    runPath,
    measures,
    perQuery,
    complete,
    ...(maxResults === undefined ? {} : { maxResults }),
    ...(relLevel === undefined ? {} : { relLevel }),
  };
}

function parsePositiveInteger(flag: string, text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new ConfigError(`option ${flag}: expected a positive integer, got "${text}"`);
  return Number(text);
}

function parseInteger(flag: string, text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new ConfigError(`option ${flag}: expected an integer relevance level, got "${text}"`);
  return Number(text);
}
