import type { Command } from 'commander';
import { parseTrecArgs, TREC_USAGE } from '../../../evaluators/trec-args.js';
import { runTrecEval } from '../../../evaluators/trec-eval-command.js';

export function registerTrecCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('trec')
    .description('evaluate a TREC run against qrels; prints trec_eval\'s format')
    .usage('QRELS RUN [-m MEASURE]... [-q] [-c] [-M N] [-l LEVEL]')
    .addHelpText(
      'after',
      `\n${TREC_USAGE}\n` +
        '  -m MEASURE  measure (P.5,10 recall.20 ndcg_cut.10 success.1,5 map recip_rank ndcg Rprec num_rel_ret ...; default: official)\n' +
        '  -q          per-query values before "all"\n' +
        '  -c          average over every query in QRELS (missing ones count as 0)\n' +
        '  -M N        only the first N results per query\n' +
        '  -l LEVEL    minimum grade that counts as relevant (default 1)',
    )
    // trec_eval's own option syntax (-mP.5, -M100) is parsed by parseTrecArgs, not commander.
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .helpOption('-h, --help')
    .argument('[args...]')
    .action((args: string[]) => {
      process.stdout.write(runTrecEval(parseTrecArgs(args)));
      setExitCode(0);
    });
}
