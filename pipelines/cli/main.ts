import { Command, CommanderError, Option } from 'commander';
import { toUserError } from './error-boundary.js';
import { packageVersion } from '../runner/package-info.js';

type Register = (program: Command, setExitCode: (code: number) => void) => void;

/**
 * The commands, each loaded only when it runs: a command module imports what its work needs
 * (the run pipeline, LLM clients, SQLite, ...), so `rag-eval trec` or `--version` never pays
 * for loading another command's dependencies. Help and unknown commands load the whole table.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  init: async () => (await import('./commands/init.js')).registerInitCommand,
  generate: async () => (await import('./commands/generate.js')).registerGenerateCommand,
  run: async () => (await import('./commands/run.js')).registerRunCommand,
  trec: async () => (await import('./commands/trec.js')).registerTrecCommand,
  cache: async () => (await import('./commands/cache.js')).registerCacheCommand,
  compare: async () => (await import('./commands/compare.js')).registerCompareCommand,
  history: async () => (await import('./commands/history.js')).registerHistoryCommand,
  calibrate: async () => (await import('./commands/calibrate.js')).registerCalibrateCommand,
  'bench-retriever': async () => (await import('./commands/bench-retriever.js')).registerBenchRetrieverCommand,
};

/**
 * The commands `argv` needs: the one it names; none for a bare `--version`; every command
 * otherwise (help, no command, an unknown one: the listing and "did you mean" need them all).
 */
export function commandsFor(argv: readonly string[]): string[] {
  const first = argv.find((arg) => !arg.startsWith('-'));
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first];
  const version = argv.some((arg) => arg === '--version' || arg === '-V');
  const versionOnly = version && argv.every((arg) => arg === '--version' || arg === '-V' || arg === '--no-color');
  return versionOnly ? [] : Object.keys(COMMANDS);
}

export const EXIT = { ok: 0, regression: 1, usage: 2, external: 3 } as const;

/**
 * Builds the command tree with the named commands (default: all). Each command sets
 * `process.exitCode`-style results through the returned code.
 */
export async function buildProgram(setExitCode: (code: number) => void, commands: readonly string[] = Object.keys(COMMANDS)): Promise<Command> {
  const program = new Command('rag-eval')
    .description('Measure retrieval-augmented generation: test sets, retriever comparisons, IR metrics and reports.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError('(run `rag-eval help` for the commands)');
  program.addOption(new Option('--no-color', 'plain output').hideHelp());
  const registers = await Promise.all(commands.map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program, setExitCode);
  return program;
}

/** Entry point: returns the exit code (0 ok, 1 regression/gate, 2 usage or input, 3 external service). */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  try {
    const program = await buildProgram((code) => {
      exitCode = code;
    }, commandsFor(argv));
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const userError = toUserError(error);
    if (userError) {
      process.stderr.write(`error: ${userError.message}\n`);
      return userError.exitCode;
    }
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}
