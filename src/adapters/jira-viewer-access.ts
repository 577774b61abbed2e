import api, { route } from '@forge/api';
import type { PeopleDirectory, ViewerAccess } from '../ports/viewer-access';

/** Asks Jira, as the calling user, whether they hold the service desk agent permission on the issue. */
export class JiraViewerAccess implements ViewerAccess {
  async isAgentOf(issueKey: string): Promise<boolean> {
    const response = await api.asUser().requestJira(route`/rest/api/3/mypermissions?issueKey=${issueKey}&permissions=SERVICEDESK_AGENT`, {
      headers: { Accept: 'application/json' },
    });
    if (response.status === 404 || response.status === 401 || response.status === 403) return false;
    if (!response.ok) throw new Error(`Jira answered ${response.status} to the permission check`);
    const body = (await response.json()) as { permissions?: Record<string, { havePermission?: boolean }> };
    return body.permissions?.['SERVICEDESK_AGENT']?.havePermission === true;
  }
}

/** Display names read as the app, one call per person (views show a handful of people). */
export class JiraPeopleDirectory implements PeopleDirectory {
  async displayNames(accountIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const accountId of new Set(accountIds)) {
      const response = await api.asApp().requestJira(route`/rest/api/3/user?accountId=${accountId}`, { headers: { Accept: 'application/json' } });
      if (!response.ok) continue;
      const user = (await response.json()) as { displayName?: string };
      if (user.displayName) names.set(accountId, user.displayName);
    }
    return names;
  }
}
