import api, { route } from '@forge/api';
import type { AccessControl } from '../ports/access-control';

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
      const members = await this.load(`name:${name}`);
      if (members?.has(accountId)) return true;
    }
    return false;
  }

  async isMemberOf(accountId: string, groupId: string): Promise<boolean> {
    return (await this.load(`id:${groupId}`))?.has(accountId) ?? false;
  }

  private load(ref: string): Promise<ReadonlySet<string> | null> {
    let cached = this.members.get(ref);
    if (!cached) {
      cached = readMembers(ref);
      this.members.set(ref, cached);
    }
    return cached;
  }
}

async function readMembers(ref: string): Promise<ReadonlySet<string> | null> {
  const [kind, value] = [ref.slice(0, ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
  const out = new Set<string>();
  for (let startAt = 0; startAt < 10_000; ) {
    const path =
      kind === 'name'
        ? route`/rest/api/3/group/member?groupname=${value}&startAt=${String(startAt)}&maxResults=50`
        : route`/rest/api/3/group/member?groupId=${value}&startAt=${String(startAt)}&maxResults=50`;
    const response = await api.asApp().requestJira(path, { headers: { Accept: 'application/json' } });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`Reading group members failed with HTTP ${response.status}`);
    const page = (await response.json()) as { values?: { accountId: string; active?: boolean }[]; isLast?: boolean };
    const values = page.values ?? [];
    for (const user of values) if (user.active !== false) out.add(user.accountId);
    if (page.isLast !== false || values.length === 0) break;
    startAt += values.length;
  }
  return out;
}
