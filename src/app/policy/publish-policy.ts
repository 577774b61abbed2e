import type { PublishPayload, RestorePayload, VersionSummary } from '../../contract/admin';
import { DomainError } from '../../domain/common/domain-error';
import { parsePolicy } from '../../domain/policy/parse-policy';
import type { StoredVersion } from '../../ports/policy-store';
import { stampDocument } from './manage-draft';
import type { PolicyDeps } from './policy-deps';
import { invalidPolicyError, versionConflictError } from './policy-errors';
import { requirePublisher } from './resolve-access';

type Deps = Pick<PolicyDeps, 'policies' | 'access' | 'settings' | 'clock'>;

/** Publishes the draft as the next immutable version; the draft is cleared once published. */
export async function publishPolicy(deps: Deps, accountId: string, payload: PublishPayload): Promise<VersionSummary> {
  await requirePublisher(deps, accountId);
  const draft = await deps.policies.getDraft();
  if (!draft) throw new DomainError('no-draft', 'There is no draft to publish. Edit the routing and save a draft first.');
  const next = await nextVersion(deps, payload.expectedVersion);
  const parsed = parsePolicy(stampDocument(draft.document, next, accountId, payload.comment));
  if (!parsed.ok) throw invalidPolicyError(parsed.errors);
  const stored: StoredVersion = { version: next, policy: parsed.policy, author: accountId, publishedAt: deps.clock.now(), comment: payload.comment };
  await createOrConflict(deps, stored, payload.expectedVersion);
  await deps.policies.deleteDraft();
  return toSummary(stored, next);
}

/**
 * Publishes an old version's content again as a new version: history stays append-only, so the
 * audit trail of requests routed by later versions remains true. The draft is left alone.
 */
export async function restoreVersion(deps: Deps, accountId: string, payload: RestorePayload): Promise<VersionSummary> {
  await requirePublisher(deps, accountId);
  const old = await deps.policies.getVersion(payload.version);
  if (!old) throw new DomainError('not-found', `Version ${payload.version} does not exist.`);
  const next = await nextVersion(deps, payload.expectedVersion);
  const policy = { ...old.policy, version: next, author: accountId, comment: payload.comment };
  const stored: StoredVersion = { version: next, policy, author: accountId, publishedAt: deps.clock.now(), comment: payload.comment, restoredFrom: old.version };
  await createOrConflict(deps, stored, payload.expectedVersion);
  return toSummary(stored, next);
}

/** Summary of a stored version for lists; `latest` marks the one that routes requests. */
export function toSummary(version: StoredVersion, latest: number | null): VersionSummary {
  return {
    version: version.version,
    author: version.author,
    publishedAt: version.publishedAt,
    comment: version.comment,
    ...(version.restoredFrom !== undefined ? { restoredFrom: version.restoredFrom } : {}),
    isPublished: version.version === latest,
  };
}

async function nextVersion(deps: Deps, expected: number | null): Promise<number> {
  const latest = await deps.policies.getLatestVersion();
  if (latest !== expected) throw versionConflictError(expected, latest);
  return (latest ?? 0) + 1;
}

async function createOrConflict(deps: Deps, stored: StoredVersion, expected: number | null): Promise<void> {
  const result = await deps.policies.createVersion(stored);
  // The number was free when read but taken before the write: another publisher won the race.
  if (!result.created) throw versionConflictError(expected, stored.version);
}
