/** Renders internal records into the shapes the Jira and JSM REST APIs return. */
import { formatJiraTime, toDateDto } from './jira-time';
import { type SeedProject, type SeedRequestType, type SeedStatus } from './seed-schema';
import { type ApprovalRec, type CommentRec, type FieldDef, type IssueRec, REQUEST_TYPE_FIELD_ID, type SiteModel } from './site-model';

const CATEGORY = {
  new: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray', jsm: 'NEW' },
  indeterminate: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow', jsm: 'INDETERMINATE' },
  done: { id: 3, key: 'done', name: 'Done', colorName: 'green', jsm: 'DONE' },
} as const;

export function renderUser(model: SiteModel, accountId: string | null | undefined): Record<string, unknown> | null {
  if (!accountId) return null;
  const u = model.users.get(accountId);
  const base = `${model.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`;
  if (!u) return { accountId, self: base, active: false, displayName: 'Former user', accountType: 'unknown' };
  const out: Record<string, unknown> = {
    self: base,
    accountId: u.accountId,
    accountType: u.accountType,
    active: u.active,
    displayName: u.displayName,
    timeZone: u.timeZone,
    avatarUrls: { '16x16': `${model.baseUrl}/avatar/${u.accountId}/16`, '24x24': `${model.baseUrl}/avatar/${u.accountId}/24`, '32x32': `${model.baseUrl}/avatar/${u.accountId}/32`, '48x48': `${model.baseUrl}/avatar/${u.accountId}/48` },
  };
  if (u.emailAddress) out.emailAddress = u.emailAddress;
  return out;
}

/** JSM's UserDTO. */
export function renderUserDto(model: SiteModel, accountId: string): Record<string, unknown> {
  const u = model.users.get(accountId);
  const out: Record<string, unknown> = {
    accountId,
    displayName: u?.displayName ?? 'Former user',
    active: u?.active ?? false,
    timeZone: u?.timeZone ?? 'UTC',
    _links: { jiraRest: `${model.baseUrl}/rest/api/2/user?accountId=${encodeURIComponent(accountId)}`, self: `${model.baseUrl}/rest/api/2/user?accountId=${encodeURIComponent(accountId)}`, avatarUrls: {} },
  };
  if (u?.emailAddress) out.emailAddress = u.emailAddress;
  return out;
}

export function renderStatus(model: SiteModel, status: SeedStatus): Record<string, unknown> {
  const c = CATEGORY[status.category];
  return {
    self: `${model.baseUrl}/rest/api/3/status/${status.id}`,
    description: '',
    iconUrl: `${model.baseUrl}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: { self: `${model.baseUrl}/rest/api/3/statuscategory/${c.id}`, id: c.id, key: c.key, colorName: c.colorName, name: c.name },
  };
}

export function jsmStatusCategory(status: SeedStatus): 'NEW' | 'INDETERMINATE' | 'DONE' {
  return CATEGORY[status.category].jsm;
}

export function renderProject(model: SiteModel, p: SeedProject): Record<string, unknown> {
  return { self: `${model.baseUrl}/rest/api/3/project/${p.id}`, id: p.id, key: p.key, name: p.name, projectTypeKey: p.serviceDeskId ? 'service_desk' : 'software', simplified: false };
}

export function renderIssueType(model: SiteModel, p: SeedProject, issueTypeId: string): Record<string, unknown> {
  const t = p.issueTypes.find((x) => x.id === issueTypeId);
  return { self: `${model.baseUrl}/rest/api/3/issuetype/${issueTypeId}`, id: issueTypeId, name: t?.name ?? 'Unknown', description: '', subtask: false, hierarchyLevel: 0 };
}

export function renderRequestType(model: SiteModel, rt: SeedRequestType): Record<string, unknown> {
  const p = model.projectByServiceDesk(rt.serviceDeskId);
  return {
    _links: { self: `${model.baseUrl}/rest/servicedeskapi/servicedesk/${rt.serviceDeskId}/requesttype/${rt.id}` },
    id: rt.id,
    name: rt.name,
    description: rt.description,
    helpText: rt.helpText ?? '',
    issueTypeId: rt.issueTypeId,
    serviceDeskId: rt.serviceDeskId,
    portalId: rt.serviceDeskId,
    groupIds: [],
    ...(p ? {} : {}),
  };
}

/** The value of the Customer Request Type field as Jira returns it. */
function renderRequestTypeValue(model: SiteModel, issue: IssueRec, requestTypeId: string): Record<string, unknown> | null {
  const rt = model.requestTypes.get(requestTypeId);
  if (!rt) return null;
  const status = model.status(issue.statusId);
  return {
    _links: { self: `${model.baseUrl}/rest/servicedeskapi/request/${issue.id}` },
    requestType: renderRequestType(model, rt),
    currentStatus: { status: status.name, statusCategory: jsmStatusCategory(status), statusDate: toDateDto(issue.statusChanged) },
  };
}

/** A field value in its REST form. */
export function renderFieldValue(model: SiteModel, issue: IssueRec, field: FieldDef): unknown {
  const p = model.projectOf(issue);
  switch (field.id) {
    case 'status':
      return renderStatus(model, model.status(issue.statusId));
    case 'issuetype':
      return renderIssueType(model, p, issue.issueTypeId);
    case 'project':
      return renderProject(model, p);
    case 'creator':
      return renderUser(model, issue.creator);
    case 'created':
      return formatJiraTime(issue.created);
    case 'updated':
      return formatJiraTime(issue.updated);
    case 'comment':
      return null;
    default:
      break;
  }
  const raw = issue.values.get(field.id);
  if (raw === undefined || raw === null) return field.id === 'labels' ? [] : null;
  if (field.type === 'user') return renderUser(model, raw as string);
  if (field.type === 'user-multi') return (raw as string[]).map((id) => renderUser(model, id));
  if (field.type === 'sd-customerrequesttype') return renderRequestTypeValue(model, issue, raw as string);
  return raw;
}

export function renderComment(model: SiteModel, issue: IssueRec, c: CommentRec, isServiceDesk: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    self: `${model.baseUrl}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
    id: c.id,
    author: renderUser(model, c.author),
    body: c.body,
    updateAuthor: renderUser(model, c.author),
    created: formatJiraTime(c.created),
    updated: formatJiraTime(c.updated),
  };
  if (isServiceDesk) out.jsdPublic = !c.internal;
  return out;
}

