import type { z } from 'zod';

/**
 * Turns zod issues into errors people can act on: a dotted path (`triggers[3].when.any[0].op`)
 * and a message in plain words. Unions report the branch the input was evidently aiming at, not
 * one complaint per alternative.
 */

export interface IssueDescription {
  /** Dotted path such as `lanes.security.owner.groupId`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** Plain-words descriptions of `issues` raised while parsing `input`, most specific first-found. */
export function describeIssues(issues: readonly Issue[], input: unknown): IssueDescription[] {
  const out: IssueDescription[] = [];
  for (const issue of issues) collect(issue, [], input, out);
  // Unions can surface the same complaint through several routes; keep each once.
  const seen = new Set<string>();
  return out.filter((d) => {
    const key = `${d.path}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `['triggers', 3, 'when', 'any', 0, 'op']` → `triggers[3].when.any[0].op`. */
export function formatPath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function collect(issue: Issue, base: readonly PathKey[], root: unknown, out: IssueDescription[]): void {
  const path = [...base, ...issue.path];
  const value = valueAt(root, path);

  if (issue.code === 'invalid_union') {
    if (value === undefined) {
      out.push({ path: formatPath(path), message: 'is required' });
      return;
    }
    if (issue.errors.length === 0) {
      // A discriminated union whose discriminator names no option.
      const options = 'options' in issue && Array.isArray(issue.options) ? (issue.options as unknown[]) : [];
      const allowed = options.map((o) => String(o)).join(', ');
      out.push({
        path: formatPath(path),
        message: options.length > 0 ? `${describeValue(value)} is not allowed here; use one of: ${allowed}` : plainMessage(issue, value),
      });
      return;
    }
    const branch = pickBranch(issue.errors, path, root);
    if (branch) {
      for (const inner of branch) collect(inner, path, root, out);
    } else {
      out.push({ path: formatPath(path), message: isCustomMessage(issue.message) ? issue.message : 'does not match any allowed form' });
    }
    return;
  }

  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) out.push({ path: formatPath([...path, key]), message: 'is not a known setting (check the spelling)' });
    return;
  }

  if (issue.code === 'invalid_key') {
    const reason = issue.issues.map((i) => (isCustomMessage(i.message) ? i.message : 'is not allowed')).join('; ');
    out.push({ path: formatPath(path), message: `key ${JSON.stringify(String(path[path.length - 1]))} ${reason}` });
    return;
  }

  out.push({ path: formatPath(path), message: plainMessage(issue, value) });
}

/**
 * The union branch the input was aiming at: the one with the fewest missing required keys, then
 * the fewest unknown keys. No branch when several are equally plausible (the input matches no
 * form in particular): the caller then reports the union as a whole.
 */
function pickBranch(branches: readonly (readonly Issue[])[], path: readonly PathKey[], root: unknown): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const branch of branches) {
    let missing = 0;
    let unknown = 0;
    for (const issue of branch) {
      if (issue.code === 'unrecognized_keys') unknown += issue.keys.length;
      else if (issue.code === 'invalid_union' && issue.errors.length === 0 && valueAt(root, [...path, ...issue.path]) === undefined) {
        // A discriminated union whose discriminator is absent: none of the keys present belong to it.
        missing += 1;
        const here = valueAt(root, path);
        unknown += here !== null && typeof here === 'object' ? Object.keys(here).length : 0;
      } else if (valueAt(root, [...path, ...issue.path]) === undefined) missing += 1;
    }
    const score = missing * 1000 + unknown;
    if (score < bestScore) {
      best = branch;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) {
      tie = true;
    }
  }
  if (tie) return undefined;
  // A branch that lacks required keys and also has unknown ones fits no better than the rest.
  if (bestScore >= 1000 && bestScore % 1000 > 0) return undefined;
  return best;
}

const DEFAULT_MESSAGE_PREFIXES = ['Invalid', 'Too small', 'Too big', 'Unrecognized'];

/** Schema authors write plain messages (`must be ...`); zod's defaults start with these words. */
function isCustomMessage(message: string): boolean {
  return !DEFAULT_MESSAGE_PREFIXES.some((prefix) => message.startsWith(prefix));
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return typeof value;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return kindOf(value);
}

const EXPECTED_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  map: 'an object',
  date: 'a date',
};

function plainMessage(issue: Issue, value: unknown): string {
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')) {
    return 'is required';
  }
  if (isCustomMessage(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, not ${kindOf(value)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return describeBound(issue.origin, 'at least', issue.minimum, issue.inclusive);
    case 'too_big':
      return describeBound(issue.origin, 'at most', issue.maximum, issue.inclusive);
    case 'invalid_format':
      return `has the wrong format (expected ${issue.format})`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

function describeBound(origin: string, word: 'at least' | 'at most', bound: number | bigint, inclusive: boolean | undefined): string {
  const n = Number(bound);
  const limit = inclusive === false ? (word === 'at least' ? n + 1 : n - 1) : n;
  if (origin === 'array' || origin === 'set') return `must have ${word} ${limit} item${limit === 1 ? '' : 's'}`;
  if (origin === 'string') return limit === 1 && word === 'at least' ? 'must not be empty' : `must be ${word} ${limit} characters long`;
  return `must be ${word} ${limit}`;
}
