/**
 * A real HTTP server on 127.0.0.1 that speaks enough of the OpenAI wire format for rag-eval:
 * POST /v1/chat/completions, POST /v1/embeddings (float or base64), GET /v1/models.
 *
 * Replies are scripted per request: a FIFO queue (`enqueue`) is used first, then the `chat`
 * handler. Every request is recorded (path, parsed body, headers with the Authorization value
 * replaced by "<redacted>"), so tests can assert exact request counts.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  /** Lower-case header names; `authorization` is "<redacted>" when present. */
  headers: Record<string, string>;
}

export type ScriptedChoice =
  | { toolArguments: string | object; toolName?: string; finishReason?: string }
  | { content: string; finishReason?: string };

export type ScriptedReply =
  | { choices: ScriptedChoice[]; usage?: { promptTokens: number; completionTokens: number }; delayMs?: number }
  | { status: number; message?: string; code?: string; headers?: Record<string, string>; delayMs?: number }
  | { rawBody: string; delayMs?: number }
  | { resetConnection: true };

/** The parts of a chat request a handler usually looks at. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: unknown }[];
  tools?: { type: string; function: { name: string; parameters?: unknown } }[];
  tool_choice?: unknown;
  response_format?: unknown;
  n?: number;
  seed?: number;
  max_tokens?: number;
  temperature?: number;
  [key: string]: unknown;
}

export type ChatHandler = (body: ChatRequestBody, requestIndex: number) => ScriptedReply | Promise<ScriptedReply>;

export interface OpenAiServerOptions {
  chat?: ChatHandler;
  /** When set, any other bearer token gets 401. */
  apiKey?: string;
  /** When set, chat/embedding requests for other models get 404 model_not_found. */
  models?: string[];
  /** Added to every reply (the benchmark uses 200 ms). */
  latencyMs?: number;
  /** Embedding dimensions (default 8). */
  dimensions?: number;
  /** Replaces the hash-derived embedding, e.g. to make two texts similar on purpose. */
  embed?: (text: string) => number[];
  /** Like a careless proxy: every error message ends with the request's Authorization header, verbatim. */
  echoAuthorization?: boolean;
  /** Awaited before each embeddings reply (its texts): a test may hold requests in flight. */
  beforeEmbeddingsReply?: (texts: string[]) => Promise<void> | void;
}

export interface OpenAiServer {
  /** `http://127.0.0.1:PORT/v1` */
  baseURL: string;
  host: string;
  requests: RecordedRequest[];
  /** Requests to POST /v1/chat/completions only. */
  chatRequests(): RecordedRequest[];
  enqueue(...replies: ScriptedReply[]): void;
  setChatHandler(handler: ChatHandler | undefined): void;
  close(): Promise<void>;
}

/** Reply helpers. */
export const reply = {
  tool: (args: string | object, options: { finishReason?: string; usage?: { promptTokens: number; completionTokens: number } } = {}): ScriptedReply => ({
    choices: [{ toolArguments: args, finishReason: options.finishReason ?? 'tool_calls' }],
    ...(options.usage ? { usage: options.usage } : {}),
  }),
  content: (content: string, finishReason = 'stop'): ScriptedReply => ({ choices: [{ content, finishReason }] }),
  truncated: (partialArgs: string): ScriptedReply => ({ choices: [{ toolArguments: partialArgs, finishReason: 'length' }] }),
  status: (status: number, options: { message?: string; code?: string; retryAfter?: string } = {}): ScriptedReply => ({
    status,
    ...(options.message ? { message: options.message } : {}),
    ...(options.code ? { code: options.code } : {}),
    ...(options.retryAfter !== undefined ? { headers: { 'retry-after': options.retryAfter } } : {}),
  }),
  slow: (delayMs: number, inner: ScriptedReply): ScriptedReply => ({ ...inner, delayMs }),
};

/** Deterministic float32 vector from sha256(text): values in [-1, 1), exactly representable in float32. */
export function hashEmbedding(text: string, dimensions = 8): number[] {
  const values: number[] = [];
  let block = 0;
  while (values.length < dimensions) {
    const digest = createHash('sha256').update(`${block}:${text}`, 'utf8').digest();
    for (let i = 0; i + 2 <= digest.length && values.length < dimensions; i += 2) {
      values.push((digest.readUInt16LE(i) - 32768) / 32768);
    }
    block += 1;
  }
  return values;
}

/** Little-endian float32, base64: what the OpenAI API returns for `encoding_format: "base64"`. */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => buffer.writeFloatLE(value, i * 4));
  return buffer.toString('base64');
}

