/**
 * Safe wildcard patterns for policy conditions: `*` is any run of characters, `?` exactly one,
 * everything else literal. No regular expressions are built from admin input, so a pattern can
 * never backtrack exponentially: matching takes at most pattern length × text length steps.
 */

/** A pattern split at its stars once, so matching a fact does no parsing. */
export interface CompiledWildcard {
  /** The pattern as written, for explanations. */
  readonly source: string;
  /** Lower-cased literal segments between stars (may contain `?`). */
  readonly segments: readonly string[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

/** Splits a wildcard pattern at its stars (case-insensitive matching lower-cases it here, once). */
export function compileWildcard(pattern: string): CompiledWildcard {
  const lower = pattern.toLowerCase();
  const segments = lower.split('*').filter((segment) => segment.length > 0);
  return { source: pattern, segments, anchoredStart: !lower.startsWith('*'), anchoredEnd: !lower.endsWith('*') };
}

/** True when `text` matches the compiled pattern, ignoring case. */
export function matchWildcard(compiled: CompiledWildcard, text: string): boolean {
  const subject = text.toLowerCase();
  const { segments, anchoredStart, anchoredEnd } = compiled;
  if (segments.length === 0) {
    // The pattern is empty or only stars: `*` matches anything, an empty pattern only the empty text.
    return !anchoredStart || subject.length === 0;
  }
  // Without stars the pattern must cover the text exactly.
  if (anchoredStart && anchoredEnd && segments.length === 1) {
    const only = segments[0] as string;
    return only.length === subject.length && segmentAt(only, subject, 0);
  }

  let first = 0;
  let last = segments.length;
  let from = 0;
  let until = subject.length;

  if (anchoredStart) {
    const head = segments[0] as string;
    if (!segmentAt(head, subject, 0)) return false;
    from = head.length;
    first = 1;
  }
  if (anchoredEnd) {
    const tail = segments[segments.length - 1] as string;
    const start = subject.length - tail.length;
    if (start < from || !segmentAt(tail, subject, start)) return false;
    until = start;
    last = segments.length - 1;
  }
  // Between stars, taking each segment at its leftmost place is always safe: it leaves the most
  // room for the segments after it, so there is never a reason to go back.
  for (let i = first; i < last; i += 1) {
    const segment = segments[i] as string;
    const at = findSegment(segment, subject, from, until);
    if (at < 0) return false;
    from = at + segment.length;
  }
  return true;
}

function segmentAt(segment: string, subject: string, at: number): boolean {
  if (at < 0 || at + segment.length > subject.length) return false;
  for (let j = 0; j < segment.length; j += 1) {
    const p = segment.charCodeAt(j);
    if (p !== 63 /* ? */ && p !== subject.charCodeAt(at + j)) return false;
  }
  return true;
}

function findSegment(segment: string, subject: string, from: number, until: number): number {
  for (let at = from; at + segment.length <= until; at += 1) {
    if (segmentAt(segment, subject, at)) return at;
  }
  return -1;
}
