import type { DraftView } from '../../contract/admin';
import type { JsonObject, JsonValue } from '../../domain/common/json';
import { parsePolicy } from '../../domain/policy/parse-policy';
import { BUILT_IN_LANES, type Policy } from '../../domain/policy/policy-schema';
import type { PolicyDeps } from './policy-deps';
import { invalidPolicyError } from './policy-errors';
import { requirePublisher } from './resolve-access';

/**
 * A first draft when nothing was published: the five required lanes with their groups left blank,
 * so the form shows exactly what the admin must fill in.
 */
export function createStarterDocument(author: string): JsonObject {
  const lanes: JsonObject = {};
  for (const lane of BUILT_IN_LANES) {
    lanes[lane] = {
      title: lane.charAt(0).toUpperCase() + lane.slice(1),
      approverSource: lane === 'manager' ? 'requester-manager' : 'group',
      owner: { groupId: '', name: '' },
      backup: { groupId: '', name: '' },
      remindAfter: '1d',
      escalateAfter: '2d',
      timeoutAfter: '5d',
      onTimeout: { action: 'escalate-backup' },
    };
  }
  return { schemaVersion: 1, version: 1, author, excludeAssignee: false, lanes, triggers: [] };
}

/** The draft, or the published policy (or a starter) when no draft is saved. */
export async function getDraft(deps: Pick<PolicyDeps, 'policies'>, accountId: string): Promise<DraftView> {
  const [draft, latest] = await Promise.all([deps.policies.getDraft(), deps.policies.getLatestVersion()]);
  if (draft) {
    return { document: draft.document, basedOnVersion: draft.basedOnVersion, publishedVersion: latest, savedAt: draft.savedAt, savedBy: draft.savedBy, isNew: false };
  }
  const published = latest === null ? undefined : await deps.policies.getVersion(latest);
  const document: JsonValue = published ? policyToDocument(published.policy) : createStarterDocument(accountId);
  return { document, basedOnVersion: latest, publishedVersion: latest, savedAt: null, savedBy: null, isNew: true };
}

/** Validates and saves the draft; it routes nothing until published. */
export async function saveDraft(deps: Pick<PolicyDeps, 'policies' | 'access' | 'settings' | 'clock'>, accountId: string, document: unknown): Promise<DraftView> {
  await requirePublisher(deps, accountId);
  const latest = await deps.policies.getLatestVersion();
  const normalized = stampDocument(document, (latest ?? 0) + 1, accountId);
  const parsed = parsePolicy(normalized);
  if (!parsed.ok) throw invalidPolicyError(parsed.errors);
  const savedAt = deps.clock.now();
  const stored = { document: normalized as JsonValue, basedOnVersion: latest, savedAt, savedBy: accountId };
  await deps.policies.saveDraft(stored);
  return { ...stored, publishedVersion: latest, isNew: false };
}

/**
 * Version and author belong to publishing, not to the admin's edits: they are overwritten here so
 * an imported document from another site or an older version validates as this site's next one.
 */
export function stampDocument(document: unknown, version: number, author: string, comment?: string): unknown {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return document;
  const { comment: _ignored, ...rest } = document as Record<string, unknown>;
  return { ...rest, version, author, ...(comment !== undefined ? { comment } : {}) };
}

/** A validated policy as a plain JSON document (what the CLI and the import/export use). */
export function policyToDocument(policy: Policy): JsonObject {
  return JSON.parse(JSON.stringify(policy)) as JsonObject;
}
