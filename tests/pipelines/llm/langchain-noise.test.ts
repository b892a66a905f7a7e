import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loopbackRuntime } from '../../support/llm-client.js';
import { startOpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

// Installed before LangChain loads, as a user's console would be.
const seen: string[] = [];
const original = console.warn;
console.warn = (...args: unknown[]) => {
  seen.push(args.map(String).join(' '));
};
afterAll(() => {
  console.warn = original;
});

describe('LangChain noise', () => {
  const tempDir = useTempDirs();

  it('malformed tool arguments do not print "New LangChain packages are available"; other warnings still do', async () => {
    const server = await startOpenAiServer({ chat: () => ({ choices: [{ toolArguments: '{"answer": "unterminated' }] }) });
    const runtime = loopbackRuntime(server, tempDir(), { cache: false });
    try {
      const result = await runtime.client.complete({
        promptId: 'p',
        promptVersion: '1',
        messages: [{ role: 'user', content: 'q' }],
        schema: z.object({ answer: z.string() }),
        schemaName: 'give_answer',
      });
      expect(result.ok).toBe(false);
      expect(server.chatRequests()).toHaveLength(2);
    } finally {
      runtime.close();
      await server.close();
    }
    console.warn('an unrelated warning');
    expect(seen.filter((line) => line.includes('New LangChain packages are available'))).toEqual([]);
    expect(seen).toContain('an unrelated warning');
  });
});
