import { z } from 'zod';

/**
 * Schemas for request field values as JSM hands them over: dates and numbers often arrive as
 * strings, select fields as `{ value }` objects, user pickers as `{ accountId }`, multi-selects
 * as arrays. Each parser coerces only unambiguous shapes and explains a refusal in words a
 * requester understands, naming the field by its label.
 */

/** The outcome of reading one raw value. */
export type FieldResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Reads one raw value (already known not to be blank). */
export interface FieldParser<T> {
  readonly label: string;
  parse(raw: unknown): FieldResult<T>;
}

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = <T>(message: string): FieldResult<T> => ({ ok: false, message });

/** True for what JSM sends when a field was left empty. */
export function isBlank(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  if (Array.isArray(raw)) return raw.length === 0;
  return false;
}

/** A field the requester must fill in. */
export function required<T>(parser: FieldParser<T>): z.ZodType<T> {
  return z.unknown().transform((raw, ctx): T => {
    if (isBlank(raw)) {
      ctx.addIssue({ code: 'custom', message: `${parser.label} is required.` });
      return z.NEVER;
    }
    const result = parser.parse(raw);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.value;
  });
}

/** A field that may be left empty; blank values become `undefined`. */
export function optional<T>(parser: FieldParser<T>): z.ZodType<T | undefined> {
  return z
    .unknown()
    .transform((raw, ctx): T | undefined => {
      if (isBlank(raw)) return undefined;
      const result = parser.parse(raw);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.message });
        return z.NEVER;
      }
      return result.value;
    })
    .optional();
}

/** Select options arrive as strings or `{ value }`; `{ name }` covers labels and components. */
function readOptionText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'object' && raw !== null) {
    const record = raw as Record<string, unknown>;
    if (typeof record.value === 'string') return record.value;
    if (typeof record.name === 'string') return record.name;
  }
  return undefined;
}

