import api, { route } from '@forge/api';
import type { HistoricalRequest, RequestHistory } from '../ports/request-history';
import { readGroupMembers } from './jira-group-members';

/** Recent requests in one JQL search, for simulation; group members as the app reads them. */
export class JiraRequestHistory implements RequestHistory {
  async searchRecentRequests(projectKey: string, limit: number, fieldIds: readonly string[], requestTypeFieldId: string): Promise<HistoricalRequest[]> {
    const fields = [...new Set(['summary', 'created', 'reporter', 'assignee', requestTypeFieldId, ...fieldIds])];
    const response = await api.asApp().requestJira(route`/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ jql: `project = "${projectKey.replace(/"/g, '')}" ORDER BY created DESC`, maxResults: Math.min(100, limit), fields }),
    });
    if (!response.ok) throw new Error(`Searching recent requests failed with HTTP ${response.status}`);
    const body = (await response.json()) as { issues?: { key: string; fields?: Record<string, unknown> }[] };
    return (body.issues ?? []).slice(0, limit).map((issue) => {
      const f = issue.fields ?? {};
      const requestType = f[requestTypeFieldId] as { requestType?: { id?: unknown } } | null | undefined;
      const picked: Record<string, unknown> = {};
      for (const id of fieldIds) if (f[id] !== undefined) picked[id] = f[id];
      return {
        issueKey: issue.key,
        summary: typeof f['summary'] === 'string' ? f['summary'] : '',
        created: typeof f['created'] === 'string' ? f['created'] : '',
        requestTypeId: requestType?.requestType?.id !== undefined ? String(requestType.requestType.id) : null,
        reporterAccountId: (f['reporter'] as { accountId?: string } | null | undefined)?.accountId ?? null,
        assigneeAccountId: (f['assignee'] as { accountId?: string } | null | undefined)?.accountId ?? null,
        fields: picked,
      };
    });
  }

  async listGroupMembers(groupId: string): Promise<string[] | null> {
    const members = await readGroupMembers('groupId', groupId);
    return members ? [...members].sort() : null;
  }
}
