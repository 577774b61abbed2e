/**
 * Canonical JSON: one byte sequence per value, so a hash over it means the same thing on every
 * machine. Object keys are sorted by code unit; `undefined`, functions and symbols are left out of
 * objects and become `null` in arrays (as JSON.stringify does); non-finite numbers become `null`.
 */

/** The canonical JSON text of a value (sorted keys, no undefined). */
export function canonicalJson(value: unknown): string {
  return serialize(value, new Set()) ?? 'null';
}

function serialize(value: unknown, ancestors: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  const object = value as object;
  // A cycle has no JSON form; hashing must still terminate, so it is named instead.
  if (ancestors.has(object)) return JSON.stringify('[circular]');
  ancestors.add(object);
  try {
    const withJson = object as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return serialize(withJson.toJSON(), ancestors);
    if (Array.isArray(object)) {
      return `[${object.map((item) => serialize(item, ancestors) ?? 'null').join(',')}]`;
    }
    const record = object as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const text = serialize(record[key], ancestors);
      if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    ancestors.delete(object);
  }
}
