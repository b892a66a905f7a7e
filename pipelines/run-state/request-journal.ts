import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { asDiskFullError } from '../../kernel/errors.js';
import { AppendLog, readAppendLog } from './append-log.js';

/**
 * The journal of requests sent to the LLM endpoint (`llm-requests.jsonl` in the run directory).
 * A `sent` line is written (appendFileSync-like: one write, no fsync; a killed process loses
 * nothing the kernel has) in the moment before a request leaves, a `done` or `failed` line when
 * it comes back. A request of an earlier attempt with a `sent` line and nothing after it was in
 * flight when that attempt died: the endpoint received it, its reply was lost.
 */
const Attempt = z.number().int().positive();
const Id = z.number().int().nonnegative();
export const JournalLine = z.discriminatedUnion('event', [
  z.object({ event: z.literal('sent'), attempt: Attempt, id: Id, key: z.string(), stage: z.string() }),
  z.object({ event: z.literal('done'), attempt: Attempt, id: Id, inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() }),
  z.object({ event: z.literal('failed'), attempt: Attempt, id: Id }),
]);
export type JournalLine = z.infer<typeof JournalLine>;

/** The run directory's journal of sent LLM and embedding requests. */
export const REQUEST_JOURNAL_FILE = 'llm-requests.jsonl';

export interface RequestJournal {
  readonly file: string;
  /** 1 for a fresh run directory, one more than the last attempt found on resume. */
  readonly attempt: number;
  /** Call just before the request goes to the server; returns the request's id within this attempt. */
  sent(request: { key: string; stage: string }): number;
  done(id: number, tokens: { inputTokens: number; outputTokens: number }): void;
  failed(id: number): void;
  close(): void;
}

/** Opens the journal; the file is created by the first request, so a run that sends none leaves no file. */
export function openRequestJournal(file: string): RequestJournal {
  let attempt = 1;
  if (existsSync(file)) {
    // AppendLog.open drops a torn last line, so new lines never follow garbage.
    const { log, existing } = AppendLog.open(file, JournalLine);
    log.close();
    attempt = existing.records.reduce((max, line) => Math.max(max, line.attempt), 0) + 1;
  }
  let fd: number | undefined;
  let next = 0;
  let closed = false;
  const write = (line: JournalLine) => {
    if (closed) return;
    try {
      fd ??= openSync(file, 'a');
      writeSync(fd, `${JSON.stringify(line)}\n`);
    } catch (error) {
      throw asDiskFullError(error, file);
    }
  };
  return {
    file,
    attempt,
    sent({ key, stage }) {
      const id = next++;
      write({ event: 'sent', attempt, id, key, stage });
      return id;
    },
    done(id, { inputTokens, outputTokens }) {
      write({ event: 'done', attempt, id, inputTokens, outputTokens });
    },
    failed(id) {
      write({ event: 'failed', attempt, id });
    },
    close() {
      if (closed) return;
      closed = true;
      if (fd !== undefined) closeSync(fd);
    },
  };
}

/** What the journal says about every attempt of a run. */
export interface JournalTally {
  /** Attempts that sent at least one request. */
  attempts: number;
  /** Every request the endpoint was sent: retries, repairs and those in flight at a crash included. */
  sent: number;
  /** Requests answered with an error (then retried or given up). */
  failed: number;
  /** Sent by an earlier attempt that died before the reply came: tokens unknown. */
  inFlightAtCrash: number;
  /** Tokens of the replies received (the requests in flight at a crash are not in them). */
  inputTokens: number;
  outputTokens: number;
}

/**
 * Counts the journal's requests whose stage `include` accepts. `currentAttempt`'s own unanswered
 * requests (none once its work has been awaited) are not "at a crash"; they are still counted as sent.
 */
export function tallyJournal(file: string, currentAttempt: number, include: (stage: string) => boolean = () => true): JournalTally {
  const { records } = readAppendLog(file, JournalLine);
  const counted = new Set<string>();
  const open = new Map<string, number>();
  const attempts = new Set<number>();
  const tally: JournalTally = { attempts: 0, sent: 0, failed: 0, inFlightAtCrash: 0, inputTokens: 0, outputTokens: 0 };
  for (const line of records) {
    const id = `${line.attempt}.${line.id}`;
    if (line.event === 'sent') {
      if (!include(line.stage)) continue;
      counted.add(id);
      tally.sent += 1;
      attempts.add(line.attempt);
      open.set(id, line.attempt);
      continue;
    }
    if (!counted.has(id)) continue;
    open.delete(id);
    if (line.event === 'failed') tally.failed += 1;
    else {
      tally.inputTokens += line.inputTokens;
      tally.outputTokens += line.outputTokens;
    }
  }
  for (const attempt of open.values()) if (attempt !== currentAttempt) tally.inFlightAtCrash += 1;
  tally.attempts = attempts.size;
  return tally;
}

/** The distinct stages of the journal's sent requests, sorted. */
export function journalStages(file: string): string[] {
  const stages = new Set<string>();
  for (const line of readAppendLog(file, JournalLine).records) if (line.event === 'sent') stages.add(line.stage);
  return [...stages].sort();
}
