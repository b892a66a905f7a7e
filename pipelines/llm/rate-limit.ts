import pLimit, { type LimitFunction } from 'p-limit';

/**
 * p-limit with a moving ceiling: a 429 halves the concurrency (at least 1), and every
 * `growAfter` consecutive successes add one slot back, up to the configured maximum.
 */
export class AdaptiveLimiter {
  private readonly limit: LimitFunction;
  private successes = 0;

  constructor(
    readonly maxConcurrency: number,
    private readonly growAfter = 10,
  ) {
    this.limit = pLimit(maxConcurrency);
  }

  get concurrency(): number {
    return this.limit.concurrency;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.limit(task);
  }

  onRateLimited(): void {
    this.successes = 0;
    this.limit.concurrency = Math.max(1, Math.floor(this.limit.concurrency / 2));
  }

  onSuccess(): void {
    if (this.limit.concurrency >= this.maxConcurrency) return;
    this.successes += 1;
    if (this.successes >= this.growAfter) {
      this.successes = 0;
      this.limit.concurrency += 1;
    }
  }
}

export interface BudgetEntry {
  at: number;
  tokens: number;
}

const WINDOW_MS = 60_000;

/**
 * How long to wait before a request of `tokens` fits the per-minute budgets, given the requests
 * sent in the last minute (a sliding window). 0 means "send now". A single request larger than
 * the whole token budget is let through once the window is empty, rather than never.
 */
export function budgetDelayMs(entries: readonly BudgetEntry[], now: number, tokens: number, limits: { rpm?: number; tpm?: number }): number {
  const recent = entries.filter((entry) => now - entry.at < WINDOW_MS);
  if (recent.length === 0) return 0;
  const requestsOk = limits.rpm === undefined || recent.length < limits.rpm;
  const used = recent.reduce((sum, entry) => sum + entry.tokens, 0);
  const tokensOk = limits.tpm === undefined || used + tokens <= limits.tpm;
  if (requestsOk && tokensOk) return 0;
  // Wait until the oldest entry leaves the window, then check again.
  return Math.max(1, recent[0]!.at + WINDOW_MS - now);
}

/** Requests-per-minute and tokens-per-minute budgets (estimated tokens: prompt chars/4 + max output). */
export class MinuteBudget {
  private entries: BudgetEntry[] = [];
  constructor(
    private readonly limits: { rpm?: number; tpm?: number },
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  get active(): boolean {
    return this.limits.rpm !== undefined || this.limits.tpm !== undefined;
  }

  async acquire(tokens: number): Promise<void> {
    if (!this.active) return;
    for (;;) {
      const now = this.now();
      this.entries = this.entries.filter((entry) => now - entry.at < WINDOW_MS);
      const wait = budgetDelayMs(this.entries, now, tokens, this.limits);
      if (wait === 0) {
        this.entries.push({ at: now, tokens });
        return;
      }
      await this.sleep(wait);
    }
  }
}
