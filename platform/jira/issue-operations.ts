/** Every change to an issue goes through here, so approvals, limits and product events stay consistent. */
import { buildCommentedEvent, buildCreatedEvent, buildUpdatedEvent, type ChangelogItem } from './product-events';
import { type ApprovalConfig } from './seed-schema';
import { SiteError } from './site-errors';
import { type ApprovalRec, APPROVERS_FIELD_ID, type CommentRec, type FieldDef, type IssueRec, REQUEST_TYPE_FIELD_ID, type SiteModel } from './site-model';
import { type ProductEvent, type SiteCaller } from './site-types';

export const PROPERTY_VALUE_MAX_BYTES = 32768;
export const PROPERTY_KEY_MAX_CHARS = 255;
export const COMMENTS_PER_ISSUE_MAX = 5000;

export interface OpContext {
  model: SiteModel;
  caller: SiteCaller;
  now: () => string;
  /** Collects events; the site delivers them once the request has committed. */
  emit: (event: ProductEvent) => void;
  nextChangelogId: () => string;
}

function cannotSet(fieldId: string): SiteError {
  return new SiteError(400, '', { [fieldId]: `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.` });
}

function toAccountId(model: SiteModel, raw: unknown, fieldId: string): string {
  const id = typeof raw === 'string' ? raw : raw && typeof raw === 'object' ? ((raw as { accountId?: unknown; id?: unknown }).accountId ?? (raw as { id?: unknown }).id) : undefined;
  if (typeof id !== 'string' || !model.users.has(id)) throw new SiteError(400, '', { [fieldId]: `Specify a valid value for ${fieldId}: user '${String(id)}' does not exist.` });
  return id;
}

/** Converts a REST field value into the internal form (users as account ids), rejecting wrong types. */
export function normalizeFieldValue(model: SiteModel, field: FieldDef, raw: unknown): unknown {
  const bad = (expected: string): SiteError => new SiteError(400, '', { [field.id]: `Field '${field.id}' expects ${expected}.` });
  if (raw === null) {
    if (field.id === 'summary') throw new SiteError(400, '', { summary: 'You must specify a summary of the issue.' });
    return field.type === 'user-multi' ? [] : null;
  }
  switch (field.type) {
    case 'string':
      if (typeof raw !== 'string') throw bad('a string');
      if (field.id === 'summary' && (raw.trim() === '' || raw.length > 255)) throw new SiteError(400, '', { summary: 'Summary must be between 1 and 255 characters.' });
      return raw;
    case 'text':
      if (typeof raw === 'string') return field.id === 'description' ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: raw }] }] } : raw;
      if (typeof raw !== 'object' || (raw as { type?: unknown }).type !== 'doc') throw bad('an Atlassian Document Format document');
      return raw;
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw bad('a number');
      return raw;
    case 'date':
    case 'datetime':
      if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) throw bad(`a ${field.type} string`);
      return raw;
    case 'user':
      return toAccountId(model, raw, field.id);
    case 'user-multi':
      if (!Array.isArray(raw)) throw bad('an array of users');
      return [...new Set(raw.map((u) => toAccountId(model, u, field.id)))];
    case 'sd-customerrequesttype': {
      const id = typeof raw === 'string' ? raw : String((raw as { id?: unknown }).id ?? '');
      if (!model.requestTypes.has(id)) throw bad('a request type id');
      return id;
    }
    default:
      if (field.id === 'labels' && (!Array.isArray(raw) || raw.some((l) => typeof l !== 'string' || /\s/.test(l)))) throw bad('an array of labels without spaces');
      return raw;
  }
}

