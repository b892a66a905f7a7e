import { OpenAIEmbeddings } from '@langchain/openai';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../corpora/load.js';
import { loadConfig } from '../../../pipelines/config/load.js';
import { InputError } from '../../../kernel/errors.js';
import { generateLlmTestSet } from '../../../pipelines/generate/generate-llm.js';
import { silentProgress, type ProgressSink } from '../../../pipelines/progress/progress.js';
import { checkReferences, readTestSet } from '../../../synthetic-data/test-set-io.js';
import { TEST_API_KEY } from '../../support/llm-client.js';
import { passagesOf, scriptedGenerator } from '../../support/llm-generation.js';
import { hashEmbedding, startOpenAiServer, type ChatRequestBody, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const RIVERS = ['Amberlune', 'Brisktail', 'Corvanth', 'Dellowmere', 'Estravine', 'Fennimore', 'Glasswick', 'Harrowdale', 'Ishvander', 'Jorumcrest'];

function documentText(name: string, version = 1): string {
  return (
    `The ${name} river rises in the northern hills and runs for ${100 + version} kilometres. ` +
    `Fishermen on the ${name} catch silver trout in spring, and the ${name} bridge was rebuilt in ${1900 + version}. ` +
    `Travellers describe the ${name} valley as quiet, green and crowded with orchards during the harvest season.`
  );
}

const tempDir = useTempDirs();
let server: OpenAiServer;
afterEach(async () => {
  await server?.close();
});

interface Setup {
  dir: string;
  config: string;
  run(options?: { dryRun?: boolean }): Promise<{ message: string; added: number; retired: number; kept: number }>;
  testSet(): Promise<Awaited<ReturnType<typeof readTestSet>>['items']>;
  infos: string[];
}

async function setup(options: { docs?: Record<string, string>; generate?: string; handler?: ReturnType<typeof scriptedGenerator>; embed?: (text: string) => number[] } = {}): Promise<Setup> {
  server = await startOpenAiServer({ chat: options.handler ?? scriptedGenerator(), ...(options.embed ? { embed: options.embed } : {}) });
  const dir = tempDir();
  mkdirSync(path.join(dir, 'corpus'));
  const docs = options.docs ?? Object.fromEntries(RIVERS.map((name) => [`${name.toLowerCase()}.txt`, documentText(name)]));
  for (const [file, text] of Object.entries(docs)) writeFileSync(path.join(dir, 'corpus', file), text);
  const config = path.join(dir, 'rag-eval.yaml');
  writeFileSync(
    config,
    [
      'corpus: { path: corpus }',
      'chunking: { size: 400, overlap: 0 }',
      'testSet:',
      '  path: testset.jsonl',
      '  generate:',
      `    llm: ${options.generate ?? '{ perDocument: 2, kinds: { singleHop: 1, multiHop: 0, abstract: 0 } }'}`,
      'retrievers: [{ name: bm25, type: bm25 }]',
      `llm: { model: gpt-4o-mini, baseURL: "${server.baseURL}", concurrency: 4 }`,
      '',
    ].join('\n'),
  );
  const infos: string[] = [];
  const progress: ProgressSink = { ...silentProgress, info: (m) => infos.push(m) };
  const embeddings = new OpenAIEmbeddings({ model: 'text-embedding-3-small', apiKey: TEST_API_KEY, configuration: { baseURL: server.baseURL } });
  return {
    dir,
    config,
    infos,
    run: async (runOptions = {}) =>
      generateLlmTestSet({
        loaded: await loadConfig(config),
        outPath: path.join(dir, 'testset.jsonl'),
        dryRun: Boolean(runOptions.dryRun),
        progress,
        env: { OPENAI_API_KEY: TEST_API_KEY },
        embeddings,
        retryBaseMs: 1,
      }),
    testSet: async () => (await readTestSet(path.join(dir, 'testset.jsonl'))).items,
  };
}

const chatCount = () => server.chatRequests().length;
const userText = (body: unknown) => JSON.stringify((body as ChatRequestBody).messages);

describe('rag-eval generate with an LLM (loopback server)', () => {
  it('makes spans with exact offsets, source hashes, language and provenance; 2 requests per item', async () => {
    const s = await setup();
    const result = await s.run();
    expect(result.message.split('\n')[0]).toBe(`+20 new, −0 retired, 0 kept → ${path.join(s.dir, 'testset.jsonl')}`);
    expect(chatCount()).toBe(40);
    const items = await s.testSet();
    expect(items).toHaveLength(20);
    const corpus = await loadCorpus(path.join(s.dir, 'corpus'));
    expect(checkReferences(items, corpus)).toEqual({ unknown: [], spanProblems: [] });
    const first = items.find((item) => item.references[0]?.docId === 'amberlune.txt')!;
    const doc = corpus.documents.find((d) => d.id === 'amberlune.txt')!;
    expect(first).toMatchObject({
      kind: 'single-hop',
      language: 'en',
      generator: { name: 'llm', model: 'gpt-4o-mini', promptVersion: 'generate-v2', seed: 42 },
      sourceHashes: { 'amberlune.txt': doc.hash },
      references: [{ docId: 'amberlune.txt', start: 0, end: 40, text: doc.text.slice(0, 40), grade: 1 }],
    });
    expect(result.message).toContain('  generate: 20 requests, 0 cache hits, 4000 input + 1000 output tokens, $0.0012');
    expect(result.message).toContain('  critic: 20 requests, 0 cache hits, 2000 input + 400 output tokens, $0.0005');
  });

  it('a second identical run sends zero requests: up to date, and from the cache when the test set is gone', async () => {
    const s = await setup();
    await s.run();
    const before = await s.testSet();
    expect(chatCount()).toBe(40);
    expect((await s.run()).message).toBe(`test set ${path.join(s.dir, 'testset.jsonl')} is up to date: +0 new, −0 retired, 20 kept`);
    rmSync(path.join(s.dir, 'testset.jsonl'));
    const again = await s.run();
    expect(again.message).toContain('generate: 0 requests, 20 cache hits');
    expect(chatCount()).toBe(40);
    expect(await s.testSet()).toEqual(before);
  });

  it('after one of ten documents changes, requests go only to that document; its items are archived, never deleted', async () => {
    const s = await setup();
    await s.run();
    const before = await s.testSet();
    const changed = documentText('Estravine', 2);
    writeFileSync(path.join(s.dir, 'corpus', 'estravine.txt'), changed);
    const result = await s.run();
    expect(result.message.split('\n')[0]).toBe(`+2 new, −2 retired, 18 kept → ${path.join(s.dir, 'testset.jsonl')}`);
    const newRequests = server.chatRequests().slice(40);
    expect(newRequests).toHaveLength(4);
    for (const request of newRequests) {
      expect(passagesOf(request.body as ChatRequestBody)).toEqual([changed]);
    }
    const archive = (await readTestSet(path.join(s.dir, 'testset.archive.jsonl'))).items;
    expect(archive.map((item) => item.id).sort()).toEqual(before.filter((item) => item.references[0]!.docId === 'estravine.txt').map((item) => item.id).sort());
    expect(archive[0]!.retired?.reason).toBe('document estravine.txt changed');
    const after = await s.testSet();
    expect(after.slice(0, 18)).toEqual(before.filter((item) => item.references[0]!.docId !== 'estravine.txt'));
    expect(after.slice(18).map((item) => item.references[0])).toEqual([expect.objectContaining({ text: changed.slice(0, 40) }), expect.objectContaining({ text: changed.slice(0, 40) })]);
  });

  it('a deleted document retires its items and asks for nothing', async () => {
    const s = await setup();
    await s.run();
    rmSync(path.join(s.dir, 'corpus', 'brisktail.txt'));
    const result = await s.run();
    expect(result).toMatchObject({ added: 0, retired: 2, kept: 18 });
    expect(chatCount()).toBe(40);
    const archive = (await readTestSet(path.join(s.dir, 'testset.archive.jsonl'))).items;
    expect(archive.map((item) => item.retired?.reason)).toEqual(['document brisktail.txt was deleted', 'document brisktail.txt was deleted']);
  });

  it('tells the model the language of a Chinese document and records it', async () => {
    const chinese =
      '长江是中国最长的河流，全长约六千三百公里。它发源于青藏高原，向东流入东海。' +
      '长江流域是中国重要的农业和工业地区，两岸城市众多，航运十分繁忙。' +
      '三峡大坝位于长江上游，是世界上最大的水电站之一，每年发电量巨大。';
    const s = await setup({ docs: { 'changjiang.txt': chinese }, generate: '{ perDocument: 1, minDocumentChars: 50, kinds: { singleHop: 1, multiHop: 0, abstract: 0 } }' });
    await s.run();
    const generate = server.chatRequests()[0]!;
    expect(userText(generate.body)).toContain('The passages are written in Chinese. Write the question and the answer in Chinese; never translate them into English.');
    expect((await s.testSet())[0]).toMatchObject({ language: 'zh', references: [{ docId: 'changjiang.txt', start: 0, end: 40, text: chinese.slice(0, 40) }] });
  });

  it('multi-hop questions link a chunk of another document sharing key phrases and cite both', async () => {
    const docs = {
      'a.txt': 'The Quorvash engine powers the harbour cranes of Peltmouth. Engineers service the Quorvash engine every winter because salt air corrodes its valves.',
      'b.txt': 'Peltmouth harbour replaced its old steam cranes in 1932. The new cranes use the Quorvash engine, which the town bought from a northern foundry.',
      'c.txt': 'Meadow larks nest in tall grass near the southern farms. Their song is loud at dawn and they leave for warmer places before the first frost arrives.',
    };
    const s = await setup({ docs, generate: '{ perDocument: 1, minDocumentChars: 50, kinds: { singleHop: 0, multiHop: 1, abstract: 0 } }' });
    await s.run();
    const items = await s.testSet();
    const fromA = items.find((item) => Object.keys(item.sourceHashes!)[0] === 'a.txt')!;
    expect(fromA.kind).toBe('multi-hop');
    expect(fromA.references.map((r) => r.docId)).toEqual(['a.txt', 'b.txt']);
    expect(Object.keys(fromA.sourceHashes!).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('drops critic rejections and near-duplicates, and counts them', async () => {
    const s = await setup({
      generate: '{ perDocument: 1, kinds: { singleHop: 1, multiHop: 0, abstract: 0 } }',
      handler: scriptedGenerator({
        score: (question) => (question.includes('Corvanth') ? 2 : 5),
        question: (passages) => (/Dellowmere|Fennimore/.test(passages[0]!) ? 'Which river has a rebuilt bridge?' : `Where does the ${/The (\w+) river/.exec(passages[0]!)![1]} river rise?`),
      }),
      embed: (text) => (text.includes('Glasswick') || text.includes('Harrowdale') ? [1, 0, 0, 0, 0, 0, 0, 0] : hashEmbedding(text, 8)),
    });
    const result = await s.run();
    expect(result.added).toBe(7);
    expect(result.message).toContain('10 asked, 0 failed, 1 rejected by the critic (threshold 3), 0 critic errors, 2 near-duplicates removed');
    const questions = (await s.testSet()).map((item) => item.question);
    expect(questions.filter((q) => q === 'Which river has a rebuilt bridge?')).toHaveLength(1);
    expect(questions.filter((q) => /Glasswick|Harrowdale/.test(q))).toEqual(['Where does the Glasswick river rise?']);
    expect(result.message).toContain('note: corvanth.txt: rejected by the critic (answerable 2, standalone 2): vague');
  });

  it('failed generations become counted notes, not crashes', async () => {
    const s = await setup({
      generate: '{ perDocument: 1, kinds: { singleHop: 1, multiHop: 0, abstract: 0 } }',
      handler: (body, index) =>
        passagesOf(body)[0]!.includes('Jorumcrest') && body.tools?.[0]?.function.name === 'submit_question'
          ? { choices: [{ toolArguments: '{"question": 1}' }] }
          : scriptedGenerator()(body, index),
    });
    const result = await s.run();
    expect(result.added).toBe(9);
    expect(result.message).toContain('10 asked, 1 failed,');
    expect(result.message).toMatch(/note: jorumcrest\.txt: generate-single-hop: the answer does not match the schema: question: Invalid input: expected string, received number/);
    expect(chatCount()).toBe(9 * 2 + 2);
  });

  it('when every reply fails validation, the error leads with the causes (with counts), before the planning notes', async () => {
    const docs = { ...Object.fromEntries(RIVERS.slice(0, 3).map((name) => [`${name.toLowerCase()}.txt`, documentText(name)])), 'tiny.txt': 'Too short.' };
    const s = await setup({
      docs,
      generate: '{ perDocument: 1, kinds: { singleHop: 1, multiHop: 0, abstract: 0 } }',
      // every question cites a passage that does not exist (schema-valid before passage numbers were bounded)
      handler: (body) => ({ choices: [{ toolArguments: { question: 'What is said here?', answer: 'Something.', evidence: [{ passage: 9, quote: 'x' }] } }] }),
    });
    const error = await s.run().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(InputError);
    const lines = error!.message.split('\n');
    expect(lines[1]).toMatch(
      new RegExp(
        String.raw`^ {2}3 of 3 question\(s\): generate-single-hop: the answer does not match the schema: ` +
          String.raw`evidence\.0\.passage: not a passage number between 1 and 1; ` +
          String.raw`after one repair request: .*not a passage number between 1 and 1`,
      ),
    );
    expect(lines[2]).toBe('  tiny.txt: skipped, 10 characters is shorter than minDocumentChars (200)');
  });

  it('too short documents: a clear message, what can be made, and an error when nothing can', async () => {
    const s = await setup({ docs: { 'long.txt': documentText('Amberlune'), 'tiny.txt': 'Too short.' } });
    const result = await s.run();
    expect(result.added).toBe(2);
    expect(s.infos).toContain('tiny.txt: skipped, 10 characters is shorter than minDocumentChars (200)');

    const t = await setup({ docs: { 'tiny.txt': 'Too short.' } });
    await expect(t.run()).rejects.toThrow(InputError);
    await expect(t.run()).rejects.toThrow(/no questions could be made from 1 document\(s\) in .*; nothing was written:\n {2}tiny\.txt: skipped, 10 characters/);
    expect(existsSync(path.join(t.dir, 'testset.jsonl'))).toBe(false);
  });

  it('--dry-run counts calls and tokens and sends nothing', async () => {
    const s = await setup();
    const result = await s.run({ dryRun: true });
    expect(result.message).toMatch(
      new RegExp(
        String.raw`^dry run: 10 document\(s\) to generate for \(10 new, 0 changed, 0 deleted\); ` +
          String.raw`would ask for 20 questions, retire 0 and keep 0 items\n` +
          String.raw`40 LLM calls to gpt-4o-mini, about \d+ input \+ 6200 output tokens \(chars\/4 estimate\), ` +
          String.raw`about \$0\.\d{4}, not counting repairs or cache hits$`,
      ),
    );
    expect(server.requests).toHaveLength(0);
    expect(existsSync(path.join(s.dir, 'testset.jsonl'))).toBe(false);
    expect(readFileSync(s.config, 'utf8')).toContain('perDocument: 2');
  });
});
