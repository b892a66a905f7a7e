import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmConfig } from '../../../pipelines/llm/config.js';
import { createLlmRuntime } from '../../../pipelines/llm/factory.js';
import { openRequestJournal, tallyJournal } from '../../../pipelines/run-state/request-journal.js';
import { TEST_API_KEY } from '../../support/llm-client.js';
import { reply, startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
let server: OpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
});

const Answer = z.object({ answer: z.string() });
const request = (content: string) => ({
  promptId: 'p',
  promptVersion: '1',
  stage: 'answer',
  messages: [{ role: 'user' as const, content }],
  schema: Answer,
  schemaName: 'give_answer',
});

describe('the journal of sent LLM requests', () => {
  it('records a sent line before each HTTP request and a done or failed line after it; a retried 429 is two requests', async () => {
    server = await startOpenAiServer();
    const dir = tempDir();
    const file = path.join(dir, 'llm-requests.jsonl');
    const journal = openRequestJournal(file);
    const config = LlmConfig.parse({ model: 'test-model', baseURL: server.baseURL, cachePath: path.join(dir, 'cache.sqlite') });
    const runtime = createLlmRuntime({ config, baseDir: dir, env: { OPENAI_API_KEY: TEST_API_KEY }, retryBaseMs: 1, journal });
    server.enqueue(reply.status(429, { retryAfter: '0' }), reply.tool({ answer: 'a' }, { usage: { promptTokens: 11, completionTokens: 3 } }));
    await runtime.client.complete(request('one'));
    await runtime.client.complete(request('one')); // a cache hit: nothing sent, nothing journaled
    runtime.close();
    journal.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map(({ key: _key, ...rest }) => rest)).toEqual([
      { event: 'sent', attempt: 1, id: 0, stage: 'answer' },
      { event: 'failed', attempt: 1, id: 0 },
      { event: 'sent', attempt: 1, id: 1, stage: 'answer' },
      { event: 'done', attempt: 1, id: 1, inputTokens: 11, outputTokens: 3 },
    ]);
    expect(lines[0]!.key).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[2]!.key).toBe(lines[0]!.key);
    expect(server.chatRequests()).toHaveLength(2);
    expect(tallyJournal(file, 1)).toEqual({ attempts: 1, sent: 2, failed: 1, inFlightAtCrash: 0, inputTokens: 11, outputTokens: 3 });
  });

  it('a sent line of an earlier attempt with no reply is in flight at the crash; a torn last line is dropped; attempts count on', () => {
    const file = path.join(tempDir(), 'llm-requests.jsonl');
    const first = openRequestJournal(file);
    expect(first.attempt).toBe(1);
    const a = first.sent({ key: 'k1', stage: 's' });
    const b = first.sent({ key: 'k2', stage: 's' });
    first.done(a, { inputTokens: 5, outputTokens: 1 });
    first.sent({ key: 'k3', stage: 's' });
    expect(b).toBe(1);
    // The process dies: b and the third request never return; half a line is left behind.
    appendFileSync(file, '{"event":"done","attempt":1,"id":1,"inpu');
    const second = openRequestJournal(file);
    expect(second.attempt).toBe(2);
    const c = second.sent({ key: 'k2', stage: 's' });
    expect(c).toBe(0);
    // Before the current attempt's reply: its own open request is not "at a crash".
    expect(tallyJournal(file, 2)).toEqual({ attempts: 2, sent: 4, failed: 0, inFlightAtCrash: 2, inputTokens: 5, outputTokens: 1 });
    second.done(c, { inputTokens: 7, outputTokens: 2 });
    second.close();
    expect(tallyJournal(file, 2)).toEqual({ attempts: 2, sent: 4, failed: 0, inFlightAtCrash: 2, inputTokens: 12, outputTokens: 3 });
    first.close();
    const third = openRequestJournal(file);
    expect(third.attempt).toBe(3);
    third.close();
  });
});
