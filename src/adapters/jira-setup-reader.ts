import api, { route } from '@forge/api';
import type { JiraFieldInfo, JiraSetupReader, RequestTypeInfo, WorkflowTransitionInfo } from '../ports/jira-setup-reader';
import { readGroupMembers } from './jira-group-members';

type Route = ReturnType<typeof route>;

async function getJson(path: Route): Promise<{ status: number; body: unknown }> {
  const response = await api.asApp().requestJira(path, { headers: { Accept: 'application/json' } });
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  return { status: response.status, body };
}

async function getOk(path: Route, what: string): Promise<unknown> {
  const { status, body } = await getJson(path);
  if (status < 200 || status >= 300) throw new Error(`Reading ${what} failed with HTTP ${status}`);
  return body;
}

/** The Jira configuration the setup check reads, through the REST API as the app. */
export class JiraSetupReaderAdapter implements JiraSetupReader {
  async listFields(): Promise<JiraFieldInfo[]> {
    const body = (await getOk(route`/rest/api/3/field`, 'fields')) as { id: string; name: string; schema?: { type?: string; custom?: string } }[];
    return body.map((f) => ({
      id: f.id,
      name: f.name,
      ...(f.schema?.type !== undefined ? { schemaType: f.schema.type } : {}),
      ...(f.schema?.custom !== undefined ? { customType: f.schema.custom } : {}),
    }));
  }

  async listRequestTypes(serviceDeskId: string): Promise<RequestTypeInfo[]> {
    const out: RequestTypeInfo[] = [];
    for (let start = 0; start < 2000; ) {
      const body = (await getOk(route`/rest/servicedeskapi/servicedesk/${serviceDeskId}/requesttype?start=${String(start)}&limit=50`, 'request types')) as {
        values?: { id: string; name: string }[];
        isLastPage?: boolean;
      };
      const values = body.values ?? [];
      out.push(...values.map((v) => ({ id: String(v.id), name: v.name })));
      if (body.isLastPage !== false || values.length === 0) break;
      start += values.length;
    }
    return out;
  }

  async listRequestTypeFieldIds(serviceDeskId: string, requestTypeId: string): Promise<string[]> {
    const body = (await getOk(route`/rest/servicedeskapi/servicedesk/${serviceDeskId}/requesttype/${requestTypeId}/field`, 'request type fields')) as {
      requestTypeFields?: { fieldId: string }[];
    };
    return (body.requestTypeFields ?? []).map((f) => f.fieldId);
  }

  async listStatuses(): Promise<{ id: string; name: string }[]> {
    const body = (await getOk(route`/rest/api/3/status`, 'statuses')) as { id: string; name: string }[];
    return body.map((s) => ({ id: String(s.id), name: s.name }));
  }

  async listTransitions(projectKey: string): Promise<WorkflowTransitionInfo[] | null> {
    // Needs manage:jira-configuration; a site or emulator that refuses it gets a warning, not a failure.
    const { status, body } = await getJson(route`/rest/api/3/workflows/search?expand=values.transitions&queryString=${projectKey}&maxResults=50`);
    if (status < 200 || status >= 300) return null;
    const values = (body as { values?: { transitions?: { id: string; name: string; toStatusReference?: string; to?: { statusReference?: string } }[] }[] }).values ?? [];
    return values.flatMap((w) =>
      (w.transitions ?? []).map((t) => ({ id: String(t.id), name: t.name, toStatusId: String(t.toStatusReference ?? t.to?.statusReference ?? '') })),
    );
  }

  async countGroupMembers(groupId: string): Promise<number | null> {
    const members = await readGroupMembers('groupId', groupId);
    return members === null ? null : members.size;
  }
}
