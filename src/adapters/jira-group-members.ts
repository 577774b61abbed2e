import api, { route } from '@forge/api';

/**
 * Active members of a Jira group, read as the app with `GET /rest/api/3/group/member` (paged);
 * null when the group does not exist.
 */
export async function readGroupMembers(by: 'groupId' | 'groupname', value: string): Promise<Set<string> | null> {
  const out = new Set<string>();
  for (let startAt = 0; startAt < 10_000; ) {
    const path =
      by === 'groupname'
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
