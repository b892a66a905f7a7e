import type { JudgmentRecord } from './judge-samples.js';

interface ChoiceCounts {
  returned: number;
  valid: number;
}

function choicesOf(details: Record<string, unknown> | undefined): ChoiceCounts | undefined {
  const choices = details?.choices;
  if (details?.strategy !== 'n' || typeof choices !== 'object' || choices === null) return undefined;
  const { returned, valid } = choices as Partial<ChoiceCounts>;
  return typeof returned === 'number' && typeof valid === 'number' ? { returned, valid } : undefined;
}

/**
 * answer_relevance with strategy `n`: says, once per run, what went wrong with the N choices.
 * An endpoint that ignores `n` returns fewer choices (switch to strategy list); an endpoint that
 * returns N choices of which some fail validation is a different problem, and is named as such.
 */
export function choiceWarnings(records: readonly JudgmentRecord[], asked: number): string[] {
  if (asked <= 1) return [];
  const counts = records.filter((r) => r.metric === 'answer_relevance').flatMap((r) => r.samples.flatMap((s) => choicesOf(s.details) ?? []));
  const warnings: string[] = [];
  const short = counts.filter((c) => c.returned < asked);
  if (short.length) {
    warnings.push(
      `answer_relevance: for ${short.length} answer(s) the endpoint returned fewer than ${asked} choices for n = ${asked} (as few as ${Math.min(...short.map((c) => c.returned))}); ` +
        'scores use the questions returned. Set judges.answerRelevance.strategy: list for servers that ignore n',
    );
  }
  const invalid = counts.filter((c) => c.returned >= asked && c.valid < c.returned);
  if (invalid.length) {
    const dropped = invalid.reduce((sum, c) => sum + c.returned - c.valid, 0);
    warnings.push(
      `answer_relevance: ${dropped} of ${invalid.reduce((sum, c) => sum + c.returned, 0)} choices in ${invalid.length} answer(s) ` +
        'failed validation and were left out; scores use the valid ones',
    );
  }
  return warnings;
}
