import type { ConfigurationComparison } from './compare.js';
import type { RunDirectory } from './run-directory.js';

/** What differs between the two runs besides the retrievers: test set, corpus, config, models, judges, missing questions. */
export function provenanceNotes(baseline: RunDirectory, candidate: RunDirectory, configurations: readonly ConfigurationComparison[]): string[] {
  const a = baseline.summary.provenance;
  const b = candidate.summary.provenance;
  const notes: string[] = [];
  if (a.testSetHash !== b.testSetHash) {
    notes.push(
      `the runs used different test sets (sha256 ${a.testSetHash.slice(0, 12)} vs ${b.testSetHash.slice(0, 12)}); ` +
        'only questions with the same id are compared',
    );
  }
  if (a.corpusHash !== b.corpusHash) notes.push(`the runs used different corpora (sha256 ${a.corpusHash.slice(0, 12)} vs ${b.corpusHash.slice(0, 12)})`);
  if (a.configHash !== b.configHash) notes.push(`the runs used different configs (sha256 ${a.configHash.slice(0, 12)} vs ${b.configHash.slice(0, 12)})`);
  const modelsA = [...a.models].sort().join(', ');
  const modelsB = [...b.models].sort().join(', ');
  if (modelsA !== modelsB) notes.push(`the runs used different models (${modelsA || 'none'} vs ${modelsB || 'none'})`);
  const judgeA = baseline.summary.judges;
  const judgeB = candidate.summary.judges;
  if (judgeA && judgeB) {
    if (judgeA.model !== judgeB.model) notes.push(`the runs used different judge models (${judgeA.model ?? 'none'} vs ${judgeB.model ?? 'none'}); judge scores may not be comparable`);
    const promptsA = JSON.stringify(Object.entries(judgeA.prompts).sort());
    const promptsB = JSON.stringify(Object.entries(judgeB.prompts).sort());
    if (promptsA !== promptsB) notes.push('the runs used different judge or answer prompt versions; judge scores may not be comparable');
  }
  for (const c of configurations) {
    if (c.onlyBaseline || c.onlyCandidate)
      notes.push(`${c.label}: compared on the ${c.sharedQuestions} shared questions (${c.onlyBaseline} only in the baseline, ${c.onlyCandidate} only in the candidate)`);
    const dropped = c.metrics.filter((m) => m.droppedNull > 0);
    if (dropped.length) notes.push(`${c.label}: pairs with a null score on either side were left out (${dropped.map((m) => `${m.metricId} ${m.droppedNull}`).join(', ')})`);
  }
  return notes;
}
