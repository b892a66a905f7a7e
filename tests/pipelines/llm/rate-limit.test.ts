import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter, budgetDelayMs, MinuteBudget } from '../../../pipelines/llm/rate-limit.js';
import { backoffMs, parseRetryAfter } from '../../../pipelines/llm/retry.js';

describe('adaptive concurrency', () => {
  it('halves on 429 (never below 1) and grows back by one after N successes', () => {
    const limiter = new AdaptiveLimiter(16, 3);
    limiter.onRateLimited();
    expect(limiter.concurrency).toBe(8);
    limiter.onRateLimited();
    limiter.onRateLimited();
    limiter.onRateLimited();
    limiter.onRateLimited();
    expect(limiter.concurrency).toBe(1);
    limiter.onSuccess();
    limiter.onSuccess();
    expect(limiter.concurrency).toBe(1);
    limiter.onSuccess();
    expect(limiter.concurrency).toBe(2);
    for (let i = 0; i < 100; i++) limiter.onSuccess();
    expect(limiter.concurrency).toBe(16);
  });

  it('runs no more tasks at once than the current concurrency', async () => {
    const limiter = new AdaptiveLimiter(4);
    limiter.onRateLimited();
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});

describe('per-minute budgets', () => {
  it('waits for the oldest request to leave the 60 s window', () => {
    const entries = [
      { at: 1000, tokens: 100 },
      { at: 2000, tokens: 100 },
    ];
    expect(budgetDelayMs(entries, 3000, 10, { rpm: 3 })).toBe(0);
    expect(budgetDelayMs(entries, 3000, 10, { rpm: 2 })).toBe(58_000);
    expect(budgetDelayMs(entries, 3000, 800, { tpm: 1000 })).toBe(0);
    expect(budgetDelayMs(entries, 3000, 801, { tpm: 1000 })).toBe(58_000);
    expect(budgetDelayMs(entries, 61_000, 10, { rpm: 2 })).toBe(0);
    expect(budgetDelayMs([], 0, 5000, { tpm: 1000 })).toBe(0);
  });

  it('MinuteBudget sleeps exactly as long as the window needs', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const budget = new MinuteBudget({ rpm: 2 }, () => now, async (ms) => {
      sleeps.push(ms);
      now += ms;
    });
    await budget.acquire(1);
    now = 10;
    await budget.acquire(1);
    await budget.acquire(1);
    expect(sleeps).toEqual([59_990]);
  });
});

describe('backoff', () => {
  it('full jitter: uniform in [0, min(cap, base * 2^attempt)]; Retry-After wins', () => {
    expect(backoffMs(0, { baseMs: 500, capMs: 30_000, random: () => 0.5 })).toBe(250);
    expect(backoffMs(3, { baseMs: 500, capMs: 30_000, random: () => 0.5 })).toBe(2000);
    expect(backoffMs(10, { baseMs: 500, capMs: 30_000, random: () => 0.999 })).toBe(29_970);
    expect(backoffMs(0, { baseMs: 500, capMs: 30_000, retryAfterMs: 4000 })).toBe(4000);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
