import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { hashText } from '../../corpora/hash.js';
import type { SourceDocument } from '../../kernel/corpus.js';
import type { PlannedCall } from '../../kernel/call-estimate.js';
import type { LlmClient } from '../../kernel/llm-types.js';
import { TEST_SET_SCHEMA_VERSION, type SpanReference, type TestItem } from '../../kernel/test-item.js';
import type { LlmGenerateConfig } from './config.js';
import { keepDistinct } from './dedupe.js';
import type { QuestionPlan } from './plan.js';
import { CRITIC_PROMPT_VERSION, CriticVerdict, criticMessages, GENERATE_PROMPT_VERSION, generatedQuestion, generationMessages } from './prompts.js';
import { locateQuote, mergeSpans } from './spans.js';

export interface GenerationCounts {
  planned: number;
  /** The model gave no valid question even after the repair request. */
  failed: number;
  /** The critic call itself failed (invalid verdict after repair). */
  criticFailed: number;
  /** Scored below the threshold by the critic. */
  criticRejected: number;
  duplicates: number;
  accepted: number;
  /** Quotes not found verbatim; the whole chunk became the reference. */
  approximateSpans: number;
}

export interface LlmGeneration {
  items: TestItem[];
  counts: GenerationCounts;
  /** The first reasons for failures and rejections, for the user. */
  problems: string[];
  /** Every failure and rejection reason (without the document id) with how often it occurred, most frequent first. */
  causes: { reason: string; count: number }[];
}

const MAX_PROBLEMS = 10;

/**
 * Turns question plans into test items: generate (structured) -> exact spans from the quotes
 * -> critic -> near-duplicate removal. Items come out in plan order whatever order the
 * concurrent calls finish in. The client decides concurrency; every plan starts at once.
 */
export async function generateFromPlans(input: {
  plans: readonly QuestionPlan[];
  documents: readonly SourceDocument[];
  client: LlmClient;
  config: LlmGenerateConfig;
  seed: number;
  /** For near-duplicate removal; without it only identical questions are removed. */
  embeddings?: EmbeddingsInterface;
  /** Questions already in the test set: new ones too similar to them are dropped. */
  existingQuestions?: readonly string[];
  onProgress?: () => void;
}): Promise<LlmGeneration> {
  const docs = new Map(input.documents.map((doc) => [doc.id, doc]));
  const counts: GenerationCounts = { planned: input.plans.length, failed: 0, criticFailed: 0, criticRejected: 0, duplicates: 0, accepted: 0, approximateSpans: 0 };
  const problems: string[] = [];
  const causes = new Map<string, number>();
  const note = (docId: string, reason: string, cause = capCause(reason)) => {
    if (problems.length < MAX_PROBLEMS) problems.push(`${docId}: ${capCause(reason)}`);
    causes.set(cause, (causes.get(cause) ?? 0) + 1);
  };

  const candidates = await Promise.all(
    input.plans.map(async (plan): Promise<TestItem | undefined> => {
      try {
        return await generateOne(plan);
      } finally {
        input.onProgress?.();
      }
    }),
  );

  async function generateOne(plan: QuestionPlan): Promise<TestItem | undefined> {
    const passages = plan.chunks.map((chunk) => chunk.text);
    const generated = await input.client.complete({
      promptId: `generate-${plan.kind}`,
      promptVersion: GENERATE_PROMPT_VERSION,
      messages: generationMessages({
        kind: plan.kind,
        language: plan.language,
        passages,
        style: plan.style,
        length: input.config.length,
        ...(plan.persona ? { persona: plan.persona } : {}),
        variant: plan.variant,
      }),
      schema: generatedQuestion(plan.chunks.length),
      schemaName: 'submit_question',
      stage: 'generate',
    });
    if (!generated.ok) {
      counts.failed += 1;
      note(plan.docId, generated.reason);
      return undefined;
    }
    const { question, answer, evidence } = generated.value;
    const cited = evidence.filter((e) => e.passage <= plan.chunks.length);
    if (cited.length === 0) {
      counts.failed += 1;
      note(plan.docId, `the evidence names no passage between 1 and ${plan.chunks.length}`);
      return undefined;
    }
    const located = cited.map((e) => locateQuote(plan.chunks[e.passage - 1]!, e.quote));
    counts.approximateSpans += located.filter((span) => !span.exact).length;
    const references: SpanReference[] = mergeSpans(located).map((span) => ({
      docId: span.docId,
      start: span.start,
      end: span.end,
      text: docs.get(span.docId)!.text.slice(span.start, span.end),
      grade: 1,
    }));
    const citedChunks = new Set(cited.map((e) => e.passage));
    // A "multi-hop" answer that needs only one passage is a single-hop question: say so.
    const kind = plan.kind === 'multi-hop' && citedChunks.size < 2 ? 'single-hop' : plan.kind;

    const verdict = await input.client.complete({
      promptId: 'critic',
      promptVersion: CRITIC_PROMPT_VERSION,
      messages: criticMessages({ question, answer, passages }),
      schema: CriticVerdict,
      schemaName: 'submit_review',
      stage: 'critic',
    });
    if (!verdict.ok) {
      counts.criticFailed += 1;
      note(plan.docId, `critic: ${verdict.reason}`);
      return undefined;
    }
    const { answerable, standalone, reason } = verdict.value;
    if (answerable < input.config.criticThreshold || standalone < input.config.criticThreshold) {
      counts.criticRejected += 1;
      const rejected = `rejected by the critic (answerable ${answerable}, standalone ${standalone})`;
      note(plan.docId, `${rejected}: ${reason}`, rejected);
      return undefined;
    }
    const sourceHashes: Record<string, string> = {};
    for (const chunk of plan.chunks) sourceHashes[chunk.docId] = docs.get(chunk.docId)!.hash;
    return {
      schemaVersion: TEST_SET_SCHEMA_VERSION,
      id: `llm-${hashText(`${plan.docId}\n${question}`).slice(0, 16)}`,
      question,
      referenceAnswer: answer,
      references,
      generator: { name: 'llm', model: input.client.model, promptVersion: GENERATE_PROMPT_VERSION, seed: input.seed },
      language: plan.language,
      sourceHashes,
      kind,
    };
  }

  const made = candidates.filter((item): item is TestItem => item !== undefined);
  const distinct = await removeDuplicates(made, input.existingQuestions ?? [], input.config.duplicateThreshold, input.embeddings);
  counts.duplicates = made.length - distinct.length;
  counts.accepted = distinct.length;
  const sortedCauses = [...causes].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  return { items: distinct, counts, problems, causes: sortedCauses };
}

