import { z } from 'zod';

/**
 * Durations in policy documents are written the way admins say them: `30m`, `4h`, `2d`, `1w`.
 * They are stored as written and converted to milliseconds where time is computed.
 */
export const DURATION_PATTERN = /^([1-9][0-9]{0,4})(m|h|d|w)$/;

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const durationSchema = z
  .string()
  .regex(DURATION_PATTERN, 'must be a whole number followed by m, h, d or w (for example 30m, 4h, 2d)');

export type Duration = z.infer<typeof durationSchema>;

/** Milliseconds in a duration written as `4h`, `2d`...; throws on anything else. */
export function durationToMs(duration: string): number {
  const match = DURATION_PATTERN.exec(duration);
  if (!match) throw new Error(`Not a duration: ${JSON.stringify(duration)}`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** ISO timestamp `duration` after `fromIso`. */
export function addDuration(fromIso: string, duration: string): string {
  return new Date(Date.parse(fromIso) + durationToMs(duration)).toISOString();
}
