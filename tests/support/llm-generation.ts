import type { ChatHandler, ChatRequestBody, ScriptedReply } from './openai-server.js';
import { reply } from './openai-server.js';

/** The numbered passages of a generate/critic prompt (`<passage id="N">` blocks), exactly as sent. */
export function passagesOf(body: ChatRequestBody): string[] {
  const user = body.messages.find((m) => m.role === 'user');
  const text = typeof user?.content === 'string' ? user.content : '';
  return [...text.matchAll(/<passage id="\d+">\n([\s\S]*?)\n<\/passage>/g)].map((m) => m[1]!);
}

export function toolName(body: ChatRequestBody): string | undefined {
  return body.tools?.[0]?.function.name;
}

/**
 * A deterministic stand-in for a model: questions name the first words of passage 1 and quote
 * the first 40 characters of every passage; the critic gives 5/5 unless `score` says otherwise.
 */
export function scriptedGenerator(options: { score?: (question: string) => number; question?: (passages: string[]) => string } = {}): ChatHandler {
  return (body): ScriptedReply => {
    const passages = passagesOf(body);
    if (toolName(body) === 'submit_review') {
      const user = body.messages.find((m) => m.role === 'user');
      const question = typeof user?.content === 'string' ? (/<question>\n(.*)\n<\/question>/.exec(user.content)?.[1] ?? '') : '';
      const score = options.score?.(question) ?? 5;
      return reply.tool({ answerable: score, standalone: score, reason: score >= 3 ? 'fine' : 'vague' }, { usage: { promptTokens: 100, completionTokens: 20 } });
    }
    const variation = /\(variation (\d+)\)/.exec(JSON.stringify(body.messages))?.[1];
    const question = options.question?.(passages) ?? `What is said about ${passages[0]!.split(/\s+/).slice(0, 6).join(' ')}${variation ? ` (${variation})` : ''}?`;
    return reply.tool(
      {
        question,
        answer: passages[0]!.slice(0, 60),
        evidence: passages.map((p, i) => ({ passage: i + 1, quote: p.slice(0, 40) })),
      },
      { usage: { promptTokens: 200, completionTokens: 50 } },
    );
  };
}
