/** The commented starter config written by `rag-eval init`. Kept valid: a test parses it. */
export const STARTER_CONFIG = `# rag-eval configuration. Paths are relative to this file.
# Every option is described in the README, section "Configuration".

corpus:
  # A folder of .md/.txt/.html/.jsonl files, one file, or a BEIR folder (corpus.jsonl, queries.jsonl, qrels/).
  path: ./corpus
  format: auto          # auto | files | beir

chunking:
  size: 800             # characters per chunk
  overlap: 100          # characters shared by neighbouring chunks (must be < size)

testSet:
  # JSONL, one question per line. Write it by hand or run: rag-eval generate rag-eval.yaml --offline
  path: ./testset.jsonl
  onInvalidLine: stop   # stop | skip (skip reports file:line and goes on)
  generate:
    count: 50           # questions the offline generator makes
    keywordVariant: true

relevance:
  level: auto           # auto | chunk (span overlap) | document (a document's best chunk)
  minOverlap: 0.5       # chunk level: share of the shorter of chunk and span that must overlap

k: 5                    # results per query, unless a retriever sets its own

retrievers:
  - name: bm25
    type: bm25
    bm25: { k1: 1.2, b: 0.75, stemming: true, stopWords: true }
  - name: dense
    type: dense
    embedder: { provider: use }   # the bundled Universal Sentence Encoder: offline, no key
    store: { type: memory, metric: cosine }
  - name: hybrid
    type: hybrid
    of: [bm25, dense]   # reciprocal rank fusion
    rrfK: 60

metrics: [precision, recall, f1, hit_rate, mrr, map, ndcg]

output:
  dir: ./runs
seed: 42
`;