/** Reads the `fields` and `update` parts of an IssueUpdateDetails into internal values. */
export function collectFieldChanges(
  model: SiteModel,
  issue: IssueRec | undefined,
  fields: Record<string, unknown> | undefined,
  update: Record<string, Array<Record<string, unknown>>> | undefined,
  skip: Set<string>,
): Map<string, unknown> {
  const changes = new Map<string, unknown>();
  for (const [key, raw] of Object.entries(fields ?? {})) {
    if (skip.has(key)) continue;
    const f = model.fieldByIdOrKey(key);
    if (!f || !f.editable || f.app) throw cannotSet(key);
    changes.set(f.id, normalizeFieldValue(model, f, raw));
  }
  for (const [key, ops] of Object.entries(update ?? {})) {
    const f = model.fieldByIdOrKey(key);
    if (!f || !f.editable || f.app) throw cannotSet(key);
    let current: unknown = changes.has(f.id) ? changes.get(f.id) : issue?.values.get(f.id);
    for (const op of ops) {
      if ('set' in op) current = normalizeFieldValue(model, f, op.set);
      else if ('add' in op || 'remove' in op) {
        if (f.type !== 'user-multi' && f.id !== 'labels') throw new SiteError(400, '', { [key]: `Field '${key}' does not support add/remove.` });
        const list = Array.isArray(current) ? [...(current as string[])] : [];
        const item = 'add' in op ? op.add : op.remove;
        const value = f.type === 'user-multi' ? toAccountId(model, item, f.id) : String(item);
        current = 'add' in op ? (list.includes(value) ? list : [...list, value]) : list.filter((x) => x !== value);
      } else throw new SiteError(400, '', { [key]: `Unsupported update operation on '${key}'.` });
    }
    changes.set(f.id, current);
  }
  return changes;
}

function displayOf(model: SiteModel, field: FieldDef, value: unknown): { id: string | null; text: string | null } {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return { id: null, text: null };
  if (field.type === 'user') return { id: value as string, text: model.users.get(value as string)?.displayName ?? (value as string) };
  if (field.type === 'user-multi') {
    const ids = value as string[];
    return { id: ids.join(', '), text: ids.map((id) => model.users.get(id)?.displayName ?? id).join(', ') };
  }
  if (typeof value === 'string') return { id: null, text: value };
  if (typeof value === 'number') return { id: null, text: String(value) };
  return { id: null, text: JSON.stringify(value) };
}

function changelogItem(model: SiteModel, field: FieldDef, before: unknown, after: unknown): ChangelogItem {
  const from = displayOf(model, field, before);
  const to = displayOf(model, field, after);
  const name = field.custom ? field.name : field.id;
  return { field: name, fieldtype: field.custom ? 'custom' : 'jira', fieldId: field.id, from: from.id, fromString: from.text, to: to.id, toString: to.text };
}

/** Applies internal field values, returning the changelog items of what really changed. */
function applyValues(model: SiteModel, issue: IssueRec, changes: Map<string, unknown>): ChangelogItem[] {
  const items: ChangelogItem[] = [];
  for (const [fieldId, value] of changes) {
    const field = model.fields.get(fieldId);
    if (!field) continue;
    const before = issue.values.get(fieldId);
    if (JSON.stringify(before ?? null) === JSON.stringify(value ?? null)) continue;
    issue.values.set(fieldId, value);
    items.push(changelogItem(model, field, before, value));
  }
  return items;
}

function emitUpdate(ctx: OpContext, issue: IssueRec, actor: string, items: ChangelogItem[]): void {
  if (items.length === 0) return;
  issue.updated = ctx.now();
  ctx.emit(buildUpdatedEvent(ctx.model, issue, ctx.caller, actor, ctx.nextChangelogId(), items));
}

export interface CreateIssueInput {
  projectId: string;
  issueTypeId: string;
  values: Map<string, unknown>;
  requestTypeId?: string;
}

