/**
 * Product event payloads as Forge delivers them to `avi:jira:*` triggers.
 * Forge payloads carry users as `{accountId}` only and no custom fields. One addition is not Forge's:
 * `__caller` holds the SiteCaller that caused the change so the runtime can honour a trigger's
 * `ignoreSelf` (Forge itself decides that from the app's identity; `selfGenerated` mirrors it).
 */
import { formatJiraTime } from './jira-time';
import { type CommentRec, type IssueRec, type SiteModel } from './site-model';
import { renderIssueType, renderProject, renderStatus } from './site-render';
import { type ProductEvent, type SiteCaller } from './site-types';

export interface ChangelogItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

const userRef = (accountId: unknown): { accountId: string } | null => (typeof accountId === 'string' && accountId ? { accountId } : null);

/** The `issue` object of an event: system fields only. */
export function eventIssue(model: SiteModel, issue: IssueRec): Record<string, unknown> {
  const p = model.projectOf(issue);
  return {
    id: issue.id,
    key: issue.key,
    self: `${model.baseUrl}/rest/api/2/issue/${issue.id}`,
    fields: {
      summary: issue.values.get('summary') ?? null,
      issuetype: renderIssueType(model, p, issue.issueTypeId),
      creator: userRef(issue.creator),
      reporter: userRef(issue.values.get('reporter')),
      assignee: userRef(issue.values.get('assignee')),
      project: renderProject(model, p),
      status: renderStatus(model, model.status(issue.statusId)),
      created: formatJiraTime(issue.created),
      updated: formatJiraTime(issue.updated),
    },
  };
}

function common(model: SiteModel, eventType: string, issue: IssueRec, caller: SiteCaller, actor: string): Record<string, unknown> {
  const associated = new Set<string>([actor, issue.creator]);
  for (const k of ['reporter', 'assignee']) {
    const v = issue.values.get(k);
    if (typeof v === 'string') associated.add(v);
  }
  return {
    eventType,
    issue: eventIssue(model, issue),
    atlassianId: actor,
    associatedUsers: [...associated].map((accountId) => ({ accountId })),
    selfGenerated: caller.kind === 'app',
    __caller: caller,
  };
}

export function buildCreatedEvent(model: SiteModel, issue: IssueRec, caller: SiteCaller, actor: string): ProductEvent {
  return { eventType: 'avi:jira:created:issue', payload: common(model, 'avi:jira:created:issue', issue, caller, actor) };
}

export function buildUpdatedEvent(model: SiteModel, issue: IssueRec, caller: SiteCaller, actor: string, changelogId: string, items: ChangelogItem[]): ProductEvent {
  const payload = common(model, 'avi:jira:updated:issue', issue, caller, actor);
  payload.changelog = { id: changelogId, items };
  const statusItem = items.find((i) => i.fieldId === 'status');
  if (statusItem) {
    payload.associatedStatuses = [statusItem.from, statusItem.to]
      .filter((id): id is string => id !== null && model.statuses.has(id))
      .map((id) => ({ id, name: model.status(id).name }));
  }
  return { eventType: 'avi:jira:updated:issue', payload };
}

export function buildCommentedEvent(model: SiteModel, issue: IssueRec, comment: CommentRec, caller: SiteCaller): ProductEvent {
  const payload = common(model, 'avi:jira:commented:issue', issue, caller, comment.author);
  const c: Record<string, unknown> = {
    id: comment.id,
    self: `${model.baseUrl}/rest/api/2/issue/${issue.id}/comment/${comment.id}`,
    author: { accountId: comment.author },
    updateAuthor: { accountId: comment.author },
    body: comment.body,
    created: formatJiraTime(comment.created),
    updated: formatJiraTime(comment.updated),
  };
  if (model.projectOf(issue).serviceDeskId) c.jsdPublic = !comment.internal;
  payload.comment = c;
  return { eventType: 'avi:jira:commented:issue', payload };
}