/** Chars/4, rounded up: the same approximation the dry-run estimator documents. */
function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export async function startOpenAiServer(options: OpenAiServerOptions = {}): Promise<OpenAiServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  let chatHandler = options.chat;
  let chatIndex = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `test server error: ${String(error)}`, type: 'server_error' } });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown = undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers[name] = name === 'authorization' ? '<redacted>' : Array.isArray(value) ? value.join(', ') : value;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path, body, headers });

    const echo = options.echoAuthorization ? ` (request header Authorization: ${req.headers.authorization ?? 'none'})` : '';
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      await delay(options.latencyMs ?? 0);
      return sendJson(res, 401, { error: { message: `Incorrect API key provided.${echo}`, type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    if (req.method === 'GET' && path === '/v1/models') {
      const ids = options.models ?? ['test-model'];
      return sendJson(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'test' })) });
    }
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/embeddings')) {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const model = typeof record.model === 'string' ? record.model : '';
    if (options.models && !options.models.includes(model)) {
      await delay(options.latencyMs ?? 0);
      return sendJson(res, 404, {
        error: { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found' },
      });
    }
    if (path === '/v1/embeddings') return handleEmbeddings(record, model, res);

    const index = chatIndex;
    chatIndex += 1;
    const scripted = queue.shift() ?? (chatHandler ? await chatHandler(record as ChatRequestBody, index) : undefined);
    const script: ScriptedReply = scripted ?? { status: 500, message: 'test server: no scripted reply for this request' };
    if ('resetConnection' in script) {
      req.socket.destroy();
      return;
    }
    await delay((options.latencyMs ?? 0) + (script.delayMs ?? 0));
    if (res.destroyed || req.socket.destroyed) return;
    if ('rawBody' in script) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(script.rawBody);
      return;
    }
    if ('status' in script) {
      res.setHeader('content-type', 'application/json');
      for (const [name, value] of Object.entries(script.headers ?? {})) res.setHeader(name, value);
      res.writeHead(script.status);
      res.end(JSON.stringify({ error: { message: `${script.message ?? `scripted status ${script.status}`}${echo}`, type: 'scripted', code: script.code ?? null } }));
      return;
    }
    const promptText = JSON.stringify(record.messages ?? []);
    let outputChars = 0;
    const choices = script.choices.map((choice, i) => {
      if ('content' in choice) {
        outputChars += choice.content.length;
        return { index: i, finish_reason: choice.finishReason ?? 'stop', message: { role: 'assistant', content: choice.content } };
      }
      const args = typeof choice.toolArguments === 'string' ? choice.toolArguments : JSON.stringify(choice.toolArguments);
      outputChars += args.length;
      const toolName = choice.toolName ?? firstToolName(record) ?? 'answer';
      return {
        index: i,
        finish_reason: choice.finishReason ?? 'tool_calls',
        message: { role: 'assistant', content: null, tool_calls: [{ id: `call_${index}_${i}`, type: 'function', function: { name: toolName, arguments: args } }] },
      };
    });
    const promptTokens = script.usage?.promptTokens ?? approxTokens(promptText);
    const completionTokens = script.usage?.completionTokens ?? Math.ceil(outputChars / 4);
    sendJson(res, 200, {
      id: `chatcmpl-${index}`,
      object: 'chat.completion',
      created: 0,
      model,
      choices,
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }

  async function handleEmbeddings(record: Record<string, unknown>, model: string, res: ServerResponse): Promise<void> {
    await delay(options.latencyMs ?? 0);
    const input = record.input;
    const texts = typeof input === 'string' ? [input] : Array.isArray(input) ? input.map(String) : [];
    await options.beforeEmbeddingsReply?.(texts);
    if (res.destroyed) return;
    const base64 = record.encoding_format === 'base64';
    const dimensions = typeof record.dimensions === 'number' ? record.dimensions : (options.dimensions ?? 8);
    const data = texts.map((text, index) => {
      const vector = options.embed ? options.embed(text) : hashEmbedding(text, dimensions);
      return { object: 'embedding', index, embedding: base64 ? encodeFloat32Base64(vector) : vector.map((v) => Math.fround(v)) };
    });
    const tokens = texts.reduce((sum, text) => sum + approxTokens(text), 0);
    sendJson(res, 200, { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    host: `127.0.0.1:${port}`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    enqueue: (...replies) => queue.push(...replies),
    setChatHandler: (handler) => {
      chatHandler = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function firstToolName(record: Record<string, unknown>): string | undefined {
  const tools = record.tools;
  if (!Array.isArray(tools)) return undefined;
  const first: unknown = tools[0];
  if (typeof first !== 'object' || first === null || !('function' in first)) return undefined;
  const fn: unknown = first.function;
  return typeof fn === 'object' && fn !== null && 'name' in fn && typeof fn.name === 'string' ? fn.name : undefined;
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
