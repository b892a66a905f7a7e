import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { LlmClient, Usage } from '../../kernel/llm-types.js';
import type { Reference } from '../../kernel/test-item.js';
import type { Score } from '../../kernel/score.js';

/**
 * The contract shared by the answer-level evaluators (LLM judges and their non-LLM variants).
 * A judge is the LLM client passed in; only `complete` is used, so a test or a library user may
 * hand in anything with that one method.
 */
export type JudgeClient = Pick<LlmClient, 'complete'>;

/** Embeddings for answer relevance and answer similarity: LangChain's narrow interface. */
export type JudgeEmbeddings = Pick<EmbeddingsInterface, 'embedDocuments'>;

/** One retrieved context, in rank order. Offsets are present for chunks of the corpus. */
export interface SampleContext {
  id: string;
  text: string;
  docId?: string;
  start?: number;
  end?: number;
}

/** Everything a metric may look at for one (configuration, question). */
export interface JudgeSample {
  qid: string;
  question: string;
  answer?: string;
  /** Why the answer stage produced no answer (e.g. the prompt exceeded the context window). */
  answerFailure?: string;
  referenceAnswer?: string;
  /** Top-k contexts in rank order. */
  contexts: readonly SampleContext[];
  /** The test item's evidence (spans or documents); empty for imported answers without a test item. */
  references: readonly Reference[];
}

/** The result of one metric on one sample: the score, what it cost and what the judge said. */
export interface JudgeOutcome {
  score: Score;
  usage: Usage;
  /** Verdicts, statements, generated questions, the judge's failure reason: for judgments.jsonl. */
  details?: Record<string, unknown>;
}

export interface EvaluateOptions {
  /** Seed for the judge's sampling; `--judge-samples` varies it per repetition. */
  seed?: number;
}

export interface SampleEvaluator {
  evaluate(sample: JudgeSample, options?: EvaluateOptions): Promise<JudgeOutcome>;
}

/** Shared null reasons: stable strings, so aggregates count them (details carry the specifics). */
export const REASONS = {
  noAnswer: 'no answer to judge',
  noStatements: 'the answer has no statements',
  noContexts: 'no contexts retrieved',
  noReference: 'no reference answer',
  noReferenceOrAnswer: 'no reference answer and no answer to judge usefulness against',
  noClaims: 'the reference answer has no claims',
  noReferences: 'the question has no reference evidence',
  invalidAfterRepair: 'judge reply invalid after repair',
  noQuestionsGenerated: 'the judge generated no questions',
  zeroVector: 'an embedding has zero length',
  contextsNotLocated: 'the contexts carry no document offsets to match the references against',
} as const;

/** "no answer to judge", with the answer stage's failure when there was one. */
export function noAnswerReason(sample: Pick<JudgeSample, 'answerFailure'>): string {
  return sample.answerFailure ? `${REASONS.noAnswer} (answer generation failed: ${sample.answerFailure})` : REASONS.noAnswer;
}
