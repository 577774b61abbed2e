/**
 * How the executor retries: transient faults back off exponentially with deterministic jitter,
 * provider hints (Retry-After, X-Rate-Limit-Reset) win when they ask for longer, and every wait
 * is capped so that it fits a Forge queue re-delivery (delayInSeconds ≤ 900).
 */

export interface RetryPolicy {
  /** First backoff step. */
  readonly baseDelayMs: number;
  /** Cap of the exponential backoff. */
  readonly maxDelayMs: number;
  /** Cap of a provider-requested wait: longer waits are clamped, not honoured blindly. */
  readonly maxRetryAfterMs: number;
  /** Requests per delivery: short waits are slept inline, longer ones go back to the queue. */
  readonly maxInlineAttempts: number;
  /** Longest wait slept inside an invocation. */
  readonly maxInlineWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 900_000,
  maxInlineAttempts: 3,
  maxInlineWaitMs: 5_000,
};

/** Milliseconds a Retry-After header asks for (delta-seconds or HTTP-date); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Milliseconds until an epoch-seconds reset time (Okta's X-Rate-Limit-Reset); undefined when absent. */
export function parseRateLimitReset(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined || !/^\d+$/.test(header.trim())) return undefined;
  return Math.max(0, Number(header.trim()) * 1000 - nowMs);
}

/** A number in [0, 1) derived from the seed and attempt (FNV-1a), so jitter is reproducible. */
export function deriveJitterFraction(seed: string, attempt: number): number {
  let hash = 0x811c9dc5;
  const text = `${seed}#${attempt}`;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

/** Backoff before retry number `attempt` (1 = after the first failure): equal jitter over a capped exponential. */
export function computeBackoffMs(attempt: number, seed: string, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + half * deriveJitterFraction(seed, attempt));
}

/** The wait before the next attempt: the larger of backoff and the provider's (capped) request. */
export function computeRetryDelayMs(
  attempt: number,
  seed: string,
  providerDelayMs: number | undefined,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  const backoff = computeBackoffMs(attempt, seed, policy);
  if (providerDelayMs === undefined) return backoff;
  return Math.max(backoff, Math.min(providerDelayMs, policy.maxRetryAfterMs));
}
