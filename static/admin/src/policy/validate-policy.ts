// The admin page validates with the same code the server and the CLI use, so what the form
// accepts is exactly what publishing accepts. This is the one place the page imports values
// (not only types) from src/: the pure policy parser.
import { stringify } from 'yaml';
import { loadPolicyText, parsePolicy, type PolicyError, type PolicyFormat } from '../../../../src/domain/policy/parse-policy';
import type { PolicyInput } from '../../../../src/domain/policy/policy-schema';

export type { PolicyFormat, PolicyInput };

export interface Validation {
  readonly ok: boolean;
  readonly errors: readonly PolicyError[];
  /** First message per dotted path, for the field that shows it. */
  readonly byPath: ReadonlyMap<string, string>;
}

/** Checks a form document as publishing will (version and author are set by the server). */
export function validateDocument(document: PolicyInput): Validation {
  const result = parsePolicy({ ...document, version: 1, author: 'draft' });
  const errors = result.ok ? [] : result.errors;
  const byPath = new Map<string, string>();
  for (const error of errors) if (!byPath.has(error.path)) byPath.set(error.path, error.message);
  return { ok: result.ok, errors, byPath };
}

/** The document as the policy CLI reads it. */
export function exportDocument(document: PolicyInput, format: PolicyFormat): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document);
}

/** Reads CLI-format text; valid documents only, with the CLI's messages otherwise. */
export function importDocument(text: string, format: PolicyFormat): { ok: true; document: PolicyInput } | { ok: false; errors: readonly PolicyError[] } {
  const result = loadPolicyText(text, format);
  if (!result.ok) return { ok: false, errors: result.errors };
  return { ok: true, document: JSON.parse(JSON.stringify(result.policy)) as PolicyInput };
}

/** A copy of `value` with `path` replaced: the form edits an immutable document. */
export function setIn<T>(value: T, path: readonly (string | number)[], next: unknown): T {
  if (path.length === 0) return next as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy = [...value] as unknown[];
    copy[head as number] = setIn(copy[head as number], rest, next);
    return copy as T;
  }
  const record = (value ?? {}) as Record<string, unknown>;
  const updated = { ...record, [head]: setIn(record[head as string], rest, next) };
  if (next === undefined && rest.length === 0) delete updated[head as string];
  return updated as T;
}
