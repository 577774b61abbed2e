import { REDACTED, redact } from '../audit/redact';
import type { JsonObject, JsonValue } from '../common/json';
import type { ActionName, ConnectionKind } from '../workflows/workflow-types';

/** What the audit trail keeps about one integration call (one step execution, all its attempts). */
export interface IntegrationCallRecord {
  readonly runId: string;
  readonly stepId: string;
  readonly connectionId: string | null;
  readonly kind: ConnectionKind;
  readonly action: ActionName;
  /** Redacted and trimmed. */
  readonly params: JsonObject;
  /** HTTP status of the last response, null when no response arrived (refused, network failure). */
  readonly status: number | null;
  readonly outcome: CallOutcome;
  /** Clear reason for anything but a plain success. */
  readonly reason?: string;
  /** Requests attempted in this delivery (0 when refused before any request). */
  readonly attempts: number;
  readonly durationMs: number;
  /** What came back, redacted and trimmed. */
  readonly response?: JsonValue;
}

export type CallOutcome = 'succeeded' | 'failed' | 'refused' | 'retry-later' | 'replayed';

export interface TrimLimits {
  readonly maxString: number;
  readonly maxItems: number;
  readonly maxDepth: number;
}

export const RECORD_TRIM_LIMITS: TrimLimits = { maxString: 300, maxItems: 20, maxDepth: 5 };

/**
 * A value safe for the audit trail: the audit redaction, then every occurrence of a known secret
 * value cut out (credentials may not look like credentials), then trimmed to a readable size.
 */
export function sanitizeForRecord(value: unknown, secretValues: readonly string[], limits: TrimLimits = RECORD_TRIM_LIMITS): JsonValue {
  const needles = secretValues.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return trimValue(redact(value), needles, limits, 0);
}

/** Free text made safe the same way (for reasons and error messages). */
export function sanitizeText(text: string, secretValues: readonly string[], maxLength = 500): string {
  const result = sanitizeForRecord(text, secretValues, { maxString: maxLength, maxItems: 1, maxDepth: 1 });
  return typeof result === 'string' ? result : REDACTED;
}

function trimValue(value: JsonValue, needles: readonly string[], limits: TrimLimits, depth: number): JsonValue {
  if (typeof value === 'string') {
    let text = value;
    for (const needle of needles) text = text.split(needle).join(REDACTED);
    return text.length > limits.maxString ? `${text.slice(0, limits.maxString)}…(${text.length - limits.maxString} more)` : text;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= limits.maxDepth) return '[trimmed]';
  if (Array.isArray(value)) {
    const items = value.slice(0, limits.maxItems).map((item) => trimValue(item, needles, limits, depth + 1));
    if (value.length > limits.maxItems) items.push(`…(${value.length - limits.maxItems} more)`);
    return items;
  }
  const result: JsonObject = {};
  const keys = Object.keys(value);
  for (const key of keys.slice(0, limits.maxItems)) {
    result[trimValue(key, needles, limits, depth) as string] = trimValue(value[key] as JsonValue, needles, limits, depth + 1);
  }
  if (keys.length > limits.maxItems) result['…'] = `${keys.length - limits.maxItems} more keys`;
  return result;
}