/** Creates an issue in its workflow's initial status and emits `avi:jira:created:issue`. */
export function createIssue(ctx: OpContext, input: CreateIssueInput): IssueRec {
  const { model } = ctx;
  const project = model.projects.get(input.projectId);
  if (!project) throw new SiteError(400, '', { project: 'Specify a valid project ID or key' });
  if (!project.issueTypes.some((t) => t.id === input.issueTypeId)) throw new SiteError(400, '', { issuetype: 'Specify a valid issue type' });
  const summary = input.values.get('summary');
  if (typeof summary !== 'string' || summary.trim() === '') throw new SiteError(400, '', { summary: 'You must specify a summary of the issue.' });
  const actor = model.actorId(ctx.caller);
  const now = ctx.now();
  const id = model.nextIssueId();
  const key = model.nextIssueKey(project);
  const values = new Map(input.values);
  if (!values.has('reporter')) values.set('reporter', actor);
  if (input.requestTypeId) values.set(REQUEST_TYPE_FIELD_ID, input.requestTypeId);
  const issue: IssueRec = { id, key, projectId: project.id, issueTypeId: input.issueTypeId, statusId: project.workflow.initialStatusId, creator: actor, created: now, updated: now, statusChanged: now, values, properties: new Map(), comments: [], approvals: [] };
  model.issues.set(id, issue);
  model.keyIndex.set(key, id);
  ctx.emit(buildCreatedEvent(model, issue, ctx.caller, actor));
  enterStatus(ctx, issue);
  return issue;
}

/** Edits fields (PUT issue) and emits one `avi:jira:updated:issue` with the changelog. */
export function editIssue(ctx: OpContext, issue: IssueRec, changes: Map<string, unknown>): ChangelogItem[] {
  const items = applyValues(ctx.model, issue, changes);
  emitUpdate(ctx, issue, ctx.model.actorId(ctx.caller), items);
  return items;
}

/** Writes a Forge app field value; only `/rest/api/3/app/field/...` reaches this. */
export function setAppFieldValue(ctx: OpContext, issue: IssueRec, field: FieldDef, value: unknown, generateChangelog: boolean): void {
  const items = applyValues(ctx.model, issue, new Map([[field.id, value]]));
  if (generateChangelog) emitUpdate(ctx, issue, ctx.model.actorId(ctx.caller), items);
  else if (items.length > 0) issue.updated = ctx.now();
}

/** Transitions available from the issue's status: its outgoing and global transitions. */
export function availableTransitions(model: SiteModel, issue: IssueRec): Array<{ id: string; name: string; to: string; isGlobal: boolean }> {
  const wf = model.projectOf(issue).workflow;
  return wf.transitions
    .filter((t) => (t.from === 'any' ? t.to !== issue.statusId : t.from.includes(issue.statusId)))
    .map((t) => ({ id: t.id, name: t.name, to: t.to, isGlobal: t.from === 'any' }));
}

/** Runs a transition (with optional field changes) as `actor`, handling approval statuses on the way. */
export function transitionIssue(ctx: OpContext, issue: IssueRec, transitionId: string, changes: Map<string, unknown>, actor: string = ctx.model.actorId(ctx.caller)): void {
  const t = availableTransitions(ctx.model, issue).find((x) => x.id === transitionId);
  if (!t) throw new SiteError(400, `Transition id '${transitionId}' is not valid for this issue.`, {});
  const statusField = ctx.model.fields.get('status') as FieldDef;
  const items = applyValues(ctx.model, issue, changes);
  const from = ctx.model.status(issue.statusId);
  const to = ctx.model.status(t.to);
  leaveStatus(ctx, issue);
  issue.statusId = to.id;
  const now = ctx.now();
  issue.statusChanged = now;
  items.unshift({ field: 'status', fieldtype: 'jira', fieldId: statusField.id, from: from.id, fromString: from.name, to: to.id, toString: to.name });
  emitUpdate(ctx, issue, actor, items);
  enterStatus(ctx, issue);
}

function approvalConfigFor(model: SiteModel, issue: IssueRec): ApprovalConfig | undefined {
  return model.projectOf(issue).workflow.approvals.find((a) => a.statusId === issue.statusId);
}

/** Entering an approval status opens a new approval for the Approvers field's users at that moment. */
function enterStatus(ctx: OpContext, issue: IssueRec): void {
  const config = approvalConfigFor(ctx.model, issue);
  if (!config) return;
  const fieldValue = issue.values.get(config.approversFieldId ?? APPROVERS_FIELD_ID);
  const reporter = issue.values.get('reporter');
  const approvers = (Array.isArray(fieldValue) ? (fieldValue as string[]) : typeof fieldValue === 'string' ? [fieldValue] : []).filter((id) => !(config.excludeReporter && id === reporter));
  const approval: ApprovalRec = {
    id: ctx.model.nextApprovalId(),
    name: config.name ?? ctx.model.status(config.statusId).name,
    statusId: config.statusId,
    config,
    approvers: approvers.map((accountId) => ({ accountId, decision: 'pending' })),
    finalDecision: 'pending',
    createdDate: ctx.now(),
    active: true,
  };
  issue.approvals.push(approval);
}

