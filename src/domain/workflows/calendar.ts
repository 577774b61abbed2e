import { DomainError } from '../common/domain-error';

/** UTC calendar arithmetic for workflow rules. Pure: "now" is always passed in. */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Milliseconds of an ISO timestamp; a malformed `now` is a wiring bug, so it throws. */
export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new DomainError('workflow.bad-timestamp', `Not an ISO timestamp: ${JSON.stringify(iso)}`);
  return ms;
}

/** The UTC calendar date (`YYYY-MM-DD`) of a timestamp. */
export function utcDateOf(iso: string): string {
  return new Date(toMs(iso)).toISOString().slice(0, 10);
}

/** Whole days from today's UTC date to `date` (negative when `date` is in the past). */
export function daysFromToday(date: string, nowIso: string): number {
  return Math.round((toMs(`${date}T00:00:00.000Z`) - toMs(`${utcDateOf(nowIso)}T00:00:00.000Z`)) / DAY_MS);
}

/** The last millisecond of a UTC date: access "until 31 March" lasts all of 31 March. */
export function endOfDayUtc(date: string): string {
  return `${date}T23:59:59.999Z`;
}

/** Hours from `fromIso` to `toIso`, rounded up so a duration never understates access. */
export function hoursBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.ceil((toMs(toIso) - toMs(fromIso)) / HOUR_MS));
}

/** The timestamp `hours` after `iso`. */
export function addHours(iso: string, hours: number): string {
  return new Date(toMs(iso) + hours * HOUR_MS).toISOString();
}

/** The timestamp `days` after `iso`. */
export function addDays(iso: string, days: number): string {
  return new Date(toMs(iso) + days * DAY_MS).toISOString();
}
