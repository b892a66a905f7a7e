/**
 * Against a real OpenAI-compatible endpoint, only when asked for:
 *   RAG_EVAL_LIVE_LLM_MODEL=gpt-4o-mini OPENAI_API_KEY=... [RAG_EVAL_LIVE_LLM_BASE_URL=...] npx vitest run tests/pipelines/llm/live-endpoint.test.ts
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmConfig } from '../../../pipelines/llm/config.js';
import { createLlmRuntime } from '../../../pipelines/llm/factory.js';

const model = process.env.RAG_EVAL_LIVE_LLM_MODEL;
const reason = !model ? 'RAG_EVAL_LIVE_LLM_MODEL is not set' : !process.env.OPENAI_API_KEY ? 'OPENAI_API_KEY is not set' : undefined;
if (reason) console.log(`skipped: live LLM endpoint test (${reason})`);

describe.skipIf(reason !== undefined)('live OpenAI-compatible endpoint', () => {
  it('answers a structured request that passes the schema', async () => {
    const baseURL = process.env.RAG_EVAL_LIVE_LLM_BASE_URL;
    const runtime = createLlmRuntime({ config: LlmConfig.parse({ model, cache: false, ...(baseURL ? { baseURL } : {}) }), baseDir: process.cwd() });
    try {
      const result = await runtime.client.complete({
        promptId: 'live-check',
        promptVersion: '1',
        messages: [{ role: 'user', content: 'What is 17 + 25? Answer with the number.' }],
        schema: z.object({ sum: z.number().int() }),
        schemaName: 'give_sum',
      });
      expect(result.ok && result.value).toEqual({ sum: 42 });
      expect(result.usage.inputTokens).toBeGreaterThan(0);
    } finally {
      runtime.close();
    }
  });
});
