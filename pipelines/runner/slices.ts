/**
 * Every metric per slice of the test set: per language (declared, else detected from the
 * script) when the test set has more than one, and per tag. Each slice's aggregates are the
 * same as the whole run's (mean over scored questions, coverage, the same interval method).
 */
import { itemLanguage } from '../../corpora/language.js';
import { deriveSeed } from '../../kernel/prng.js';
import { aggregate, type Score } from '../../kernel/score.js';
import { metricInterval } from '../../reports/confidence.js';
import type { SliceSummary } from '../../reports/summary-schema.js';

interface ItemLike {
  id: string;
  question: string;
  language?: string | undefined;
  tags?: readonly string[] | undefined;
}

export interface SliceDefinition {
  dimension: SliceSummary['dimension'];
  value: string;
  qids: ReadonlySet<string>;
}

export function sliceDefinitions(items: readonly ItemLike[]): SliceDefinition[] {
  const byLanguage = new Map<string, Set<string>>();
  const byTag = new Map<string, Set<string>>();
  for (const item of items) {
    addTo(byLanguage, itemLanguage(item), item.id);
    for (const tag of new Set(item.tags ?? [])) addTo(byTag, tag, item.id);
  }
  const sorted = (map: Map<string, Set<string>>) => [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return [
    ...(byLanguage.size > 1 ? sorted(byLanguage).map(([value, qids]) => ({ dimension: 'language' as const, value, qids })) : []),
    ...sorted(byTag).map(([value, qids]) => ({ dimension: 'tag' as const, value, qids })),
  ];
}

export function sliceSummaries(options: {
  items: readonly ItemLike[];
  outcomes: readonly { name: string; scores: readonly { qid: string; scores: Record<string, Score> }[] }[];
  metricIds: readonly string[];
  seed: number;
}): SliceSummary[] {
  return sliceDefinitions(options.items).map((slice) => {
    const metrics: SliceSummary['metrics'] = {};
    for (const outcome of options.outcomes) {
      const rows = outcome.scores.filter((s) => slice.qids.has(s.qid));
      const byMetric: SliceSummary['metrics'][string] = {};
      for (const id of options.metricIds) {
        const scores = rows.flatMap((r) => (r.scores[id] ? [r.scores[id]] : []));
        if (scores.length === 0) continue;
        const seed = deriveSeed(options.seed, outcome.name, id, slice.dimension, slice.value);
        byMetric[id] = { ...aggregate(scores), ...metricInterval(scores, seed) };
      }
      metrics[outcome.name] = byMetric;
    }
    return { dimension: slice.dimension, value: slice.value, questions: slice.qids.size, metrics };
  });
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(id);
  map.set(key, set);
}

/** Each question's slice labels (`language:zh`, `tag:keyword`), written beside its scores so `compare` can pair per slice. */
export function sliceLabels(items: readonly ItemLike[]): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  for (const slice of sliceDefinitions(items)) {
    for (const qid of slice.qids) labels.set(qid, [...(labels.get(qid) ?? []), `${slice.dimension}:${slice.value}`]);
  }
  return labels;
}
