/** Jira platform REST v3 operations the site implements, keyed by OpenAPI operationId. */
import {
  addComment,
  availableTransitions,
  collectFieldChanges,
  createIssue,
  editIssue,
  normalizeFieldValue,
  setAppFieldValue,
  setIssueProperty,
  transitionIssue,
} from '../issue-operations';
import { parseJql, runJql } from '../jql';
import { SiteError } from '../site-errors';
import { type IssueRec, type SiteModel } from '../site-model';
import { renderComment, renderFieldDetails, renderIssue, renderStatus, renderUser } from '../site-render';
import { type SiteCaller } from '../site-types';
import { asObject, type Json, type RouteContext, type RouteHandler, type RouteResult } from './route-types';

const asStrings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : undefined);

/** Customers may read their own requests but not change them through the platform API. */
function requireAgent(model: SiteModel, caller: SiteCaller, issue: IssueRec): void {
  if (!model.seesInternal(caller, issue)) throw new SiteError(403, 'You do not have permission to edit this issue.');
}

function issueFor(ctx: RouteContext): IssueRec {
  ctx.model.authenticate(ctx.caller);
  return ctx.model.visibleIssue(ctx.caller, ctx.params.issueIdOrKey ?? '');
}

function isInternalComment(body: Json): boolean {
  const props = Array.isArray(body.properties) ? (body.properties as Json[]) : [];
  const sd = props.find((p) => p.key === 'sd.public.comment');
  if (sd && asObject(sd.value).internal === true) return true;
  return body.visibility !== undefined && body.visibility !== null;
}

