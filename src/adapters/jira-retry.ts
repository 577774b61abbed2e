/**
 * Retry and pacing for Jira REST calls under Forge's rate limits (points quota, per-second burst,
 * per-issue writes): honour Retry-After when Jira sends it, back off exponentially when it does
 * not, and give up within the invocation's budget so the caller can reschedule instead of timing out.
 */
export interface RetryOptions {
  /** Attempts in one invocation, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Total time this call may spend waiting between attempts. */
  readonly budgetMs: number;
}

export const DEFAULT_JIRA_RETRY: RetryOptions = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 10_000, budgetMs: 20_000 };

/** Milliseconds Jira asked us to wait: Retry-After in seconds or as an HTTP date; undefined when absent. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/** Backoff before attempt `attempt + 1` (attempt counts from 1), full jitter from `jitter` in [0, 1). */
export function backoffDelayMs(attempt: number, options: RetryOptions, jitter: number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * Spaces writes to one issue: Jira limits writes per issue, and a burst of comment + property +
 * field writes at a milestone is exactly what trips it.
 */
export class IssueWritePacer {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly minGapMs: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async beforeWrite(issueId: string): Promise<void> {
    const last = this.lastWrite.get(issueId);
    const wait = last === undefined ? 0 : last + this.minGapMs - this.now();
    if (wait > 0) await this.sleep(wait);
    this.lastWrite.set(issueId, this.now());
  }
}
