/**
 * The loopback server in its own process (for benchmarks, so its CPU time is not charged to the
 * client under test). Usage: tsx tests/support/openai-server-process.ts LATENCY_MS
 * Prints `ready <baseURL>` on stdout, serves the scripted generator/critic, exits on stdin end.
 */
import { scriptedGenerator } from './llm-generation.js';
import { startOpenAiServer } from './openai-server.js';

const latencyMs = Number(process.argv[2] ?? '0');
const server = await startOpenAiServer({ chat: scriptedGenerator(), latencyMs });
process.stdout.write(`ready ${server.baseURL}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