/** `Send as`, `SEND_AS` and `send-as` all name the option `send-as`. */
function normalizeOption(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** Free text, trimmed, with length bounds counted in characters. */
export function text(label: string, bounds: { min?: number; max: number }): FieldParser<string> {
  const min = bounds.min ?? 1;
  return {
    label,
    parse(raw) {
      if (typeof raw !== 'string') return fail(`${label} must be text.`);
      const value = raw.trim();
      if (value.length < min) return fail(`${label} must be at least ${min} characters (it has ${value.length}).`);
      if (value.length > bounds.max) return fail(`${label} must be at most ${bounds.max} characters (it has ${value.length}).`);
      return ok(value);
    },
  };
}

/**
 * Text kept exactly as written (no trimming): for copy that is approved and then sent verbatim.
 * Length bounds apply to the visible characters so whitespace cannot pad a short message.
 */
export function verbatimText(label: string, bounds: { min: number; max: number }): FieldParser<string> {
  return {
    label,
    parse(raw) {
      if (typeof raw !== 'string') return fail(`${label} must be text.`);
      const visible = raw.trim().length;
      if (visible < bounds.min) return fail(`${label} must be at least ${bounds.min} characters (it has ${visible}).`);
      if (raw.length > bounds.max) return fail(`${label} must be at most ${bounds.max} characters (it has ${raw.length}).`);
      return ok(raw);
    },
  };
}

/** One option of a select list. */
export function choice<const T extends string>(label: string, options: readonly T[]): FieldParser<T> {
  return {
    label,
    parse(raw) {
      const textValue = readOptionText(raw);
      if (textValue === undefined) return fail(`${label} must be one of: ${options.join(', ')}.`);
      const normalized = normalizeOption(textValue);
      const match = options.find((option) => option === normalized);
      return match === undefined ? fail(`${label} must be one of: ${options.join(', ')} (got "${textValue.trim()}").`) : ok(match);
    },
  };
}

/**
 * Several options of a multi-select (an array, or one comma-separated string). Duplicates are
 * dropped and the result follows the order of `options`, so the same choice always reads the same.
 */
export function choices<const T extends string>(label: string, options: readonly T[], bounds: { max: number }): FieldParser<T[]> {
  return {
    label,
    parse(raw) {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
      const picked = new Set<T>();
      for (const item of items) {
        const textValue = readOptionText(item);
        if (textValue === undefined || textValue.trim() === '') continue;
        const normalized = normalizeOption(textValue);
        const match = options.find((option) => option === normalized);
        if (match === undefined) return fail(`${label} can only include: ${options.join(', ')} (got "${textValue.trim()}").`);
        picked.add(match);
      }
      if (picked.size === 0) return fail(`${label} needs at least one of: ${options.join(', ')}.`);
      if (picked.size > bounds.max) return fail(`${label} can have at most ${bounds.max} entries.`);
      return ok(options.filter((option) => picked.has(option)));
    },
  };
}

/** A list of short identifiers (system names...), lower-cased, de-duplicated, in given order. */
export function identifierList(label: string, bounds: { max: number }): FieldParser<string[]> {
  const pattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;
  return {
    label,
    parse(raw) {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,\n]/) : [raw];
      const values: string[] = [];
      for (const item of items) {
        const textValue = readOptionText(item);
        if (textValue === undefined) return fail(`${label} must be a list of names.`);
        const value = textValue.trim().toLowerCase();
        if (value === '') continue;
        if (!pattern.test(value)) {
          return fail(`${label}: "${textValue.trim()}" is not a valid name (use letters, digits, dots and dashes, up to 63 characters).`);
        }
        if (!values.includes(value)) values.push(value);
      }
      if (values.length === 0) return fail(`${label} needs at least one entry.`);
      if (values.length > bounds.max) return fail(`${label} can have at most ${bounds.max} entries.`);
      return ok(values);
    },
  };
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `year-month-day` exists in the calendar (no 31 April, no 29 February 2027). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date as JSM date fields send it: `YYYY-MM-DD`. */
export function date(label: string): FieldParser<string> {
  const message = `${label} must be a date written as YYYY-MM-DD (for example 2026-03-31).`;
  return {
    label,
    parse(raw) {
      if (typeof raw !== 'string') return fail(message);
      const value = raw.trim();
      const match = DATE_PATTERN.exec(value);
      if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return fail(message);
      return ok(value);
    },
  };
}

const DATETIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * A moment in time, normalized to a UTC ISO timestamp. JSM sends `2026-03-31T14:00:00.000+0200`;
 * a time zone is mandatory because a wall-clock time without one is ambiguous.
 */
export function dateTime(label: string): FieldParser<string> {
  const message = `${label} must be a date and time with a time zone (for example 2026-03-31T14:00:00Z or 2026-03-31T16:00:00+02:00).`;
  return {
    label,
    parse(raw) {
      if (typeof raw !== 'string') return fail(message);
      const match = DATETIME_PATTERN.exec(raw.trim());
      if (!match) return fail(message);
      const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((index) => Number(match[index]));
      const second = Number(match[6] ?? '0');
      const millis = Number((match[7] ?? '0').slice(0, 3).padEnd(3, '0'));
      if (!isCalendarDate(year as number, month as number, day as number)) return fail(message);
      if ((hour as number) > 23 || (minute as number) > 59 || second > 59) return fail(message);
      let offsetMinutes = 0;
      if (match[8] !== 'Z') {
        const offsetHours = Number(match[10]);
        const offsetMins = Number(match[11]);
        if (offsetHours > 14 || offsetMins > 59) return fail(message);
        offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
      }
      const utc = Date.UTC(year as number, (month as number) - 1, day as number, hour as number, minute as number, second, millis);
      return ok(new Date(utc - offsetMinutes * 60_000).toISOString());
    },
  };
}

const DECIMAL_PATTERN = /^[+-]?\d+(\.\d+)?$/;

