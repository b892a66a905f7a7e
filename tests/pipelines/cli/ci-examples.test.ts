import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../pipelines/cli/main.js';

const dir = path.resolve(import.meta.dirname, '../../../examples/ci');
type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; id?: string };
const load = (name: string) => parse(readFileSync(path.join(dir, name), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, { steps: Step[] }> };

/** Every `rag-eval <command> ... --option` in a workflow names a real command and option. */
async function checkCommands(steps: Step[]): Promise<void> {
  const program = await buildProgram(() => {});
  for (const step of steps) {
    for (const match of step.run?.matchAll(/npx --no-install rag-eval (\w+)([^\n]*)/g) ?? []) {
      const command = program.commands.find((c) => c.name() === match[1]);
      expect(command, `rag-eval ${match[1]}`).toBeDefined();
      for (const option of match[2]!.match(/--[\w-]+/g) ?? []) expect(command!.options.map((o) => o.long), `${match[1]} ${option}`).toContain(option);
    }
  }
}

/** rag-eval comes from the repository's own dev dependency: installed by npm ci, run with --no-install, documented at the top. */
function checkInstall(name: string, steps: Step[]): void {
  const text = readFileSync(path.join(dir, name), 'utf8');
  expect(text).toContain('npm install --save-dev "git+https://github.com/<owner>/rag-eval.git#<tag>"');
  expect(text).toContain('npm install --save-dev ./vendor/rag-eval-0.1.0.tgz');
  const install = steps.findIndex((s) => s.run?.startsWith('npm ci'));
  const first = steps.findIndex((s) => s.run?.includes('rag-eval '));
  expect(install).toBeGreaterThanOrEqual(0);
  expect(install).toBeLessThan(first);
  const invocations = steps.flatMap((s) => s.run?.match(/\S+(?: \S+)? rag-eval (?:run|compare)/g) ?? []);
  expect(invocations.length).toBeGreaterThan(0);
  expect(invocations.filter((i) => !i.startsWith('npx --no-install'))).toEqual([]);
}

describe('examples/ci workflows', () => {
  it('nightly: cron, cache restored and saved, report uploaded, fails on a failed compare', async () => {
    const workflow = load('nightly.yml');
    expect(workflow.on.schedule).toEqual([{ cron: '17 3 * * *' }]);
    const steps = workflow.jobs.evaluate!.steps;
    expect(steps.map((s) => s.uses?.split('@')[0]).filter(Boolean)).toEqual(['actions/checkout', 'actions/setup-node', 'actions/cache/restore', 'actions/upload-artifact', 'actions/cache/save']);
    expect(steps.find((s) => s.uses?.startsWith('actions/cache/save'))!.if).toBe('always()');
    expect(steps.at(-1)!.if).toBe("steps.compare.outcome == 'failure'");
    checkInstall('nightly.yml', steps);
    await checkCommands(steps);
  });

  it('pr-compare: two runs, compare into the job summary, exit code passed through', async () => {
    const workflow = load('pr-compare.yml');
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    const steps = workflow.jobs.compare!.steps;
    const compare = steps.find((s) => s.run?.includes('rag-eval compare'))!;
    expect(compare.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(compare.run).toContain('exit $code');
    expect(steps.filter((s) => s.run?.includes('rag-eval run'))).toHaveLength(2);
    checkInstall('pr-compare.yml', steps);
    await checkCommands(steps);
  });
});
