import type { AccessControl } from '../ports/access-control';
import { readGroupMembers } from './jira-group-members';

/** Groups whose members administer Jira on every Cloud site. */
const ADMIN_GROUP_NAMES = ['jira-administrators', 'site-admins'] as const;

/**
 * Who may administer, read as the app from group membership. Create one per invocation: answers
 * are cached for its lifetime only, so a removed publisher loses their rights on the next call.
 * Membership is read with `GET /rest/api/3/group/member` (paged), which the app's
 * manage:jira-configuration scope already covers.
 */
export class JiraAccessControl implements AccessControl {
  private readonly members = new Map<string, Promise<ReadonlySet<string> | null>>();

  async isJiraAdmin(accountId: string): Promise<boolean> {
    for (const name of ADMIN_GROUP_NAMES) {
      const members = await this.load('groupname', name);
      if (members?.has(accountId)) return true;
    }
    return false;
  }

  async isMemberOf(accountId: string, groupId: string): Promise<boolean> {
    return (await this.load('groupId', groupId))?.has(accountId) ?? false;
  }

  private load(by: 'groupId' | 'groupname', value: string): Promise<ReadonlySet<string> | null> {
    const ref = `${by}:${value}`;
    let cached = this.members.get(ref);
    if (!cached) {
      cached = readGroupMembers(by, value);
      this.members.set(ref, cached);
    }
    return cached;
  }
}