/** Reads a number from a number or a plain decimal string; `undefined` when it is neither. */
function readNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && DECIMAL_PATTERN.test(raw.trim())) return Number(raw.trim());
  return undefined;
}

/** A whole number within bounds. */
export function integer(label: string, bounds: { min: number; max: number; unit?: string }): FieldParser<number> {
  const unit = bounds.unit ? ` ${bounds.unit}` : '';
  const message = `${label} must be a whole number${unit ? ` of${unit}` : ''} between ${bounds.min} and ${bounds.max}.`;
  return {
    label,
    parse(raw) {
      const value = readNumber(raw);
      if (value === undefined || !Number.isInteger(value) || value < bounds.min || value > bounds.max) return fail(message);
      return ok(value);
    },
  };
}

/**
 * A positive decimal amount. Thousands separators and currency symbols are refused rather than
 * guessed: `1,500` is 1500 in one locale and 1.5 in another.
 */
export function amount(label: string, bounds: { max: number; maxDecimals: number }): FieldParser<number> {
  const shape = `${label} must be a number such as 1250.50, without thousands separators or currency symbols.`;
  return {
    label,
    parse(raw) {
      const value = readNumber(raw);
      if (value === undefined) return fail(shape);
      if (value <= 0) return fail(`${label} must be greater than 0.`);
      if (value > bounds.max) return fail(`${label} must be at most ${bounds.max}.`);
      const decimals = typeof raw === 'string' ? (raw.trim().split('.')[1] ?? '').length : (String(raw).split('.')[1] ?? '').length;
      if (decimals > bounds.maxDecimals) return fail(`${label} can have at most ${bounds.maxDecimals} decimal places.`);
      return ok(value);
    },
  };
}

const EMAIL_PATTERN = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** An email address (or a UPN, which has the same shape), lower-cased. */
export function email(label: string): FieldParser<string> {
  return {
    label,
    parse(raw) {
      if (typeof raw !== 'string') return fail(`${label} must be an email address such as name@example.com.`);
      const value = raw.trim().toLowerCase();
      if (value.length > 254 || !EMAIL_PATTERN.test(value)) return fail(`${label} must be an email address such as name@example.com.`);
      return ok(value);
    },
  };
}

// Real ids are 24 hex characters or `<number>:<uuid>`: they always hold a digit or a separator.
// Requiring one keeps out what a person types instead of picking (first names, whatever their
// length, emails, spaces) without assuming a length Atlassian does not promise.
const ACCOUNT_ID_PATTERN = /^(?=[A-Za-z]*[0-9:_-])[A-Za-z0-9][A-Za-z0-9:_-]{5,127}$/;

/** An Atlassian account id, from a user picker (`{ accountId }`) or as a string. */
export function accountId(label: string): FieldParser<string> {
  return {
    label,
    parse(raw) {
      const value =
        typeof raw === 'string'
          ? raw.trim()
          : typeof raw === 'object' && raw !== null && typeof (raw as Record<string, unknown>).accountId === 'string'
            ? ((raw as Record<string, unknown>).accountId as string).trim()
            : undefined;
      if (value === undefined || !ACCOUNT_ID_PATTERN.test(value)) return fail(`${label} must be a person picked from the user list.`);
      return ok(value);
    },
  };
}

/** Text that must match a pattern (ticket keys, invoice numbers...), upper-cased first when asked. */
export function patterned(label: string, pattern: RegExp, example: string, options: { upperCase?: boolean } = {}): FieldParser<string> {
  return {
    label,
    parse(raw) {
      if (typeof raw !== 'string') return fail(`${label} must look like ${example}.`);
      const trimmed = raw.trim();
      const value = options.upperCase ? trimmed.toUpperCase() : trimmed;
      return pattern.test(value) ? ok(value) : fail(`${label} must look like ${example} (got "${trimmed}").`);
    },
  };
}
