import { sha256 } from '@noble/hashes/sha256';
import { utf8ToBytes } from '@noble/hashes/utils';

/** Retry timing for integration calls: capped exponential backoff with seeded jitter. */
export const BACKOFF = {
  baseMs: 2_000,
  capMs: 300_000,
  /** Forge async events cannot be delayed longer than 15 minutes. */
  maxDelayMs: 900_000,
  jitterRatio: 0.2,
} as const;

/** A fraction in [0, 1) derived from the seed: the same seed always gives the same jitter. */
export function seededFraction(seed: string): number {
  const bytes = sha256(utf8ToBytes(seed));
  const word = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  return (word >>> 0) / 2 ** 32;
}

/**
 * Delay before retry number `failedAttempts` (1 after the first failure): base·2^(n−1) capped,
 * plus up to 20% jitter seeded from `seed`, never less than the server's Retry-After.
 */
export function computeBackoffMs(seed: string, failedAttempts: number, retryAfterMs?: number): number {
  const exponent = Math.max(0, Math.min(30, failedAttempts - 1));
  const exponential = Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** exponent);
  const jittered = exponential + Math.floor(exponential * BACKOFF.jitterRatio * seededFraction(seed));
  const honoured = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.max(jittered, Math.ceil(retryAfterMs)) : jittered;
  return Math.min(BACKOFF.maxDelayMs, honoured);
}