/** Which fields a `fields` parameter selects (`*all`, `*navigable`, names, `-name` exclusions). */
export function selectFields(model: SiteModel, requested: string[] | undefined, fallback: string): FieldDef[] {
  const list = requested && requested.length > 0 ? requested : [fallback];
  const all = [...model.fields.values()].filter((f) => f.id !== 'comment' || list.includes('comment') || list.includes('*all'));
  const chosen = new Set<string>();
  for (const item of list) {
    if (item === '*all' || item === '*navigable') all.forEach((f) => chosen.add(f.id));
    else if (!item.startsWith('-')) {
      const f = model.fieldByIdOrKey(item);
      if (f) chosen.add(f.id);
    }
  }
  for (const item of list) if (item.startsWith('-')) chosen.delete(item.slice(1));
  return [...chosen].map((id) => model.fields.get(id)).filter((f): f is FieldDef => f !== undefined);
}

/** The IssueBean for a caller: field selection, optional `names`, and requested properties. */
export function renderIssue(
  model: SiteModel,
  issue: IssueRec,
  opts: { fields?: string[]; fallbackFields?: string; expand?: string; properties?: string[]; seesInternal: boolean },
): Record<string, unknown> {
  const p = model.projectOf(issue);
  const selected = selectFields(model, opts.fields, opts.fallbackFields ?? '*all');
  const fields: Record<string, unknown> = {};
  for (const f of selected) {
    if (f.id === 'comment') {
      const visible = issue.comments.filter((c) => opts.seesInternal || !c.internal);
      fields.comment = { comments: visible.map((c) => renderComment(model, issue, c, Boolean(p.serviceDeskId))), maxResults: visible.length, total: visible.length, startAt: 0 };
      continue;
    }
    fields[f.id] = renderFieldValue(model, issue, f);
  }
  const out: Record<string, unknown> = { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${model.baseUrl}/rest/api/3/issue/${issue.id}`, key: issue.key };
  // A search that asks for no field (the default `id`) returns issues without `fields`, as Jira does.
  if (selected.length > 0) out.fields = fields;
  const expand = (opts.expand ?? '').split(',').map((s) => s.trim());
  if (expand.includes('names')) out.names = Object.fromEntries(selected.map((f) => [f.id, f.name]));
  if (opts.properties && opts.properties.length > 0) {
    const wantAll = opts.properties.includes('*all');
    const props: Record<string, unknown> = {};
    for (const [k, v] of issue.properties) if (wantAll || opts.properties.includes(k)) props[k] = v;
    out.properties = props;
  }
  return out;
}

export function renderFieldDetails(f: FieldDef): Record<string, unknown> {
  const schema: Record<string, unknown> =
    f.type === 'user-multi' ? { type: 'array', items: 'user' } : f.type === 'text' || f.type === 'string' ? { type: 'string' } : f.type === 'sd-customerrequesttype' ? { type: 'sd-customerrequesttype' } : { type: f.type === 'object' && !f.custom ? 'any' : f.type };
  if (f.custom) {
    schema.custom = f.app ? `ari:cloud:ecosystem::extension/${f.app.appId}/${f.app.environmentId}/static/${f.app.moduleKey}` : `com.atlassian.jira.plugin.system.customfieldtypes:${f.type}`;
    schema.customId = Number(f.id.replace('customfield_', ''));
  } else schema.system = f.id;
  return {
    id: f.id,
    key: f.key,
    name: f.name,
    custom: f.custom,
    orderable: f.editable,
    navigable: true,
    searchable: true,
    clauseNames: f.custom ? [f.id.replace('customfield_', 'cf[') + ']', f.name] : [f.id],
    schema,
  };
}

export function renderApproval(model: SiteModel, issue: IssueRec, a: ApprovalRec, callerAccountId: string | undefined): Record<string, unknown> {
  const canAnswer = a.active && a.finalDecision === 'pending' && a.approvers.some((x) => x.accountId === callerAccountId && x.decision === 'pending');
  const out: Record<string, unknown> = {
    id: a.id,
    name: a.name,
    finalDecision: a.finalDecision,
    canAnswerApproval: canAnswer,
    approvers: a.approvers.map((x) => ({ approver: renderUserDto(model, x.accountId), approverDecision: x.decision })),
    createdDate: toDateDto(a.createdDate),
    _links: { self: `${model.baseUrl}/rest/servicedeskapi/request/${issue.id}/approval/${a.id}` },
  };
  if (a.completedDate) out.completedDate = toDateDto(a.completedDate);
  return out;
}

/** Plain text of an ADF document, for JSM's string comment bodies. */
export function adfToText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object') return '';
  const n = node as { type?: string; text?: string; content?: unknown[] };
  if (n.type === 'text') return n.text ?? '';
  const inner = (n.content ?? []).map(adfToText);
  return n.type === 'doc' ? inner.join('\n') : inner.join('');
}

/** A one-paragraph ADF document for plain text. */
export function textToAdf(text: string): Record<string, unknown> {
  return { type: 'doc', version: 1, content: text.split('\n').map((line) => ({ type: 'paragraph', content: line ? [{ type: 'text', text: line }] : [] })) };
}

export function renderJsmComment(model: SiteModel, issue: IssueRec, c: CommentRec): Record<string, unknown> {
  return {
    _expands: ['attachment', 'renderedBody'],
    id: c.id,
    body: adfToText(c.body),
    public: !c.internal,
    author: renderUserDto(model, c.author),
    created: toDateDto(c.created),
    _links: { self: `${model.baseUrl}/rest/servicedeskapi/request/${issue.id}/comment/${c.id}` },
  };
}

export function renderCustomerRequest(model: SiteModel, issue: IssueRec, expand: string[]): Record<string, unknown> {
  const p = model.projectOf(issue);
  const rtId = issue.values.get(REQUEST_TYPE_FIELD_ID) as string | undefined;
  const rt = rtId ? model.requestTypes.get(rtId) : undefined;
  const status = model.status(issue.statusId);
  const fieldIds = rt ? rt.fields.map((f) => f.fieldId) : ['summary', 'description'];
  const requestFieldValues = fieldIds.map((id) => {
    const f = model.fieldByIdOrKey(id);
    const label = rt?.fields.find((x) => x.fieldId === id)?.name ?? f?.name ?? id;
    return { fieldId: id, label, value: f ? renderFieldValue(model, issue, f) : null };
  });
  const out: Record<string, unknown> = {
    _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
    issueId: issue.id,
    issueKey: issue.key,
    summary: String(issue.values.get('summary') ?? ''),
    requestTypeId: rtId ?? '',
    serviceDeskId: p.serviceDeskId ?? '',
    createdDate: toDateDto(issue.created),
    reporter: renderUserDto(model, String(issue.values.get('reporter') ?? issue.creator)),
    requestFieldValues,
    currentStatus: { status: status.name, statusCategory: jsmStatusCategory(status), statusDate: toDateDto(issue.statusChanged) },
    _links: {
      jiraRest: `${model.baseUrl}/rest/api/2/issue/${issue.id}`,
      web: `${model.baseUrl}/servicedesk/customer/portal/${p.serviceDeskId ?? '0'}/${issue.key}`,
      self: `${model.baseUrl}/rest/servicedeskapi/request/${issue.id}`,
      agent: `${model.baseUrl}/browse/${issue.key}`,
    },
  };
  if (expand.includes('requestType') && rt) out.requestType = renderRequestType(model, rt);
  if (expand.includes('serviceDesk')) out.serviceDesk = renderServiceDesk(model, p);
  return out;
}

export function renderServiceDesk(model: SiteModel, p: SeedProject): Record<string, unknown> {
  return { id: p.serviceDeskId ?? '', projectId: p.id, projectKey: p.key, projectName: p.name, _links: { self: `${model.baseUrl}/rest/servicedeskapi/servicedesk/${p.serviceDeskId ?? ''}` } };
}

/** JSM's paged envelope. */
export function pageJsm<T>(model: SiteModel, path: string, items: T[], start: number, limit: number): Record<string, unknown> {
  const values = items.slice(start, start + limit);
  const out: Record<string, unknown> = {
    _expands: [],
    size: values.length,
    start,
    limit,
    isLastPage: start + values.length >= items.length,
    _links: { base: model.baseUrl, context: '', self: `${model.baseUrl}${path}` },
    values,
  };
  if (start + values.length < items.length) (out._links as Record<string, string>).next = `${model.baseUrl}${path}?start=${start + limit}&limit=${limit}`;
  return out;
}
