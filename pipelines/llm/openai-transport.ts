import type { BaseMessage } from '@langchain/core/messages';
import type { ChatOpenAI } from '@langchain/openai';
import type { LlmSettings } from './config.js';
import type { ChatMessage, ChatTransport, RawChoice, RawReply, TransportRequest } from '../../kernel/llm-types.js';

/**
 * The chat transport over @langchain/openai ChatOpenAI (Chat Completions API). The model is
 * built with `maxRetries: 0` so the client's retry loop is the only one, and one instance is
 * kept per (`n`, temperature) because both are constructor fields in LangChain. LangChain and
 * the OpenAI SDK are loaded on the first request, so commands and runs that call no LLM never load them.
 */
export function createOpenAiTransport(settings: LlmSettings): ChatTransport {
  const models = new Map<string, ChatOpenAI>();
  const modelFor = (n: number, temperature: number, { openai }: LangChain): ChatOpenAI => {
    const key = `${n}:${temperature}`;
    let model = models.get(key);
    if (!model) {
      model = new openai.ChatOpenAI({
        model: settings.model,
        apiKey: settings.apiKey,
        temperature,
        ...(settings.maxTokens !== undefined ? { maxTokens: settings.maxTokens } : {}),
        n,
        timeout: settings.timeoutMs,
        maxRetries: 0,
        useResponsesApi: false,
        streaming: false,
        configuration: settings.baseURL ? { baseURL: settings.baseURL } : {},
      });
      models.set(key, model);
    }
    return model;
  };
  return {
    model: settings.model,
    endpointHost: settings.endpointHost,
    baseURL: settings.baseURL ?? 'https://api.openai.com/v1',
    async send(request: TransportRequest): Promise<RawReply> {
      const langChain = await loadLangChain();
      const model = modelFor(request.n, request.temperature ?? settings.temperature, langChain);
      const seed = request.seed ?? settings.seed;
      const result = await model.generate([toLangChain(request.messages, langChain)], {
        tools: [{ type: 'function', function: { name: request.schemaName, parameters: request.jsonSchema, ...(settings.strict ? { strict: true } : {}) } }],
        tool_choice: { type: 'function', function: { name: request.schemaName } },
        ...(seed !== undefined ? { seed } : {}),
      });
      const generations = result.generations[0] ?? [];
      const choices: RawChoice[] = generations.map((generation) => {
        const info: Record<string, unknown> = generation.generationInfo ?? {};
        const finishReason = typeof info.finish_reason === 'string' ? info.finish_reason : 'unknown';
        const message: unknown = 'message' in generation ? generation.message : undefined;
        const args = langChain.messages.isBaseMessage(message) ? rawToolArguments(message) : undefined;
        if (args !== undefined) return { text: args, via: 'tool', finishReason };
        return { text: generation.text, via: 'content', finishReason };
      });
      const tokenUsage: unknown = result.llmOutput?.tokenUsage;
      return {
        choices,
        inputTokens: numberField(tokenUsage, 'promptTokens'),
        outputTokens: numberField(tokenUsage, 'completionTokens'),
      };
    },
  };
}

interface LangChain {
  openai: typeof import('@langchain/openai');
  messages: typeof import('@langchain/core/messages');
}

let langChainModules: Promise<LangChain> | undefined;

function loadLangChain(): Promise<LangChain> {
  langChainModules ??= Promise.all([import('@langchain/openai'), import('@langchain/core/messages')]).then(([openai, messages]) => {
    silenceUpgradeNotice();
    return { openai, messages };
  });
  return langChainModules;
}

/**
 * @langchain/core prints "New LangChain packages are available …" through console.warn for every
 * reply whose tool call arguments are not valid JSON (it builds a message with raw tool calls and
 * no parsed ones). rag-eval reports those replies itself (repair request, null with the reason),
 * so that one notice is dropped; every other warning passes through unchanged.
 */
export const LANGCHAIN_UPGRADE_NOTICE = 'New LangChain packages are available';
let silenced = false;
function silenceUpgradeNotice(): void {
  if (silenced) return;
  silenced = true;
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith(LANGCHAIN_UPGRADE_NOTICE)) return;
    warn(...args);
  };
}

function toLangChain(messages: readonly ChatMessage[], { messages: { AIMessage, HumanMessage, SystemMessage } }: LangChain): BaseMessage[] {
  return messages.map((m) => (m.role === 'system' ? new SystemMessage(m.content) : m.role === 'user' ? new HumanMessage(m.content) : new AIMessage(m.content)));
}

/** The first tool call's arguments exactly as the model sent them (possibly malformed). */
function rawToolArguments(message: BaseMessage): string | undefined {
  const calls: unknown = message.additional_kwargs.tool_calls;
  if (!Array.isArray(calls) || calls.length === 0) return undefined;
  const first: unknown = calls[0];
  if (typeof first !== 'object' || first === null || !('function' in first)) return undefined;
  const fn: unknown = first.function;
  if (typeof fn !== 'object' || fn === null || !('arguments' in fn)) return undefined;
  return typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments);
}

function numberField(value: unknown, key: string): number {
  if (typeof value !== 'object' || value === null || !(key in value)) return 0;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'number' && Number.isFinite(field) ? field : 0;
}