/** Leaving the status without a decision retires the pending approval: nobody can answer it any more. */
function leaveStatus(_ctx: OpContext, issue: IssueRec): void {
  for (const a of issue.approvals) if (a.active) a.active = false;
}

/** Records an approver's decision; a met condition or any decline fires the configured transition. */
export function answerApproval(ctx: OpContext, issue: IssueRec, approvalId: string, decision: 'approve' | 'decline'): ApprovalRec {
  const approval = issue.approvals.find((a) => a.id === approvalId);
  if (!approval) throw new SiteError(404, `Approval ${approvalId} does not exist on ${issue.key}.`);
  if (ctx.caller.kind !== 'user') throw new SiteError(403, 'Only an approver can answer an approval; apps cannot approve as themselves.');
  const accountId = ctx.caller.accountId;
  if (approval.finalDecision !== 'pending' || !approval.active) throw new SiteError(409, 'This approval has already been decided or is no longer active.');
  const me = approval.approvers.find((a) => a.accountId === accountId);
  if (!me) throw new SiteError(403, 'You are not an approver of this approval.');
  if (me.decision !== 'pending') throw new SiteError(409, 'You have already answered this approval.');
  me.decision = decision === 'approve' ? 'approved' : 'declined';
  const total = approval.approvers.length;
  const approved = approval.approvers.filter((a) => a.decision === 'approved').length;
  const { conditionType, conditionValue } = approval.config;
  // JSM declines on the first decline; approval needs the configured count (capped at the approver count) or share.
  const outcome: 'approved' | 'declined' | null =
    me.decision === 'declined'
      ? 'declined'
      : conditionType === 'number'
        ? approved >= Math.min(conditionValue, total) ? 'approved' : null
        : (approved / total) * 100 >= conditionValue ? 'approved' : null;
  if (outcome) {
    approval.finalDecision = outcome;
    approval.completedDate = ctx.now();
    approval.active = false;
    const transitionId = outcome === 'approved' ? approval.config.transitionApproved : approval.config.transitionRejected;
    transitionIssue(ctx, issue, transitionId, new Map(), accountId);
  }
  return approval;
}

/** Adds a comment (ADF) and emits `avi:jira:commented:issue`. */
export function addComment(ctx: OpContext, issue: IssueRec, body: unknown, internal: boolean): CommentRec {
  if (issue.comments.length >= COMMENTS_PER_ISSUE_MAX) throw new SiteError(413, `The issue has reached the limit of ${COMMENTS_PER_ISSUE_MAX} comments.`);
  const now = ctx.now();
  const comment: CommentRec = { id: ctx.model.nextCommentId(), author: ctx.model.actorId(ctx.caller), body, created: now, updated: now, internal };
  issue.comments.push(comment);
  issue.updated = now;
  ctx.emit(buildCommentedEvent(ctx.model, issue, comment, ctx.caller));
  return comment;
}

/** Validates an issue property against Jira's limits; returns whether it was new. */
export function setIssueProperty(issue: IssueRec, key: string, rawBody: string | undefined): boolean {
  if (key.length === 0 || key.length > PROPERTY_KEY_MAX_CHARS) throw new SiteError(400, `The property key must be between 1 and ${PROPERTY_KEY_MAX_CHARS} characters.`);
  if (rawBody === undefined || rawBody.trim() === '') throw new SiteError(400, 'The property value must be valid JSON.');
  if (Buffer.byteLength(rawBody, 'utf8') > PROPERTY_VALUE_MAX_BYTES) throw new SiteError(400, `The property value is too large: the limit is ${PROPERTY_VALUE_MAX_BYTES} bytes.`);
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    throw new SiteError(400, 'The property value must be valid JSON.');
  }
  const isNew = !issue.properties.has(key);
  issue.properties.set(key, value);
  return isNew;
}
