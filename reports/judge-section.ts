import { anyMetricLabel, isJudgeMetric } from '../evaluators/judge-metric-registry.js';
import { fixed, table } from './markdown-table.js';
import { md, mdText } from './markdown-escape.js';
import type { RunSummary } from './summary-schema.js';

const money = (usd: number | null, digits = 4) => (usd === null ? 'unknown' : `$${usd.toFixed(digits)}`);

/** All attempts together, from the run's journal of sent requests (summary.llmUsage). */
function runUsageLine(u: NonNullable<RunSummary['llmUsage']>): string {
  const attempts = `${u.attempts} attempt${u.attempts === 1 ? '' : 's'}`;
  const lost = u.inFlightAtCrash
    ? ` ${u.inFlightAtCrash.requests} of them were in flight when an attempt ended abruptly; their tokens and cost are unknown and not in these totals.`
    : '';
  return (
    `<sub>${u.requests} requests were sent to the LLM endpoint over ${attempts} (${u.failed} failed), ` +
    `${u.inputTokens} input + ${u.outputTokens} output tokens, ${mdText(money(u.costUsd))}.${lost}</sub>`
  );
}

/**
 * The report's answer-quality part: each judge metric with coverage and null reasons, then the
 * LLM cost per configuration, per metric and per question, and the judge's noise when measured.
 */
export function judgeSections(summary: RunSummary): string[] {
  const ids = summary.metricIds.filter(isJudgeMetric);
  if (ids.length === 0) return [];
  const parts: string[] = ['## Answer quality (judges)'];
  const rows = summary.configurations.flatMap((c) =>
    ids.map((id) => {
      const m = c.metrics[id];
      if (!m) return [c.name, anyMetricLabel(id, c.k), '—', '', ''];
      const ci = m.ci95 ? ` [${fixed(m.ci95[0], 2)}, ${fixed(m.ci95[1], 2)}]` : '';
      const reasons = Object.entries(m.nullReasons).map(([reason, n]) => `${reason} × ${n}`).join('; ');
      const usage = c.usage?.byMetric[id];
      const cost = usage
        ? `${fixed(usage.perQuestion.requests, 2)} calls, ` +
          `${fixed(usage.perQuestion.inputTokens + usage.perQuestion.outputTokens, 0)} tokens, ${money(usage.perQuestion.costUsd, 5)}`
        : 'no LLM';
      return [c.name, anyMetricLabel(id, c.k), md(`${fixed(m.mean)}${ci} (${m.scored}/${m.total})`), reasons || '—', md(cost)];
    }),
  );
  parts.push(table(['Configuration', 'Metric', 'Mean [95% CI] (scored/total)', 'Not scored', 'Per question'], rows, ['l', 'l', 'r', 'l', 'r']));

  const costed = summary.configurations.filter((c) => c.usage);
  if (costed.length) {
    const costRows = costed.flatMap((c) =>
      Object.entries(c.usage!.byMetric).map(([metric, u]) => [
        c.name,
        metric,
        String(u.requests),
        String(u.cacheHits),
        String(u.inputTokens),
        String(u.outputTokens),
        md(money(u.costUsd)),
        md(`${fixed(u.perQuestion.requests, 2)} / ${fixed(u.perQuestion.inputTokens + u.perQuestion.outputTokens, 0)} / ${money(u.perQuestion.costUsd, 5)}`),
      ]),
    );
    for (const c of costed) {
      const u = c.usage!;
      const perQuestion =
        `${fixed(u.perQuestion.requests, 2)} / ${fixed(u.perQuestion.inputTokens + u.perQuestion.outputTokens, 0)} / ` +
        money(u.perQuestion.costUsd, 5);
      costRows.push([
        md(`**${mdText(c.name)}**`),
        md('**total**'),
        String(u.requests),
        String(u.cacheHits),
        String(u.inputTokens),
        String(u.outputTokens),
        md(money(u.costUsd)),
        md(perQuestion),
      ]);
    }
    parts.push(
      '### LLM cost',
      table(['Configuration', 'Stage', 'requests', 'cache hits', 'input tokens', 'output tokens', 'cost', 'per question (calls / tokens / cost)'], costRows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r']),
      `<sub>"answer" is answer generation; requests include retries and repairs. Cost is unknown when the model has no price (set llm.prices).</sub>`,
    );
  }
  if (summary.llmUsage) parts.push(runUsageLine(summary.llmUsage));

  const noisy = summary.configurations.flatMap((c) => ids.flatMap((id) => (c.metrics[id]?.judgeNoise ? [[c.name, id, c.metrics[id]!.judgeNoise!] as const] : [])));
  if (noisy.length) {
    parts.push(
      '### Judge noise',
      table(
        ['Configuration', 'Metric', 'repetitions', 'questions', 'mean spread', 'max spread'],
        noisy.map(([name, id, n]) => [name, id, String(n.samples), String(n.questions), fixed(n.meanSpread), fixed(n.maxSpread)]),
        ['l', 'l', 'r', 'r', 'r', 'r'],
      ),
      '<sub>Each LLM judgment was repeated with different seeds; spread = max − min of a question’s repetitions; the score is their mean.</sub>',
    );
  }
  if (summary.judges) {
    const prompts = Object.entries(summary.judges.prompts).map(([id, v]) => `${id} v${v}`).join(', ');
    parts.push(`<sub>Judge model: ${mdText(summary.judges.model ?? 'none')}; answers: ${mdText(summary.judges.answers ?? 'not needed')}; prompts: ${mdText(prompts || 'none')}.</sub>`);
  }
  return parts;
}
