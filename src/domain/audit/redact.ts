import type { JsonObject, JsonValue } from '../common/json';
import { isSecret } from './secret';

/**
 * Redaction by construction: everything bound for the audit trail, comments, properties or
 * escalation packets passes through `redact`, which drops values under secret-ish keys and cuts
 * credential-shaped text out of strings. It errs towards hiding: a redacted id costs a reader a
 * little context, a leaked token costs an incident.
 */

export const REDACTED = '[redacted]';

/**
 * Normalized key fragments (lowercase, no separators) whose values are always hidden. `pin` and
 * `otp` are too short to look for inside other words: only keys named exactly so count.
 */
const SECRET_KEY_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'signature',
  'privatekey',
  'credential',
  'hmac',
  'sessionid',
  'accesskey',
  'bearer',
  'ssws',
];

/** True when a property name suggests its value is a credential. */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (normalized === 'pin' || normalized === 'otp') return true;
  return SECRET_KEY_FRAGMENTS.some((fragment) => normalized.includes(fragment));
}

/** Credential shapes inside free text, each replaced where it occurs. */
const SECRET_PATTERNS: ReadonlyArray<{ pattern: RegExp; replace: string }> = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, replace: REDACTED },
  { pattern: /\b(Bearer|Basic|Digest|SSWS|Token|Negotiate)\s+[A-Za-z0-9._~+/=-]{7,}[A-Za-z0-9_~+/=-]/gi, replace: REDACTED },
  // JWTs: three base64url segments, the first a JSON header (always starts with eyJ).
  { pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: REDACTED },
  { pattern: /\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\b/g, replace: REDACTED },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{8,}/g, replace: REDACTED },
  { pattern: /\bxapp-[A-Za-z0-9-]{8,}/g, replace: REDACTED },
  // Okta API tokens: 42 characters starting with 00.
  { pattern: /\b00[A-Za-z0-9_-]{40,}/g, replace: REDACTED },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, replace: REDACTED },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/g, replace: REDACTED },
  // key=value or key: value where the key names a credential and the value is long enough to be one;
  // values may be percent-encoded, as the base64 signature of a pre-signed (SAS) link is.
  {
    pattern: /\b(hmac|sig|signature|secret|client_secret|clientsecret|api[_-]?key|token|access_token|refresh_token|password|passwd|pwd|sha256)(["']?\s*[:=]\s*["']?)[A-Za-z0-9+/=_.~%-]{6,}/gi,
    replace: `$1$2${REDACTED}`,
  },
  // User info in URLs: https://user:password@host.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi, replace: `$1${REDACTED}@` },
  // Long hex or base64 right after a word like hmac or signature, written with a space.
  { pattern: /\b(hmac|signature|sig|secret|key)\s+[A-Fa-f0-9+/=]{32,}/gi, replace: `$1 ${REDACTED}` },
];

/** The text with every credential-shaped part replaced by "[redacted]". */
export function redactText(text: string): string {
  let result = text;
  for (const { pattern, replace } of SECRET_PATTERNS) result = result.replace(pattern, replace);
  return result;
}

const MAX_DEPTH = 40;

/** A JSON copy of any value with secrets removed; cycles and non-JSON values are made safe. */
export function redact(value: unknown): JsonValue {
  return redactValue(value, new Set(), 0) ?? null;
}

/** `redact` for values known to be objects: always returns an object. */
export function redactObject(value: unknown): JsonObject {
  const result = redact(value);
  return result !== null && typeof result === 'object' && !Array.isArray(result) ? result : { value: result };
}

function redactValue(value: unknown, ancestors: Set<object>, depth: number): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (isSecret(value)) return REDACTED;
  const object = value as object;
  if (ancestors.has(object)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  ancestors.add(object);
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (value instanceof Error) {
      return { name: redactText(value.name), message: redactText(value.message) };
    }
    if (value instanceof Map) {
      const result: JsonObject = {};
      for (const [key, item] of value) assignRedacted(result, String(key), item, ancestors, depth);
      return result;
    }
    if (value instanceof Set) {
      return [...value].map((item) => redactValue(item, ancestors, depth + 1) ?? null);
    }
    if (Array.isArray(value)) {
      return value.map((item) => redactValue(item, ancestors, depth + 1) ?? null);
    }
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return redactValue(withJson.toJSON(), ancestors, depth + 1);
    const result: JsonObject = {};
    for (const key of Object.keys(value)) {
      assignRedacted(result, key, (value as Record<string, unknown>)[key], ancestors, depth);
    }
    return result;
  } finally {
    ancestors.delete(object);
  }
}

function assignRedacted(target: JsonObject, key: string, item: unknown, ancestors: Set<object>, depth: number): void {
  const safeKey = redactText(key);
  // A flag such as `hasToken: true` or an absent credential tells nothing; anything else is hidden.
  if (isSecretKey(key) && item !== null && item !== undefined && typeof item !== 'boolean') {
    target[safeKey] = REDACTED;
    return;
  }
  const redacted = redactValue(item, ancestors, depth + 1);
  if (redacted !== undefined) target[safeKey] = redacted;
}