function searchIssues(ctx: RouteContext, params: Json): RouteResult {
  ctx.model.authenticate(ctx.caller);
  const jql = typeof params.jql === 'string' ? params.jql : '';
  const query = parseJql(jql);
  if (!query.where) throw new SiteError(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  const visible = [...ctx.model.issues.values()].filter((i) => ctx.model.canSee(ctx.caller, i));
  const matched = runJql(ctx.model, query, visible, ctx.caller.kind === 'user' ? ctx.caller.accountId : undefined);
  const maxResults = Math.min(Math.max(Number(params.maxResults ?? 50), 1), 100);
  const token = typeof params.nextPageToken === 'string' ? params.nextPageToken : undefined;
  const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw new SiteError(400, 'The nextPageToken is invalid.');
  const page = matched.slice(start, start + maxResults);
  const out: Json = {
    issues: page.map((i) => renderIssue(ctx.model, i, { fields: asStrings(params.fields), fallbackFields: 'id', expand: params.expand as string | undefined, properties: asStrings(params.properties), seesInternal: ctx.model.seesInternal(ctx.caller, i) })),
    isLast: start + page.length >= matched.length,
  };
  if (!out.isLast) out.nextPageToken = Buffer.from(String(start + page.length), 'utf8').toString('base64url');
  return { status: 200, body: out };
}

/** Checks one app-field update completely (owner, value, issues) and returns the write to perform. */
function prepareAppFieldWrite(ctx: RouteContext, fieldIdOrKey: string, issueIds: unknown[], value: unknown, generateChangelog: boolean): () => void {
  const { model, caller } = ctx;
  model.authenticate(caller);
  const field = model.fieldByIdOrKey(fieldIdOrKey);
  if (!field) throw new SiteError(404, `The custom field '${fieldIdOrKey}' was not found.`);
  if (caller.kind !== 'app' || !field.app || (caller.appId !== undefined && caller.appId !== field.app.appId)) {
    throw new SiteError(403, `Only the app that provides the custom field '${fieldIdOrKey}' can update its values.`);
  }
  const normalized = normalizeFieldValue(model, field, value);
  const issues = issueIds.map((raw) => {
    const issue = model.issues.get(String(raw));
    if (!issue) throw new SiteError(404, `Issue ${String(raw)} does not exist.`);
    return issue;
  });
  return () => issues.forEach((issue) => setAppFieldValue(ctx.op, issue, field, normalized, generateChangelog));
}

export const platformRoutes: Record<string, RouteHandler> = {
  getIssue(ctx) {
    const issue = issueFor(ctx);
    return {
      status: 200,
      body: renderIssue(ctx.model, issue, { fields: asStrings(ctx.query.fields), expand: ctx.query.expand as string | undefined, properties: asStrings(ctx.query.properties), seesInternal: ctx.model.seesInternal(ctx.caller, issue) }),
    };
  },

  editIssue(ctx) {
    const issue = issueFor(ctx);
    requireAgent(ctx.model, ctx.caller, issue);
    const body = asObject(ctx.body);
    const changes = collectFieldChanges(ctx.model, issue, asObject(body.fields), body.update as Record<string, Json[]> | undefined, new Set());
    for (const p of Array.isArray(body.properties) ? (body.properties as Json[]) : []) setIssueProperty(issue, String(p.key ?? ''), JSON.stringify(p.value ?? null));
    editIssue(ctx.op, issue, changes);
    if (ctx.query.returnIssue === true) return { status: 200, body: renderIssue(ctx.model, issue, { seesInternal: true }) };
    return { status: 204 };
  },

  createIssue(ctx) {
    const { model, caller } = ctx;
    model.authenticate(caller);
    const fields = asObject(asObject(ctx.body).fields);
    const projectRef = asObject(fields.project);
    const project = model.projectByIdOrKey(String(projectRef.id ?? projectRef.key ?? ''));
    if (!project) throw new SiteError(400, '', { project: 'Specify a valid project ID or key' });
    if (caller.kind === 'user' && !model.isAgent(caller.accountId, project)) throw new SiteError(403, 'You do not have permission to create issues in this project.');
    const typeRef = asObject(fields.issuetype);
    const issueType = project.issueTypes.find((t) => t.id === typeRef.id || t.name === typeRef.name);
    if (!issueType) throw new SiteError(400, '', { issuetype: 'Specify a valid issue type' });
    const values = collectFieldChanges(model, undefined, fields, asObject(ctx.body).update as Record<string, Json[]> | undefined, new Set(['project', 'issuetype']));
    const issue = createIssue(ctx.op, { projectId: project.id, issueTypeId: issueType.id, values });
    return { status: 201, body: { id: issue.id, key: issue.key, self: `${model.baseUrl}/rest/api/3/issue/${issue.id}` } };
  },

  getTransitions(ctx) {
    const issue = issueFor(ctx);
    const list = ctx.model.seesInternal(ctx.caller, issue) ? availableTransitions(ctx.model, issue) : [];
    const filtered = typeof ctx.query.transitionId === 'string' ? list.filter((t) => t.id === ctx.query.transitionId) : list;
    return {
      status: 200,
      body: {
        expand: 'transitions',
        transitions: filtered.map((t) => ({ id: t.id, name: t.name, to: renderStatus(ctx.model, ctx.model.status(t.to)), hasScreen: false, isGlobal: t.isGlobal, isInitial: false, isAvailable: true, isConditional: false, isLooped: false })),
      },
    };
  },

  doTransition(ctx) {
    const issue = issueFor(ctx);
    const body = asObject(ctx.body);
    const transitionId = asObject(body.transition).id;
    if (typeof transitionId !== 'string' || transitionId === '') throw new SiteError(400, '', { transition: "'transition' identifier must be specified." });
    if (!ctx.model.seesInternal(ctx.caller, issue)) throw new SiteError(400, `Transition id '${transitionId}' is not valid for this issue.`);
    const changes = collectFieldChanges(ctx.model, issue, asObject(body.fields), body.update as Record<string, Json[]> | undefined, new Set());
    transitionIssue(ctx.op, issue, transitionId, changes);
    return { status: 204 };
  },

  getIssuePropertyKeys(ctx) {
    const issue = issueFor(ctx);
    return { status: 200, body: { keys: [...issue.properties.keys()].map((key) => ({ key, self: `${ctx.model.baseUrl}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}` })) } };
  },

  getIssueProperty(ctx) {
    const issue = issueFor(ctx);
    const key = ctx.params.propertyKey ?? '';
    if (!issue.properties.has(key)) throw new SiteError(404, `The property with key '${key}' does not exist.`);
    return { status: 200, body: { key, value: issue.properties.get(key) } };
  },

  setIssueProperty(ctx) {
    const issue = issueFor(ctx);
    requireAgent(ctx.model, ctx.caller, issue);
    const isNew = setIssueProperty(issue, ctx.params.propertyKey ?? '', ctx.rawBody);
    issue.updated = ctx.op.now();
    return { status: isNew ? 201 : 200, body: {} };
  },

  deleteIssueProperty(ctx) {
    const issue = issueFor(ctx);
    requireAgent(ctx.model, ctx.caller, issue);
    const key = ctx.params.propertyKey ?? '';
    if (!issue.properties.delete(key)) throw new SiteError(404, `The property with key '${key}' does not exist.`);
    return { status: 204 };
  },

  getComments(ctx) {
    const issue = issueFor(ctx);
    const internalOk = ctx.model.seesInternal(ctx.caller, issue);
    const isSd = Boolean(ctx.model.projectOf(issue).serviceDeskId);
    let list = issue.comments.filter((c) => internalOk || !c.internal);
    if (ctx.query.orderBy === '-created') list = [...list].reverse();
    const startAt = Number(ctx.query.startAt ?? 0);
    const maxResults = Math.min(Number(ctx.query.maxResults ?? 100), 5000);
    const page = list.slice(startAt, startAt + maxResults);
    return { status: 200, body: { startAt, maxResults, total: list.length, comments: page.map((c) => renderComment(ctx.model, issue, c, isSd)) } };
  },

  addComment(ctx) {
    const issue = issueFor(ctx);
    const body = asObject(ctx.body);
    const doc = asObject(body.body);
    if (doc.type !== 'doc') throw new SiteError(400, '', { comment: 'Comment body must be an Atlassian Document Format document.' });
    const internal = isInternalComment(body);
    if (internal && !ctx.model.seesInternal(ctx.caller, issue)) throw new SiteError(403, 'You do not have permission to add internal comments.');
    const c = addComment(ctx.op, issue, doc, internal);
    return { status: 201, body: renderComment(ctx.model, issue, c, Boolean(ctx.model.projectOf(issue).serviceDeskId)) };
  },

  getUsersFromGroup(ctx) {
    const { model, caller } = ctx;
    model.authenticate(caller);
    if (caller.kind === 'user' && !model.isLicensed(caller.accountId)) throw new SiteError(403, 'You do not have permission to browse users and groups.');
    const groupId = ctx.query.groupId as string | undefined;
    const groupname = ctx.query.groupname as string | undefined;
    if (!groupId && !groupname) throw new SiteError(400, 'You must specify groupId or groupname.');
    const group = model.groupByIdOrName(groupId, groupname);
    if (!group) throw new SiteError(404, `The group '${groupId ?? groupname ?? ''}' does not exist.`);
    const includeInactive = ctx.query.includeInactiveUsers === true;
    const members = [...group.members].filter((id) => includeInactive || model.users.get(id)?.active === true).sort();
    const startAt = Number(ctx.query.startAt ?? 0);
    const maxResults = Math.min(Math.max(Number(ctx.query.maxResults ?? 50), 1), 50);
    const page = members.slice(startAt, startAt + maxResults);
    const selfBase = `${model.baseUrl}/rest/api/3/group/member?groupId=${encodeURIComponent(group.groupId)}&includeInactiveUsers=${includeInactive}`;
    const isLast = startAt + page.length >= members.length;
    const out: Json = { self: `${selfBase}&startAt=${startAt}&maxResults=${maxResults}`, maxResults, startAt, total: members.length, isLast, values: page.map((id) => renderUser(model, id)) };
    if (!isLast) out.nextPage = `${selfBase}&startAt=${startAt + maxResults}&maxResults=${maxResults}`;
    return { status: 200, body: out };
  },

  getUser(ctx) {
    ctx.model.authenticate(ctx.caller);
    const accountId = ctx.query.accountId as string | undefined;
    if (!accountId) throw new SiteError(400, 'The accountId query parameter needs to be provided.');
    if (!ctx.model.users.has(accountId)) throw new SiteError(404, `User with accountId '${accountId}' does not exist.`);
    return { status: 200, body: renderUser(ctx.model, accountId) };
  },

  /** User search: `query` matches the start of a display name or an email address (Jira's own rule). */
  findUsers(ctx) {
    ctx.model.authenticate(ctx.caller);
    const query = String(ctx.query.query ?? ctx.query.accountId ?? '').trim().toLowerCase();
    if (query === '') throw new SiteError(400, 'One of query or accountId must be provided.');
    const startAt = Number(ctx.query.startAt ?? 0);
    const maxResults = Math.min(Math.max(Number(ctx.query.maxResults ?? 50), 1), 1000);
    const matches = [...ctx.model.users.values()]
      .filter((u) => u.active && u.accountType === 'atlassian')
      .filter((u) => u.accountId.toLowerCase() === query || u.displayName.toLowerCase().startsWith(query) || (u.emailAddress?.toLowerCase().startsWith(query) ?? false))
      .map((u) => u.accountId)
      .sort();
    return { status: 200, body: matches.slice(startAt, startAt + maxResults).map((id) => renderUser(ctx.model, id)) };
  },

  /** The permissions the site models: browsing, agent work on a service desk, administration. */
  getMyPermissions(ctx) {
    ctx.model.authenticate(ctx.caller);
    const keys = asStrings(ctx.query.permissions);
    if (!keys || keys.length === 0) throw new SiteError(400, 'The permissions parameter is required.');
    const ref = typeof ctx.query.issueKey === 'string' ? ctx.query.issueKey : typeof ctx.query.issueId === 'string' ? ctx.query.issueId : undefined;
    const issue = ref === undefined ? undefined : ctx.model.visibleIssue(ctx.caller, ref);
    const accountId = ctx.caller.kind === 'user' ? ctx.caller.accountId : undefined;
    const have = (key: string): boolean => {
      if (ctx.caller.kind === 'app') return true;
      if (!accountId) return false;
      if (key === 'ADMINISTER') return ctx.model.isAdmin(accountId);
      if (key === 'BROWSE_PROJECTS') return issue ? ctx.model.canSee(ctx.caller, issue) : ctx.model.isLicensed(accountId);
      if (key === 'SERVICEDESK_AGENT') return issue ? ctx.model.isAgent(accountId, ctx.model.projectOf(issue)) : ctx.model.isLicensed(accountId);
      return false;
    };
    const permissions = Object.fromEntries(
      keys.map((key, index) => [key, { id: String(index + 1), key, name: key, type: 'PROJECT', description: `The ${key} permission.`, havePermission: have(key) }]),
    );
    return { status: 200, body: { permissions } };
  },

  getCurrentUser(ctx) {
    ctx.model.authenticate(ctx.caller);
    return { status: 200, body: renderUser(ctx.model, ctx.model.actorId(ctx.caller)) };
  },

  getFields(ctx) {
    ctx.model.authenticate(ctx.caller);
    return { status: 200, body: [...ctx.model.fields.values()].filter((f) => f.id !== 'comment').map(renderFieldDetails) };
  },

  getStatuses(ctx) {
    ctx.model.authenticate(ctx.caller);
    return { status: 200, body: [...ctx.model.statuses.values()].map((s) => renderStatus(ctx.model, s)) };
  },

  updateCustomFieldValue(ctx) {
    const updates = Array.isArray(asObject(ctx.body).updates) ? (asObject(ctx.body).updates as Json[]) : [];
    // All updates are checked before any is written, so a refused batch changes nothing.
    const writes = updates.map((u) => prepareAppFieldWrite(ctx, ctx.params.fieldIdOrKey ?? '', u.issueIds as unknown[], u.value, ctx.query.generateChangelog !== false));
    writes.forEach((write) => write());
    return { status: 204 };
  },

  updateMultipleCustomFieldValues(ctx) {
    const updates = Array.isArray(asObject(ctx.body).updates) ? (asObject(ctx.body).updates as Json[]) : [];
    const writes = updates.map((u) => prepareAppFieldWrite(ctx, String(u.customField), u.issueIds as unknown[], u.value, ctx.query.generateChangelog !== false));
    writes.forEach((write) => write());
    return { status: 204 };
  },

  searchAndReconsileIssuesUsingJqlPost(ctx) {
    return searchIssues(ctx, asObject(ctx.body));
  },

  searchAndReconsileIssuesUsingJql(ctx) {
    return searchIssues(ctx, ctx.query);
  },
};
