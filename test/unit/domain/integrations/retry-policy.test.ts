import { computeBackoffMs, computeRetryDelayMs, DEFAULT_RETRY_POLICY, parseRateLimitReset, parseRetryAfter } from '../../../../src/domain/integrations/retry-policy';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');

describe('Retry-After', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 7 ', 7_000],
    ['Mon, 02 Mar 2026 09:00:30 GMT', 30_000],
    ['Mon, 02 Mar 2026 08:59:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    [null, undefined],
  ])('%j → %s ms', (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });

  it('reads Okta X-Rate-Limit-Reset as epoch seconds', () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 12), NOW)).toBe(12_000);
    expect(parseRateLimitReset(undefined, NOW)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(computeBackoffMs(3, 'run-1:step-a')).toBe(computeBackoffMs(3, 'run-1:step-a'));
    const spread = new Set(['a', 'b', 'c', 'd', 'e'].map((seed) => computeBackoffMs(3, seed)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 12, 40])('attempt %i stays within [ceiling/2, ceiling] of the capped exponential', (attempt) => {
    const ceiling = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
    for (const seed of ['x', 'y', 'z']) {
      const delay = computeBackoffMs(attempt, seed);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('honours a longer provider wait but caps it at the queue limit', () => {
    expect(computeRetryDelayMs(1, 's', 30_000)).toBe(30_000);
    expect(computeRetryDelayMs(1, 's', 10)).toBe(computeBackoffMs(1, 's'));
    expect(computeRetryDelayMs(1, 's', 86_400_000)).toBe(DEFAULT_RETRY_POLICY.maxRetryAfterMs);
  });
});