/** A model's reason can be any length: a cause is grouped and shown by its first 300 characters. */
function capCause(reason: string): string {
  return reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
}

async function removeDuplicates(items: TestItem[], existing: readonly string[], threshold: number, embeddings?: EmbeddingsInterface): Promise<TestItem[]> {
  const seen = new Set(existing.map(normalise));
  const unique = items.filter((item) => {
    const key = normalise(item.question);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!embeddings || unique.length === 0) return unique;
  const vectors = await embeddings.embedDocuments([...existing, ...unique.map((item) => item.question)]);
  const keep = keepDistinct(vectors.slice(0, existing.length), vectors.slice(existing.length), threshold);
  return keep.map((index) => unique[index]!);
}

function normalise(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Expected answer sizes for the dry-run estimate (tokens): a question with quotes, and a verdict. */
const GENERATE_OUTPUT_TOKENS = 250;
const CRITIC_OUTPUT_TOKENS = 60;

/** The calls generation would make if every answer is valid first time: one generate + one critic per plan. */
export function plannedCalls(plans: readonly QuestionPlan[], config: LlmGenerateConfig): PlannedCall[] {
  return plans.flatMap((plan) => {
    const passages = plan.chunks.map((chunk) => chunk.text);
    const generate = generationMessages({
      kind: plan.kind,
      language: plan.language,
      passages,
      style: plan.style,
      length: config.length,
      ...(plan.persona ? { persona: plan.persona } : {}),
      variant: plan.variant,
    });
    const critic = criticMessages({ question: 'x'.repeat(120), answer: 'x'.repeat(240), passages });
    return [
      { promptText: generate.map((m) => m.content).join('\n'), outputTokens: GENERATE_OUTPUT_TOKENS },
      { promptText: critic.map((m) => m.content).join('\n'), outputTokens: CRITIC_OUTPUT_TOKENS },
    ];
  });
}
