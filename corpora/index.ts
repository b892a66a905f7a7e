export type { Chunk, Corpus, CorpusWarning, SourceDocument } from '../kernel/corpus.js';
export { loadCorpus, type LoadCorpusOptions } from './load.js';
export { loadBeir, type BeirDataset, type LoadBeirOptions } from './beir.js';
export { chunkDocuments, validateChunking, SEPARATORS, type ChunkingOptions } from './chunk.js';
export { detectLanguage, splitSentences, segmentWords, type DetectedLanguage, type SentenceSpan } from './text.js';
export { hashText, hashCorpus } from './hash.js';
export { htmlToText } from './html.js';
