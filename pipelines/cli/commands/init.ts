import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../../kernel/errors.js';
import { STARTER_CONFIG } from '../starter-config.js';

export function registerInitCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('init')
    .description('write a commented starter config (rag-eval.yaml)')
    .argument('[dir]', 'folder to write it in', '.')
    .option('--force', 'overwrite an existing rag-eval.yaml')
    .action(async (dir: string, options: { force?: boolean }) => {
      const file = path.join(dir, 'rag-eval.yaml');
      if (existsSync(file) && !options.force) {
        throw new InputError(`${file} already exists; pass --force to overwrite it`);
      }
      await mkdir(path.join(dir, 'corpus'), { recursive: true });
      await writeFile(file, STARTER_CONFIG);
      process.stdout.write(`wrote ${file}\nnext: put documents in ${path.join(dir, 'corpus')}/, then run \`rag-eval generate ${file} --offline\` and \`rag-eval run ${file}\`\n`);
      setExitCode(0);
    });
}
