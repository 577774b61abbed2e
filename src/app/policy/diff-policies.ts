import type { EntityDiff, FieldChange, PolicyDiff } from '../../contract/admin';
import type { JsonValue } from '../../domain/common/json';
import type { Policy } from '../../domain/policy/policy-schema';

/**
 * Structural diff of two policies: lanes by key, triggers by id, each down to the changed leaf
 * (`owner.groupId`, `when.all[1].value`), so a reviewer sees what a version changes and nothing
 * else. Key order and trigger order never count as changes of content.
 */
export function diffPolicies(from: Policy, to: Policy): PolicyDiff {
  const settings = diffValues(
    { excludeAssignee: from.excludeAssignee, schemaVersion: from.schemaVersion },
    { excludeAssignee: to.excludeAssignee, schemaVersion: to.schemaVersion },
  );
  const lanes = diffKeyed(new Map(Object.entries(from.lanes)), new Map(Object.entries(to.lanes)));
  const triggers = diffKeyed(new Map(from.triggers.map((t) => [t.id, t])), new Map(to.triggers.map((t) => [t.id, t])));
  const sharedFrom = from.triggers.map((t) => t.id).filter((id) => to.triggers.some((t) => t.id === id));
  const sharedTo = to.triggers.map((t) => t.id).filter((id) => from.triggers.some((t) => t.id === id));
  const reordered = sharedFrom.some((id, index) => sharedTo[index] !== id);
  const identical = settings.length === 0 && lanes.length === 0 && triggers.length === 0 && !reordered;
  return { from: from.version, to: to.version, settings, lanes, triggers, reordered, identical };
}

function diffKeyed(before: ReadonlyMap<string, unknown>, after: ReadonlyMap<string, unknown>): EntityDiff[] {
  const out: EntityDiff[] = [];
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const a = before.get(key);
    const b = after.get(key);
    if (a === undefined) out.push({ key, change: 'added', fields: diffValues(undefined, b) });
    else if (b === undefined) out.push({ key, change: 'removed', fields: diffValues(a, undefined) });
    else {
      const fields = diffValues(a, b);
      if (fields.length > 0) out.push({ key, change: 'changed', fields });
    }
  }
  return out;
}

/** Leaf-by-leaf changes between two JSON values, sorted by path. */
export function diffValues(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const out: FieldChange[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(path);
    const y = b.get(path);
    if (x !== undefined && y !== undefined && JSON.stringify(x) === JSON.stringify(y)) continue;
    out.push({ path, ...(x !== undefined ? { before: x } : {}), ...(y !== undefined ? { after: y } : {}) });
  }
  return out;
}

function flatten(value: unknown, path = '', out = new Map<string, JsonValue>()): Map<string, JsonValue> {
  if (value === undefined) return out;
  if (Array.isArray(value)) {
    // An empty list is still a value worth showing (`workflows: []` vs absent).
    if (value.length === 0) out.set(path, []);
    value.forEach((item, index) => flatten(item, `${path}[${index}]`, out));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) out.set(path, {});
    for (const [key, child] of entries) flatten(child, path === '' ? key : `${path}.${key}`, out);
    return out;
  }
  out.set(path, value as JsonValue);
  return out;
}
