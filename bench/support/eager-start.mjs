/**
 * The start-up baseline of bench/startup.bench.ts: what `rag-eval --version` loaded before
 * commands and back-ends were loaded lazily — every command module plus the OpenAI SDK,
 * LangChain's OpenAI package, LanceDB/Arrow, the Milvus client, vega and the USE packages —
 * then the same parse. Runs the compiled dist/, like bin/rag-eval.js.
 */
const { buildProgram, main } = await import('../../dist/pipelines/cli/main.js');

await Promise.all([
  import('@langchain/openai'),
  import('@lancedb/lancedb'),
  import('apache-arrow'),
  import('@zilliz/milvus2-sdk-node'),
  import('vega'),
  import('vega-lite'),
  import('@energetic-ai/embeddings'),
  buildProgram(() => {}),
]);
process.exitCode = await main(process.argv.slice(2));
