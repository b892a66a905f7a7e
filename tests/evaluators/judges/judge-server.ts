import { OpenAIEmbeddings } from '@langchain/openai';
import { afterEach } from 'vitest';
import type { LlmRuntime } from '../../../pipelines/llm/factory.js';
import { loopbackRuntime, TEST_API_KEY } from '../../support/llm-client.js';
import { startOpenAiServer, type ChatRequestBody, type OpenAiServer, type OpenAiServerOptions } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

/** A loopback server and an LLM runtime priced at $1 / $2 per million tokens, torn down after each test. */
export function useJudgeServer() {
  const tempDir = useTempDirs();
  const open: { server: OpenAiServer; runtime: LlmRuntime }[] = [];
  afterEach(async () => {
    for (const { server, runtime } of open.splice(0)) {
      runtime.close();
      await server.close();
    }
  });
  return async (options: OpenAiServerOptions = {}) => {
    const server = await startOpenAiServer(options);
    const runtime = loopbackRuntime(server, tempDir(), { prices: { 'test-model': { input: 1, output: 2 } }, seed: 11 });
    open.push({ server, runtime });
    const embeddings = new OpenAIEmbeddings({ model: 'test-embed', apiKey: TEST_API_KEY, maxRetries: 0, configuration: { baseURL: server.baseURL } });
    return { server, runtime, judge: runtime.client, embeddings };
  };
}

/** The user message the judge received in chat request `index`. */
export function userMessage(server: OpenAiServer, index: number): string {
  const body = server.chatRequests()[index]!.body as ChatRequestBody;
  const message = body.messages.find((m) => m.role === 'user');
  return typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content);
}

export function toolName(server: OpenAiServer, index: number): string | undefined {
  const body = server.chatRequests()[index]!.body as ChatRequestBody;
  return body.tools?.[0]?.function.name;
}

export const usage = (promptTokens: number, completionTokens: number) => ({ usage: { promptTokens, completionTokens } });
