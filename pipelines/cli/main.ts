import { Command, CommanderError, Option } from 'commander';
import { asDiskFullError, DiskFullError, RagEvalError } from '../../kernel/errors.js';
import { registerGenerateCommand } from './commands/generate.js';
import { registerInitCommand } from './commands/init.js';
import { registerRunCommand } from './commands/run.js';
import { registerTrecCommand } from './commands/trec.js';
import { registerCacheCommand } from './commands/cache.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerHistoryCommand } from './commands/history.js';
import { registerCalibrateCommand } from './commands/calibrate.js';
import { registerBenchRetrieverCommand } from './commands/bench-retriever.js';
import { packageVersion } from '../runner/package-info.js';

export const EXIT = { ok: 0, regression: 1, usage: 2, external: 3 } as const;

/** Builds the command tree. Each command sets `process.exitCode`-style results through the returned code. */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('rag-eval')
    .description('Measure retrieval-augmented generation: test sets, retriever comparisons, IR metrics and reports.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError('(run `rag-eval help` for the commands)');
  program.addOption(new Option('--no-color', 'plain output').hideHelp());
  registerInitCommand(program, setExitCode);
  registerGenerateCommand(program, setExitCode);
  registerRunCommand(program, setExitCode);
  registerTrecCommand(program, setExitCode);
  registerCacheCommand(program, setExitCode);
  registerCompareCommand(program, setExitCode);
  registerHistoryCommand(program, setExitCode);
  registerCalibrateCommand(program, setExitCode);
  registerBenchRetrieverCommand(program, setExitCode);
  return program;
}

/** Entry point: returns the exit code (0 ok, 1 regression/gate, 2 usage or input, 3 external service). */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const diskFull = asDiskFullError(error);
    if (diskFull instanceof DiskFullError) {
      process.stderr.write(`error: ${diskFull.message}\n`);
      return diskFull.exitCode;
    }
    if (error instanceof RagEvalError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}
