import { addDuration, durationSchema, durationToMs } from '../../../src/domain/common/duration';

describe('durations written by admins', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['4h', 4 * 3_600_000],
    ['2d', 2 * 86_400_000],
    ['1w', 7 * 86_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(durationToMs(text)).toBe(ms);
  });

  it.each(['', '0h', '4', 'h', '4 h', '-1d', '1.5h', '4hours', '123456h'])('rejects %j with a plain reason', (text) => {
    const result = durationSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(() => durationToMs(text)).toThrow(/Not a duration/);
  });

  it('adds a duration to an ISO timestamp', () => {
    expect(addDuration('2026-11-22T10:00:00.000Z', '4h')).toBe('2026-11-22T14:00:00.000Z');
  });
});
