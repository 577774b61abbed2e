import type { DirectorySnapshot } from '../../domain/policy/plan-types';
import type { GroupCache } from '../../ports/group-cache';
import type { JiraGateway } from '../../ports/jira-gateway';

/** How long a cached group read stays good for routing. */
export const GROUP_CACHE_TTL_MS = 15 * 60_000;

/** Members of the given groups, from the cache when fresh, else from Jira (then cached). */
export async function readDirectory(
  deps: { readonly jira: JiraGateway; readonly groupCache: GroupCache },
  groupIds: readonly string[],
  now: string,
): Promise<DirectorySnapshot> {
  const groupMembers: Record<string, readonly string[]> = {};
  for (const groupId of groupIds) {
    const cached = await deps.groupCache.get(groupId);
    if (cached && Date.parse(now) - Date.parse(cached.fetchedAt) < GROUP_CACHE_TTL_MS) {
      groupMembers[groupId] = cached.members;
      continue;
    }
    const members = await deps.jira.listGroupMembers(groupId);
    await deps.groupCache.set(groupId, { members, fetchedAt: now });
    groupMembers[groupId] = members;
  }
  return { groupMembers };
}

/** How long a matched account stays good: people rarely change the email their manager is known by. */
export const ACCOUNT_CACHE_TTL_MS = 24 * 3_600_000;

/** The Jira account of a directory email, from the cache when fresh, else from Jira's user search. */
export async function findAccountByEmail(
  deps: { readonly jira: JiraGateway; readonly groupCache: GroupCache },
  email: string,
  now: string,
): Promise<string | undefined> {
  const cached = await deps.groupCache.getAccount(email);
  if (cached && Date.parse(now) - Date.parse(cached.fetchedAt) < ACCOUNT_CACHE_TTL_MS) return cached.accountId;
  const accountId = await deps.jira.findAccountIdByEmail(email);
  if (accountId) await deps.groupCache.setAccount(email, { accountId, fetchedAt: now });
  return accountId;
}
