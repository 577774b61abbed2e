import type { AccessView } from '../../contract/admin';
import { DomainError } from '../../domain/common/domain-error';
import type { PolicyDeps } from './policy-deps';

/** What the caller may do with policies, connections and settings. */
export async function resolveAccess(deps: Pick<PolicyDeps, 'access' | 'settings'>, accountId: string): Promise<AccessView> {
  const isJiraAdmin = await deps.access.isJiraAdmin(accountId);
  const settings = await deps.settings.get();
  const group = settings?.publishersGroup ?? null;
  const isPublisher = group ? await deps.access.isMemberOf(accountId, group.groupId) : false;
  const canPublish = isJiraAdmin || isPublisher;
  if (canPublish) return { accountId, isJiraAdmin, isPublisher, canPublish };
  const reason = group
    ? `Only Jira administrators and members of the "${group.name}" group can change the approval policy, connections and settings.`
    : 'Only Jira administrators can change the approval policy, connections and settings.';
  return { accountId, isJiraAdmin, isPublisher, canPublish, reason };
}

/** Throws `forbidden` unless the caller may change policies, connections and settings. */
export async function requirePublisher(deps: Pick<PolicyDeps, 'access' | 'settings'>, accountId: string): Promise<AccessView> {
  const access = await resolveAccess(deps, accountId);
  if (!access.canPublish) throw new DomainError('forbidden', access.reason ?? 'You may not do this.');
  return access;
}
